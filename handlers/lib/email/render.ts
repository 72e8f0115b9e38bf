import Handlebars from 'handlebars';
import { COMPILED_TEMPLATES } from './templates.generated.js';

/** A template name the build did not produce. */
export class UnknownTemplateError extends Error {
  override readonly name = 'UnknownTemplateError';
}

const cache = new Map<string, Handlebars.TemplateDelegate>();

/**
 * Fills a compiled email template with its view-model. Handlebars escapes every `{{value}}`, so
 * untrusted strings (alarm names, descriptions, account names) cannot add markup.
 */
export function renderHtml(template: string, viewModel: object): string {
  let compiled = cache.get(template);
  if (!compiled) {
    const source = COMPILED_TEMPLATES[template];
    if (source === undefined) {
      throw new UnknownTemplateError(`no compiled template "${template}"; run npm run build:templates`);
    }
    compiled = Handlebars.compile(source, { strict: false, knownHelpersOnly: true });
    cache.set(template, compiled);
  }
  return compiled(viewModel);
}
