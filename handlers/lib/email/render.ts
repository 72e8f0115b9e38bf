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
  // Korean keeps its words whole (keep-all) inline on every text element, because clients that drop
  // the body's lang class (Yahoo) never apply a head rule for it, and Korean names appear in emails
  // of any locale. keep-all changes nothing for Latin text; Japanese breaks between characters as
  // usual. Long strings still wrap: the templates put overflow-wrap: anywhere beside it.
  const lang = 'lang' in viewModel ? viewModel.lang : undefined;
  return compiled({ ...viewModel, wordBreak: lang === 'ja' ? 'normal' : 'keep-all' });
}
