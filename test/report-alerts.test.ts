import { describe, expect, it } from 'vitest';
import { formatter } from '../handlers/lib/email/format.js';
import { translator } from '../handlers/lib/email/messages.js';
import { renderHtml } from '../handlers/lib/email/render.js';
import { ORG_REPORT } from '../handlers/lib/email/templates.generated.js';
import { durationText, median, recentFigures } from '../handlers/lib/report/alerts-section.js';
import { reportChatMessage } from '../handlers/lib/report/report-chat.js';
import { reportText } from '../handlers/lib/report/report-text.js';
import { reportViewModel } from '../handlers/lib/report/report-view-model.js';
import { found, missing, type Result } from '../handlers/lib/result.js';
import {
  type AlertHistoryEntry,
  type AlertRecord,
  applyEntry,
  type HeldTransition,
} from '../handlers/lib/state/alert-rules.js';
import { exampleConfig } from './helpers/config.js';
import { TEST_NOW, testSnapshot } from './helpers/snapshot.js';

const config = exampleConfig();
const f = formatter(config.locale, 'USD', config.timeZone);
const t = translator(config.locale);
const hoursAgo = (h: number) => new Date(TEST_NOW.getTime() - h * 3_600_000).toISOString();
const hoursAhead = (h: number) => new Date(TEST_NOW.getTime() + h * 3_600_000).toISOString();
const opened = (at: string): AlertHistoryEntry => ({
  state: 'open',
  at,
  by: 'billing-alarms',
  cause: 'crossing',
});

/** An alert after its entries, with the transitions its snooze held. */
function alert(
  accountId: string,
  rung: string,
  entries: AlertHistoryEntry[],
  held: HeldTransition[] = [],
): AlertRecord {
  const record = entries.reduce<AlertRecord | undefined>(
    (r, e) => applyEntry(r, accountId, rung, e),
    undefined,
  ) as AlertRecord;
  return held.length > 0 ? { ...record, held } : record;
}

const snapshot = testSnapshot([
  { id: '210000000001', name: 'payments <prod>', current: 900 },
  { id: '210000000002', name: 'data-lake', current: 500 },
  { id: '210000000003', name: 'sandbox', current: 100 },
]);

const alerts: AlertRecord[] = [
  alert(
    '210000000001',
    'critical',
    [
      opened(hoursAgo(30)),
      { state: 'snoozed', at: hoursAgo(20), by: 'ana', until: hoursAhead(28), note: 'load test' },
    ],
    [
      { alarm: 'ALARM', at: hoursAgo(30 - 0.5), under: 'snoozed' },
      { alarm: 'OK', at: hoursAgo(6), under: 'snoozed' },
      { alarm: 'ALARM', at: hoursAgo(2), under: 'snoozed' },
    ],
  ),
  alert('210000000001', 'warning', [
    opened(hoursAgo(10)),
    { state: 'acknowledged', at: hoursAgo(8), by: 'bo', note: 'looking' },
  ]),
  alert('210000000002', 'critical', [
    opened(hoursAgo(5)),
    { state: 'planned', at: hoursAgo(4), by: 'cy', until: hoursAhead(72), note: 'migration' },
  ]),
  alert('210000000002', 'warning', [opened(hoursAgo(3))]),
  // Resolved: counted in the 30 days, not listed as current.
  alert('210000000003', 'warning', [
    opened(hoursAgo(100)),
    { state: 'acknowledged', at: hoursAgo(96), by: 'di' },
    { state: 'resolved', at: hoursAgo(90), by: 'cloudwatch', cause: 'ok' },
  ]),
  // Forty days ago: outside every window.
  alert('210000000003', 'critical', [opened(hoursAgo(40 * 24))]),
];

const viewOf = (read: Result<readonly AlertRecord[]> = found(alerts)) =>
  reportViewModel({ snapshot, coverage: missing('denied'), config, alerts: read, now: TEST_NOW });

