import { describe, expect, it } from 'vitest';
import { sampleEvent } from '../cli/sample-event.js';
import { policyFor } from '../handlers/contract/config/thresholds.js';
import { verifyBillingAlarm } from '../handlers/lib/alarm/alarm-event.js';
import { alarmText } from '../handlers/lib/alarm/alarm-text.js';
import { alarmViewModel } from '../handlers/lib/alarm/alarm-view-model.js';
import { ALARM_COLORS } from '../handlers/lib/alarm/colors.js';
import { CHANGE_COLORS, changeColor, isMaterial } from '../handlers/lib/email/change-color.js';
import { CHART_HEIGHT, CHART_LINE, columnCells, niceCeiling } from '../handlers/lib/email/chart.js';
import { renderHtml } from '../handlers/lib/email/render.js';
import { ALARM_EMAIL } from '../handlers/lib/email/templates.generated.js';
import { found } from '../handlers/lib/result.js';
import { exampleConfig } from './helpers/config.js';
import { TEST_NOW, testFigures } from './helpers/snapshot.js';

const config = exampleConfig();
const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;
const fortnight = (amount: (d: number) => number) =>
  Object.fromEntries(Array.from({ length: 14 }, (_, i) => [day(6 + i), amount(6 + i)]));
/** $150 a day, $900 over the last three days; Service B moves by $0.99. */
const dailyByService = {
  'Service A': fortnight((d) => (d >= 17 ? 900 : 150)),
  'Service B': fortnight((d) => (d >= 17 ? 10.33 : 10)),
};
const daily = fortnight((d) => (d >= 17 ? 910.33 : 160));

/** An alarm of prod-payments (warning $4,000, critical $6,000) in `tier`. */
function view(tier: 'warning' | 'critical') {
  const event = sampleEvent(config, { account: '210000000001', rung: tier, charges: 4500, now: TEST_NOW });
  const verdict = verifyBillingAlarm(event, { alarmNamePrefix: 'billing-alarm-' });
  if (!verdict.ok) throw new Error(verdict.reason);
  return alarmViewModel({
    alarm: verdict.value,
    policy: policyFor(config, verdict.value.accountId),
    figures: found(
      testFigures({ byService: { 'Service A': 4000, 'Service B': 200 }, daily, dailyByService }),
    ),
    locale: 'en',
    timeZone: 'Asia/Seoul',
    organizationId: 'o-a1b2c3d4e5',
    currency: 'USD',
    now: TEST_NOW,
  });
}

describe('alarm chart and colours', () => {
  it('charts a warning alarm against its own amount: pace line, shares and text name the warning threshold', () => {
    const vm = view('warning');

    expect(vm.trend?.pace).toBe(
      'Threshold pace (the line): $133.33 a day, which spends exactly the warning threshold ($4,000.00) over the 30 days of the month.',
    );
    expect(vm.forecast?.lines[0]?.text).toMatch(/ of the warning threshold \(\$4,000\.00\)$/);
    // $160 a day is over the warning pace ($133.33): amber, never the tier's red.
    expect(vm.trend?.bars.map((b) => b.color)).toEqual(Array(14).fill(ALARM_COLORS.over));
    expect(ALARM_COLORS.over).not.toBe(ALARM_COLORS.critical);
  });

  it('charts a critical alarm against the critical pace: only the days above $200 are over', () => {
    const vm = view('critical');

    expect(vm.trend?.bars.filter((b) => b.color === ALARM_COLORS.over).map((b) => b.label)).toEqual([
      '17',
      '18',
      '19',
    ]);
  });

  it('draws a round value axis and the pace line in every column, each column exactly the chart’s height', () => {
    const vm = view('warning');

    // $910.33 on an axis up to $1,000.
    expect(vm.trend?.axis.rows.map((r) => r.label)).toEqual(['$1K', '$500', '$0']);
    expect(vm.trend?.axis.rows.reduce((s, r) => s + r.height, 0)).toBe(CHART_HEIGHT);
    for (const bar of vm.trend?.bars ?? []) {
      expect(bar.cells.reduce((s, c) => s + c.height, 0)).toBe(CHART_HEIGHT);
      expect(bar.cells.filter((c) => c.color === CHART_LINE)).toEqual([{ height: 1, color: CHART_LINE }]);
    }
    expect(vm.trend?.legend.at(-1)).toEqual({
      name: 'threshold pace, $133.33 a day',
      color: CHART_LINE,
      height: 2,
    });
  });

  it('lists every bar’s total in the text part, marking the days above the pace', () => {
    const text = alarmText(view('critical'));

    expect(text).toContain('  Nov 16, 2026: $160.00\n');
    expect(text).toContain('  Nov 17, 2026: $910.33 (above the threshold pace)\n');
  });

  it('puts the axis labels and the line into the HTML', () => {
    const html = renderHtml(ALARM_EMAIL, view('warning'));

    expect(html).toMatch(/vertical-align:top;[^"]*white-space:nowrap">\$1K<\/td>/);
    expect(html).toContain(`bgcolor="${CHART_LINE}" style="height:1px`);
  });

  it('keeps a $0.99 mover grey and a material rise amber, never alarm red', () => {
    const vm = view('critical');

    const colors = Object.fromEntries((vm.movers?.rows ?? []).map((r) => [r.name, r.color]));
    expect(colors).toEqual({ 'Service A': CHANGE_COLORS.up, 'Service B': CHANGE_COLORS.flat });
  });
});

describe('chart and change helpers', () => {
  it('rounds the axis up to 1, 2, 2.5 or 5 × 10ⁿ', () => {
    expect([0, 0.9, 163, 1000, 2137, 4282.15].map(niceCeiling)).toEqual([0, 1, 200, 1000, 2500, 5000]);
  });

  it('draws the line across the empty space or inside the bar', () => {
    expect(columnCells(20, 'b', 30)).toEqual([
      { height: 66, color: '#ffffff' },
      { height: 1, color: CHART_LINE },
      { height: 9, color: '#ffffff' },
      { height: 20, color: 'b' },
    ]);
    expect(columnCells(50, 'b', 30)).toEqual([
      { height: 46, color: '#ffffff' },
      { height: 20, color: 'b' },
      { height: 1, color: CHART_LINE },
      { height: 29, color: 'b' },
    ]);
  });

  it('calls a change material from 1% of the reference, in any currency', () => {
    expect(isMaterial(0.99, 6000)).toBe(false);
    expect(isMaterial(60, 6000)).toBe(true);
    expect(isMaterial(-600_000, 30_000_000)).toBe(true);
    expect(changeColor(-60, 6000)).toBe(CHANGE_COLORS.down);
    expect(changeColor(0, 6000)).toBe(CHANGE_COLORS.flat);
  });
});
