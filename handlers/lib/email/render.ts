import Handlebars from 'handlebars/runtime';

const cache = new WeakMap<TemplateSpecification, Handlebars.TemplateDelegate>();

/**
 * Fills a precompiled email template (from `templates.generated.js`) with its view-model.
 * Handlebars escapes every `{{value}}`, so untrusted strings (alarm names, descriptions, account
 * names) cannot add markup.
 */
export function renderHtml(template: TemplateSpecification, viewModel: object): string {
  let compiled = cache.get(template);
  if (!compiled) {
    compiled = Handlebars.template(template);
    cache.set(template, compiled);
  }
  return compiled(viewModel);
}
