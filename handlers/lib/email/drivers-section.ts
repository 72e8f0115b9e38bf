import type { ServiceDrivers } from '../analysis/drivers.js';
import { addDays, type DateRange } from '../costs/periods.js';
import type { Result } from '../result.js';
import { changeColor } from './change-color.js';
import { type Formatter, nameText } from './format.js';
import { type Locale, reasonText, type Translate } from './messages.js';

/** One service's typed change, as every message shows it. */
export interface DriverRow {
  /** "Amazon EC2 +$2,640.00: usage +$2,410.00 (BoxUsage:m7i.4xlarge +1,840 h), rate +$230.00, credits +$0.00" */
  readonly text: string;
  /** What the change mostly is ("mostly usage"). */
  readonly mostly: string;
  readonly kind: ServiceDrivers['mostly'];
  readonly color: string;
}

/** The "why it moved" block of the alarm email, the report and chat. */
export interface DriversSection {
  readonly heading: string;
  readonly rows: DriverRow[];
  /** Limits and notes (mixed units, AWS's drivers unavailable). */
  readonly notes: string[];
  /** How the split was made, for the footer. */
  readonly method: string;
}

/** Where the drivers came from: computed from usage types, or AWS's own comparison drivers. */
export type DriversSource = 'computed' | 'costComparisonDrivers';

/** Cost Explorer's quantity units as a reader writes them. */
const UNITS: Record<string, string> = { Hrs: 'h', Hours: 'h', Hour: 'h' };

/** A signed amount: `+$2.00`, `−$2.00` (a true minus sign). */
export function signedMoney(f: Formatter, amount: number): string {
  return `${amount < 0 ? '−' : '+'}${f.money(Math.abs(amount))}`;
}

/** One service's line (see {@link DriverRow.text}). */
export function driverLine(
  d: ServiceDrivers,
  t: Translate,
  f: Formatter,
  locale: Locale,
  /** The credit lines were not read (an alarm's one request): the line has no credits part. */
  creditsUnread = false,
): string {
  const top = d.usageTypes[0];
  const quantity = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const unit = top ? (UNITS[top.unit] ?? top.unit) : '';
  const topText =
    top && top.quantityDelta !== 0
      ? ` (${nameText(top.usageType)} ${top.quantityDelta < 0 ? '−' : '+'}${quantity.format(Math.abs(top.quantityDelta))}${unit && unit !== 'N/A' ? ` ${unit}` : ''})`
      : '';
  return t(creditsUnread ? 'drivers.lineUsage' : 'drivers.line', {
    service: nameText(d.service),
    change: signedMoney(f, d.change),
    usage: signedMoney(f, d.usage),
    top: topText,
    rate: signedMoney(f, d.rate),
    credits: signedMoney(f, d.credits),
  });
}

/**
 * The drivers block: one line per service (coloured when material against `materialBase`), the
 * notes and the method. Undefined drivers (not asked for) show nothing; a failure says its reason.
 */
export function driversSection(
  drivers: Result<ServiceDrivers[]> | undefined,
  periods: { current: DateRange; comparison: DateRange } | undefined,
  materialBase: number,
  ctx: {
    t: Translate;
    f: Formatter;
    locale: Locale;
    source?: DriversSource;
    sourceNote?: string;
    /** Split from usage types alone (an alarm's one request): no credits part, said in the method. */
    creditsUnread?: boolean;
  },
): DriversSection | null {
  if (!drivers || !periods) return null;
  const { t, f, locale } = ctx;
  const range = (r: DateRange) => `${f.date(r.start)} – ${f.date(addDays(r.end, -1))}`;
  const heading = t('drivers.heading', {
    current: range(periods.current),
    comparison: range(periods.comparison),
  });
  const method = t(
    ctx.source === 'costComparisonDrivers'
      ? 'drivers.awsMethod'
      : ctx.creditsUnread
        ? 'drivers.usageMethod'
        : 'drivers.method',
  );
  if (!drivers.ok) {
    return {
      heading,
      rows: [],
      notes: [t('drivers.unavailable', { reason: reasonText(t, drivers.reason) })],
      method,
    };
  }
  if (drivers.value.length === 0) return null;
  return {
    heading,
    rows: drivers.value.map((d) => ({
      text: driverLine(d, t, f, locale, ctx.creditsUnread),
      mostly: t(`drivers.mostly.${d.mostly}`),
      kind: d.mostly,
      color: changeColor(d.change, materialBase),
    })),
    notes: [
      ...(ctx.sourceNote ? [ctx.sourceNote] : []),
      ...drivers.value
        .filter((d) => d.mixedUnits)
        .map((d) => t('drivers.mixedUnits', { service: nameText(d.service) })),
    ],
    method,
  };
}
