import { singleLine } from './format.js';
import type { Locale } from './messages.js';

/** A short notice to people, not a report: a headline, a few paragraphs and one link. */
export interface NoticeViewModel {
  readonly lang: Locale;
  readonly subject: string;
  readonly preheader: string;
  readonly headline: string;
  readonly accentColor: string;
  readonly paragraphs: string[];
  readonly link: { url: string; label: string };
  readonly asOf: null;
  readonly basis: string[];
  readonly footer: string;
}

/** Builds a notice; the body's blank lines separate paragraphs. */
export function noticeViewModel(input: {
  lang: Locale;
  subject: string;
  headline: string;
  body: string;
  accentColor: string;
  link: { url: string; label: string };
  footer: string;
  /** What the amounts are, when the notice shows Cost Explorer's figures. */
  basis?: string[];
}): NoticeViewModel {
  const paragraphs = input.body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return {
    lang: input.lang,
    subject: singleLine(input.subject, 250),
    preheader: singleLine(paragraphs[0] ?? input.headline, 200),
    headline: input.headline,
    accentColor: input.accentColor,
    paragraphs,
    link: input.link,
    asOf: null,
    basis: input.basis ?? [],
    footer: input.footer,
  };
}

/** The plain-text part of a notice. */
export function noticeText(vm: NoticeViewModel): string {
  return [
    vm.headline,
    '',
    ...vm.paragraphs.flatMap((p) => [p, '']),
    `${vm.link.label}: ${vm.link.url}`,
    '',
    ...vm.basis,
    vm.footer,
    '',
  ].join('\n');
}
