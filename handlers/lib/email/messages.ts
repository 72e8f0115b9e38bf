import type { LOCALES } from '../../contract/config/schema.js';
import { type Catalogue, en, type MessageKey } from './messages/en.js';
import { ja } from './messages/ja.js';
import { ko } from './messages/ko.js';

export type { MessageKey } from './messages/en.js';

/** A locale of the message catalogue. */
export type Locale = (typeof LOCALES)[number];

const catalogues: Record<Locale, Catalogue> = { en, ko, ja };

/** A function that looks up a message and fills its `{placeholders}`. */
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** The translate function of a locale. */
export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  return (key, values = {}) =>
    catalogue[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
}
