import type { Locale } from './messages.js';

/** Locale-aware formatting of amounts, percentages and dates for one email. */
export interface Formatter {
  money(amount: number): string;
  /** A whole number with grouping, e.g. 4,995. */
  count(value: number): string;
  percent(value: number, signed?: boolean): string;
  date(isoDate: string): string;
  dateTime(iso: string): string;
  shortDate(isoDate: string): string;
  /** The day of the month alone, for chart labels that must fit a phone screen. */
  dayOfMonth(isoDate: string): string;
}

/** A formatter for a locale, currency and IANA time zone. */
export function formatter(locale: Locale, currency: string, timeZone: string): Formatter {
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2 });
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const pct = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  // Cost Explorer dates are UTC days; show them as days, not shifted into the reader's zone.
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const short = new Intl.DateTimeFormat(locale, { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
  const dom = new Intl.DateTimeFormat(locale, { day: 'numeric', timeZone: 'UTC' });
  const stamp = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  });
  return {
    money: (amount) => money.format(Math.round(amount * 100) / 100 + 0),
    count: (value) => integer.format(value),
    percent: (value, signed = false) => `${signed && value > 0 ? '+' : ''}${pct.format(value)}%`,
    date: (d) => day.format(new Date(`${d}T00:00:00Z`)),
    shortDate: (d) => short.format(new Date(`${d}T00:00:00Z`)),
    dayOfMonth: (d) => dom.format(new Date(`${d}T00:00:00Z`)),
    dateTime: (iso) => (Number.isNaN(Date.parse(iso)) ? iso : stamp.format(new Date(iso))),
  };
}

/** Makes an untrusted string safe for a one-line subject: no line breaks or control characters. */
export function singleLine(text: string, max = 200): string {
  const isBreaking = (code: number) => code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029;
  const flat = Array.from(text, (ch) => (isBreaking(ch.charCodeAt(0)) ? ' ' : ch))
    .join('')
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