describe('report alerts section', () => {
  it('lists each open, acknowledged, snoozed and planned alert with who and until when; resolved ones are left out', () => {
    const section = viewOf().alerts;

    expect(section?.unavailable).toBeNull();
    expect(section?.current.rows.map((r) => [r.name, r.detail])).toEqual([
      [
        'payments <prod> (210000000001)',
        `Critical: snoozed by ana until ${f.dateTime(hoursAhead(28))} — load test`,
      ],
      [
        'payments <prod> (210000000001)',
        `Warning: acknowledged by bo at ${f.dateTime(hoursAgo(8))} — looking`,
      ],
      ['data-lake (210000000002)', `Critical: planned by cy until ${f.dateTime(hoursAhead(72))} — migration`],
      ['data-lake (210000000002)', `Warning: open since ${f.dateTime(hoursAgo(3))}`],
    ]);
  });

  it('counts and names the transitions a snooze held in the last day, and leaves older ones out of the list', () => {
    const held = viewOf().alerts?.held;

    expect(held?.rows).toHaveLength(1);
    expect(held?.rows[0]?.detail).toBe(
      `Critical: 2 transitions held — OK at ${f.dateTime(hoursAgo(6))}, ALARM at ${f.dateTime(hoursAgo(2))}`,
    );
  });

  it('gives each account its last 30 days: crossings with those held, and the median time to acknowledge', () => {
    const figures = recentFigures(alerts, TEST_NOW);

    expect(figures).toEqual([
      // Two openings and the two ALARMs the snooze held; acknowledged after 2 h.
      { accountId: '210000000001', crossings: 4, held: 2, ackMs: [2 * 3_600_000] },
      { accountId: '210000000002', crossings: 2, held: 0, ackMs: [] },
      { accountId: '210000000003', crossings: 1, held: 0, ackMs: [4 * 3_600_000] },
    ]);
    expect(viewOf().alerts?.recent?.rows.map((r) => r.detail)).toEqual([
      '4 crossings (2 held while snoozed or planned); median time to acknowledge 2 h 0 min (1 acknowledged)',
      '2 crossings (0 held while snoozed or planned); none acknowledged',
      '1 crossing (0 held while snoozed or planned); median time to acknowledge 4 h 0 min (1 acknowledged)',
    ]);
  });

  it('takes the median of an even count as the mean of the middle two, and words durations by size', () => {
    expect(median([30, 10, 40, 20])).toBe(25);
    expect(median([])).toBeUndefined();
    expect(durationText(42 * 60_000, t)).toBe('42 min');
    expect(durationText(125 * 60_000, t)).toBe('2 h 5 min');
    expect(durationText(50 * 3_600_000, t)).toBe('2 d 2 h');
  });

  it('says so in the section, the text and the chat summary when the alerts could not be read', () => {
    const vm = viewOf(missing('denied'));

    expect(vm.alerts?.unavailable).toBe(
      'The alerts could not be read (access denied): acknowledged, snoozed and planned alerts are not listed in this report.',
    );
    expect(reportText(vm)).toContain(`  ${vm.alerts?.unavailable}`);
    expect(renderHtml(ORG_REPORT, vm)).toContain('The alerts could not be read (access denied)');
    const chat = reportChatMessage(vm, '2026-11');
    expect(chat.sections.find((s) => s.heading === vm.alerts?.heading)?.lines).toEqual([
      vm.alerts?.unavailable,
    ]);
  });

  it('renders the rows in the HTML with escaped names and whole account ids, and in the text part', () => {
    const vm = viewOf();
    const html = renderHtml(ORG_REPORT, vm);
    const text = reportText(vm);

    expect(html).toContain('payments &lt;prod&gt; <span');
    expect(html).toContain('white-space:nowrap">(210000000001)</span>');
    expect(html).toContain('Critical: snoozed by ana until');
    expect(html).toContain('Held while snoozed or planned (last day)');
    expect(text).toContain('    - data-lake (210000000002): Critical: planned by cy until');
    expect(text).toContain('Alerts in the last 30 days, per account:');
  });

  it('says nothing is open when every alert is resolved, and has no section when alerts are not read', () => {
    const none = viewOf(found([alerts[4] as AlertRecord])).alerts;
    const without = reportViewModel({ snapshot, coverage: missing('denied'), config });

    expect(none?.current.rows).toEqual([]);
    expect(none?.current.empty).toBe('No alert is open, acknowledged, snoozed or planned.');
    expect(without.alerts).toBeNull();
    expect(reportText(without)).not.toContain('Alerts answered and open');
  });
});
