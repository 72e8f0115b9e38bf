import { describe, expect, it } from 'vitest';
import { addDays, billingPeriods, isoDate, localDate, reportPeriods } from '../handlers/lib/costs/periods.js';

/** The instant a local wall-clock time in a zone stands for (zones here have no DST in December). */
function at(local: string, offsetHours: number): Date {
  return new Date(Date.parse(`${local}Z`) - offsetHours * 3_600_000);
}

/** Cost Explorer as usual: data through the UTC day before the run. */
const refreshed = (now: Date) => addDays(isoDate(now), -1);

describe('report periods at the month boundary (the reader’s month, Cost Explorer’s UTC days)', () => {
  const closedNovember = {
    mode: 'monthClose',
    month: { start: '2026-11-01', end: '2026-12-01' },
    current: { start: '2026-11-01', end: '2026-12-01' },
    comparison: { start: '2026-10-01', end: '2026-11-01' },
    daysLeft: 0,
  };

  it.each([
    ['Asia/Seoul', 9, '2026-12-01T00:30:00', closedNovember],
    ['Asia/Seoul', 9, '2026-12-01T23:30:00', closedNovember],
    ['America/Los_Angeles', -8, '2026-12-01T00:30:00', closedNovember],
    [
      'America/Los_Angeles',
      -8,
      '2026-12-01T23:30:00',
      // 07:30 UTC on the 2nd: Cost Explorer has the 1st, so December is month to date again.
      {
        mode: 'monthToDate',
        month: { start: '2026-12-01', end: '2027-01-01' },
        current: { start: '2026-12-01', end: '2026-12-02' },
        comparison: { start: '2026-11-01', end: '2026-11-02' },
        daysLeft: 30,
      },
    ],
    ['UTC', 0, '2026-12-01T00:30:00', closedNovember],
    ['UTC', 0, '2026-12-01T23:30:00', closedNovember],
  ] as const)('%s at %s local on the 1st', (zone, offset, local, expected) => {
    const now = at(local, offset);

    const p = reportPeriods(now, zone, refreshed(now));

    expect(p.localToday).toBe(local.slice(0, 10));
    expect(p).toMatchObject(expected);
  });

  it('closes the month before while Cost Explorer has not refreshed the new month’s first day', () => {
    const now = new Date('2026-12-02T03:00:00Z');

    expect(reportPeriods(now, 'Asia/Seoul', '2026-11-30')).toMatchObject({ mode: 'monthClose' });
    expect(reportPeriods(now, 'Asia/Seoul', '2026-12-01')).toMatchObject({
      mode: 'monthToDate',
      current: { start: '2026-12-01', end: '2026-12-02' },
    });
  });

  it('closes December on New Year’s Day and compares it with November, across the year', () => {
    const now = at('2027-01-01T12:00:00', 9);

    expect(reportPeriods(now, 'Asia/Seoul', refreshed(now))).toMatchObject({
      mode: 'monthClose',
      month: { start: '2026-12-01', end: '2027-01-01' },
      comparison: { start: '2026-11-01', end: '2026-12-01' },
    });
    const second = new Date('2027-01-02T09:00:00Z');
    expect(reportPeriods(second, 'UTC', '2027-01-01')).toMatchObject({
      mode: 'monthToDate',
      current: { start: '2027-01-01', end: '2027-01-02' },
      comparison: { start: '2026-12-01', end: '2026-12-02' },
    });
  });

  it('is month to date through the last day with data, against the same days last month (capped at its end)', () => {
    expect(reportPeriods(new Date('2026-11-20T03:00:00Z'), 'Asia/Seoul', '2026-11-19')).toMatchObject({
      mode: 'monthToDate',
      current: { start: '2026-11-01', end: '2026-11-20' },
      comparison: { start: '2026-10-01', end: '2026-10-20' },
      trend: { start: '2026-11-06', end: '2026-11-20' },
      daysLeft: 11,
    });
    expect(reportPeriods(new Date('2026-03-31T12:00:00Z'), 'UTC', '2026-03-30').comparison).toEqual({
      start: '2026-02-01',
      end: '2026-03-01',
    });
  });

  it('keeps the same-days comparison fair when Cost Explorer lags a day', () => {
    expect(reportPeriods(new Date('2026-11-20T03:00:00Z'), 'UTC', '2026-11-18')).toMatchObject({
      current: { start: '2026-11-01', end: '2026-11-19' },
      comparison: { start: '2026-10-01', end: '2026-10-19' },
    });
  });
});

describe('billing periods (the alarm’s month is UTC, like the metric)', () => {
  it('stays in the billing month even when the reader’s calendar has turned', () => {
    // 00:30 on Dec 1 in Seoul is still November in UTC.
    expect(billingPeriods(new Date('2026-11-30T15:30:00Z'), '2026-11-29')).toMatchObject({
      mode: 'monthToDate',
      month: { start: '2026-11-01', end: '2026-12-01' },
      current: { start: '2026-11-01', end: '2026-11-30' },
    });
  });

  it('has a one-day month to date on the 1st, with nothing yet', () => {
    expect(billingPeriods(new Date('2026-12-01T03:00:00Z'), null)).toMatchObject({
      current: { start: '2026-12-01', end: '2026-12-02' },
      comparison: { start: '2026-11-01', end: '2026-11-02' },
    });
  });
});

describe('local dates', () => {
  it('takes the reader’s day in their zone', () => {
    const instant = new Date('2026-11-30T15:30:00Z');

    expect(localDate(instant, 'Asia/Seoul')).toBe('2026-12-01');
    expect(localDate(instant, 'America/Los_Angeles')).toBe('2026-11-30');
    expect(localDate(instant, 'UTC')).toBe('2026-11-30');
  });
});
