import { percentChange } from '../analysis/trends.js';
import { sum } from '../costs/money.js';
import { addDays, addMonths, daysBetween } from '../costs/periods.js';
import type { CostSnapshot } from '../costs/snapshot-schema.js';
import { changeColor } from '../email/change-color.js';
import { type Formatter, nameText } from '../email/format.js';
import type { Translate } from '../email/messages.js';
import { accountLabel, reportMovers } from './changes-section.js';

/** One figure of the headline: what it is (source and currency in the label), the amount, and beside what. */
export interface HeadlineFigure {
  readonly label: string;
  readonly value: string;
  readonly note: string;
  /** The note's colour: over, under, or neutral (see `change-color.ts`). */
  readonly color: string;
}

/** "How are we doing?" in four lines: month to date, the last day, the month's end, what moved most. */
export interface HeadlineSection {
  /** The report's day, the last day with data and when the figures were read. */
  readonly date: string;
  readonly figures: HeadlineFigure[];
}

const NEUTRAL = '#4b5563';

/** A signed percentage, or "new" when there was nothing before. */
function changeText(t: Translate, f: Formatter, current: number, before: number): string {
  const pct = percentChange(current, before);
  return pct === null ? t('report.new') : f.percent(pct, true);
}

/**
 * The headline of the report: the date and as-of time; month to date against the same days of last
 * month; the last day with data against the same weekday a week before; the forecast beside last
 * month's total (or, on a closed month, its total beside the month before); and the one account or
 * service that changed most over the movers' windows.
 */
export function headlineSection(
  snapshot: CostSnapshot,
  forecast: number | undefined,
  forecastReason: string,
  t: Translate,
  f: Formatter,
): HeadlineSection {
  const { periods, dataThrough } = snapshot;
  const closing = periods.mode === 'monthClose';
  const currency = f.currency;
  const total = sum(snapshot.accounts.map((a) => a.current));
  const before = sum(snapshot.accounts.map((a) => a.comparison));
  const month = f.month(periods.month.start);
  const previous = f.month(addMonths(periods.month.start, -1));
  const date = t('report.head.date', {
    today: f.weekdayDate(periods.localToday),
    through: dataThrough ? f.date(dataThrough) : '—',
    builtAt: f.dateTime(snapshot.builtAt),
  });
  const figures: HeadlineFigure[] = [];

  figures.push(
    closing
      ? {
          label: t('report.head.closed', { month, currency }),
          value: f.moneyBoth(total),
          note: t('report.head.closedNote', {
            change: changeText(t, f, total, before),
            previous,
            before: f.money(before),
          }),
          color: changeColor(total - before, before),
        }
      : {
          label: t('report.head.monthToDate', { currency }),
          value: f.moneyBoth(total),
          note: t('report.head.monthToDateNote', {
            change: changeText(t, f, total, before),
            count: daysBetween(periods.comparison.start, periods.comparison.end),
            previous,
            before: f.money(before),
          }),
          color: changeColor(total - before, before),
        },
  );

  if (dataThrough) {
    const last = snapshot.daily[dataThrough] ?? 0;
    const weekBefore = addDays(dataThrough, -7);
    const then = snapshot.daily[weekBefore];
    const yesterday = addDays(periods.today, -1) === dataThrough;
    figures.push({
      label: t(yesterday ? 'report.head.yesterday' : 'report.head.latestDay', {
        date: f.weekdayDate(dataThrough),
        currency,
      }),
      value: f.money(last),
      note:
        then === undefined
          ? t('report.head.dayNoteMissing', { weekday: f.weekdayDate(weekBefore) })
          : t('report.head.dayNote', {
              change: changeText(t, f, last, then),
              weekday: f.weekdayDate(weekBefore),
              before: f.money(then),
            }),
      color: then === undefined ? NEUTRAL : changeColor(last - then, then),
    });
  }

  const lastMonth =
    snapshot.previousMonthTotal === undefined
      ? t('report.head.previousUnknown', { previous })
      : t('report.head.previousTotal', { previous, amount: f.money(snapshot.previousMonthTotal) });
  if (!closing) {
    figures.push({
      label: t('report.head.forecast', { month, currency }),
      value:
        forecast === undefined
          ? t('report.forecastUnavailable', { reason: forecastReason })
          : f.moneyBoth(forecast),
      note: lastMonth,
      color:
        forecast === undefined || snapshot.previousMonthTotal === undefined
          ? NEUTRAL
          : changeColor(forecast - snapshot.previousMonthTotal, snapshot.previousMonthTotal),
    });
  }

  const movers = reportMovers(snapshot, 1);
  const names = new Map(snapshot.accounts.map((a) => [a.id, a.name]));
  const candidates = [
    ...movers.accounts.map((m) => ({ m, name: accountLabel(names.get(m.key) ?? m.key, m.key) })),
    ...movers.services.map((m) => ({ m, name: nameText(m.key) })),
  ].sort((a, b) => Math.abs(b.m.delta) - Math.abs(a.m.delta));
  const top = candidates[0];
  if (dataThrough) {
    figures.push({
      label: t('report.head.moved', { currency }),
      value: top
        ? t('report.head.movedValue', {
            name: top.name,
            delta: `${top.m.delta > 0 ? '+' : ''}${f.money(top.m.delta)}`,
          })
        : t('report.moversNone'),
      note: top ? `${f.money(top.m.before)} → ${f.money(top.m.after)}` : '',
      color: top ? changeColor(top.m.delta, total) : NEUTRAL,
    });
  }
  return { date, figures };
}
