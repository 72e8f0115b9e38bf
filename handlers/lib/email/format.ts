import type { Locale } from './messages.js';

/** A currency to show beside the billed one, at a fixed rate the configuration states. */
export interface DisplayCurrency {
  /** ISO 4217 code, e.g. KRW. */
  readonly code: string;
  /** Units of `code` per unit of the billed currency. */
  readonly rate: number;
  /** The day the rate is from, `YYYY-MM-DD`. */
  readonly asOf: string;
}

/** Locale-aware formatting of amounts, percentages and dates for one email. */
export interface Formatter {
  /** The billed currency the amounts are in (ISO 4217). */
  readonly currency: string;
  /** An amount in the billed currency, e.g. `$4,354.00`. */
  money(amount: number): string;
  /** The amount in the display currency (`≈ ₩6,007,000`), or null without one. */
  converted(amount: number): string | null;
  /** The billed amount with the display currency beside it, when there is one. */
  moneyBoth(amount: number): string;
  /** A whole number with grouping, e.g. 4,995. */
  count(value: number): string;
  percent(value: number, signed?: boolean): string;
  /** A UTC day as a date, e.g. Nov 19, 2026. */
  date(isoDate: string): string;
  /** A month as its name and year, e.g. November 2026. */
  month(isoDate: string): string;
  /** An instant in the configured time zone, with the zone. */
  dateTime(iso: string): string;
  /** The day of the month alone, for chart labels that must fit a phone screen. */
  dayOfMonth(isoDate: string): string;
  /** A UTC day with its weekday, e.g. Thu, Nov 19. */
  weekdayDate(isoDate: string): string;
  /** An amount in few characters, for chart axes, e.g. `$1.2K`. */
  compact(amount: number): string;
}

/** Day periods as the catalogues name them, where an ICU gives Latin "AM"/"PM" in a CJK locale. */
const DAY_PERIODS: Partial<Record<Locale, { AM: string; PM: string }>> = {
  ko: { AM: '오전', PM: '오후' },
  ja: { AM: '午前', PM: '午後' },
};

/** A formatter for a locale, a billed currency and an IANA time zone, with an optional display currency. */
export function formatter(
  locale: Locale,
  currency: string,
  timeZone: string,
  display?: DisplayCurrency,
): Formatter {
  const code = /^[A-Z]{3}$/.test(currency) ? currency : 'USD';
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: code });
  const other = display
    ? new Intl.NumberFormat(locale, { style: 'currency', currency: display.code, maximumFractionDigits: 0 })
    : undefined;
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const pct = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  // Cost Explorer dates are UTC days; show them as days, not shifted into the reader's zone.
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const monthName = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' });
  const dom = new Intl.DateTimeFormat(locale, { day: 'numeric', timeZone: 'UTC' });
  const weekday = new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
  const short = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: code,
    notation: 'compact',
    maximumSignificantDigits: 3,
  });
  const stamp = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  });
  const periods = DAY_PERIODS[locale];
  const round = (amount: number) => Math.round(amount * 100) / 100 + 0;
  const f: Formatter = {
    currency: code,
    money: (amount) => money.format(round(amount)),
    converted: (amount) => (display && other ? `≈ ${other.format(amount * display.rate)}` : null),
    moneyBoth: (amount) => {
      const c = f.converted(amount);
      return c ? `${f.money(amount)} (${c})` : f.money(amount);
    },
    count: (value) => integer.format(value),
    percent: (value, signed = false) => `${signed && value > 0 ? '+' : ''}${pct.format(value)}%`,
    date: (d) => day.format(new Date(`${d}T00:00:00Z`)),
    month: (d) => monthName.format(new Date(`${d.slice(0, 7)}-01T00:00:00Z`)),
    dayOfMonth: (d) => dom.format(new Date(`${d}T00:00:00Z`)),
    weekdayDate: (d) => weekday.format(new Date(`${d}T00:00:00Z`)),
    compact: (amount) => short.format(round(amount)),
    dateTime: (iso) => {
      if (Number.isNaN(Date.parse(iso))) return iso;
      return stamp
        .formatToParts(new Date(iso))
        .map((p) =>
          p.type === 'dayPeriod' && periods && (p.value === 'AM' || p.value === 'PM')
            ? (periods[p.value] ?? p.value)
            : p.value,
        )
        .join('');
    },
  };
  return f;
}

/**
 * Makes an untrusted string safe for a one-line subject or header: control characters (Unicode
 * Cc, U+0085 included) and line or paragraph separators become spaces; format characters (Unicode
 * Cf: bidi overrides such as U+202E, zero-width characters) are removed.
 */
/**
 * Names from Cost Explorer or Organizations (a service, an account) are cut to this many characters
 * in every email, chat message and answer, so a hostile or broken name cannot swell an email past
 * Gmail's clipping or a chat platform's limits.
 */
export const NAME_MAX = 80;

/** A name from AWS as one line of at most {@link NAME_MAX} characters. */
export function nameText(name: string): string {
  return singleLine(name, NAME_MAX);
}

export function singleLine(text: string, max = 200): string {
  const flat = text
    .replace(/[\p{Cc}\u2028\u2029]/gu, ' ')
    .replace(/\p{Cf}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The Cost Explorer console, filtered to one account (or the whole organisation), daily by service. */
export function costExplorerUrl(range: { start: string; end: string }, accountId?: string): string {
  const params = new URLSearchParams({
    chartStyle: 'STACK',
    costAggregate: 'unBlendedCost',
    granularity: 'Daily',
    groupBy: JSON.stringify([accountId ? 'Service' : 'LinkedAccount']),
    startDate: range.start,
    endDate: range.end,
    ...(accountId
      ? {
          filter: JSON.stringify([
            {
              dimension: { id: 'LinkedAccount', displayValue: 'Linked account' },
              operator: 'INCLUDES',
              values: [{ value: accountId, displayValue: accountId }],
            },
          ]),
        }
      : {}),
  });
  return `https://us-east-1.console.aws.amazon.com/costmanagement/home#/cost-explorer?${params.toString()}`;
}

/** A text around a 12-digit account id in parentheses, so the email can keep the id on one line. */
export interface IdParts {
  readonly lead: string;
  readonly id: string;
  readonly tail: string;
}

/** Splits `text` around its first "(123456789012)", or null when it has none. */
export function idParts(text: string): IdParts | null {
  const m = /^(.*?)\((\d{12})\)(.*)$/s.exec(text);
  return m ? { lead: m[1] ?? '', id: m[2] ?? '', tail: m[3] ?? '' } : null;
}

/**
 * Rows with their `key` text split around an account id (`parts`): the template puts the id in a
 * `white-space:nowrap` span, so a narrow column breaks names at word boundaries, never inside an id.
 */
export function withIdParts<K extends string, R extends Readonly<Record<K, string>>>(
  rows: readonly R[],
  key: K,
): (R & { parts: IdParts | null })[] {
  return rows.map((r) => ({ ...r, parts: idParts(r[key]) }));
}
