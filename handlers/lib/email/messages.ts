import type { LOCALES } from '../../contract/config/schema.js';
import { FAILURE_CODES } from '../failure.js';
import { isOneOf } from '../unknown-values.js';
import { type Catalogue, en, type MessageKey } from './messages/en.js';
import { ja } from './messages/ja.js';
import { ko } from './messages/ko.js';

export type { MessageKey } from './messages/en.js';

/** A locale of the message catalogue. */
export type Locale = (typeof LOCALES)[number];

/**
 * The bundle's locale, when the build fixed it (esbuild `define`, from the sealed configuration):
 * the other catalogues then fold away and never reach the bundle. Unset, every locale is there.
 */
const catalogues: Record<Locale, Catalogue> = {
  en,
  ko: (process.env.BILLING_ALARMS_BUNDLE_LOCALE ?? 'ko') === 'ko' ? ko : en,
  ja: (process.env.BILLING_ALARMS_BUNDLE_LOCALE ?? 'ja') === 'ja' ? ja : en,
};

/** Values of a message's `{placeholders}`; a number is formatted for the locale, and `count` picks the plural form. */
export type MessageValues = Readonly<Record<string, string | number>>;

/** A function that looks up a message and fills its `{placeholders}`. */
export type Translate = (key: MessageKey, values?: MessageValues) => string;

/** The form of a plural entry for a category (`one`, `few`, …), when the entry has it. */
function pluralForm(
  entry: { readonly one?: string; readonly other: string },
  category: string,
): string | undefined {
  return category === 'one' ? entry.one : category === 'other' ? entry.other : undefined;
}

/** The translate function of a locale. Plural forms follow `Intl.PluralRules` on the `count` value. */
export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  const plural = new Intl.PluralRules(locale);
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return (key, values = {}) => {
    const entry = catalogue[key];
    const text =
      typeof entry === 'string'
        ? entry
        : (pluralForm(entry, plural.select(Number(values.count ?? 0))) ?? entry.other);
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? number.format(value) : value;
    });
  };
}

/** A missing detail's reason in the reader's words: a known failure code, or a generic "unavailable". */
export function reasonText(t: Translate, reason: string): string {
  return isOneOf(FAILURE_CODES, reason) ? t(`reason.${reason}` as const) : t('reason.unavailable');
}
