import { describe, expect, it } from 'vitest';
import {
  type EstimateToReconcile,
  reconcileEstimates,
} from '../handlers/lib/analysis/estimate-reconciliation.js';
import type { GroupedCost } from '../handlers/lib/costs/cost-queries.js';

const ACCOUNT = '210000000001';
const P5 = 'BoxUsage:p5.48xlarge';
const today = '2026-11-20';

const estimate = (at: string, count = 1, alerted = true): EstimateToReconcile => ({
  accountId: ACCOUNT,
  at,
  region: 'us-east-1',
  alerted,
  items: [{ type: 'p5.48xlarge', count, perHour: 55.04, usageType: P5 }],
});
const billed = (start: string, amount: number, usageType = P5, account = ACCOUNT): GroupedCost => ({
  start,
  keys: [account, usageType],
  amount,
});

describe('reconciling fast-burn estimates with billed EC2 usage', () => {
  it('compares a launch three days ago with the hours billed through yesterday, close to the estimate', () => {
    const launched = estimate('2026-11-17T00:00:00Z');
    const days = ['2026-11-17', '2026-11-18', '2026-11-19'].map((d) => billed(d, 1_200));

    const [line] = reconcileEstimates([launched], days, today);

    // 72 hours × $55.04 = $3,962.88 estimated; $3,600 billed.
    expect(line).toMatchObject({
      status: 'covered',
      days: { start: '2026-11-17', end: '2026-11-19' },
      billed: 3_600,
      verdict: 'close',
      later: 0,
    });
    expect(line?.estimated).toBeCloseTo(3_962.88, 6);
    expect(line?.ratio).toBeCloseTo(3_600 / 3_962.88, 6);
  });

  it('says awaiting billing data, not a billed zero, when Cost Explorer has no EC2 usage of the account since the launch', () => {
    const launched = estimate('2026-11-19T22:00:00Z');
    const otherAccount = billed('2026-11-19', 50, P5, '210000000002');
    const dayBefore = billed('2026-11-18', 10, 'BoxUsage:m5.xlarge');

    const [line] = reconcileEstimates([launched], [otherAccount, dayBefore], today);

    expect(line).toMatchObject({ status: 'awaiting', later: 1 });
    expect(line?.billed).toBeUndefined();
    expect(line?.estimated).toBeUndefined();
  });

  it('is partial when the account’s billed days stop before yesterday, and counts only the hours up to them', () => {
    const launched = estimate('2026-11-17T12:00:00Z', 2);
    // Other EC2 usage shows the 17th arrived; nothing of the account for the 18th and 19th yet.
    const days = [billed('2026-11-17', 1_300), billed('2026-11-17', 5, 'BoxUsage:t3.micro')];

    const [line] = reconcileEstimates([launched], days, today);

    // 12 hours × 2 × $55.04 = $1,320.96.
    expect(line).toMatchObject({ status: 'partial', days: { start: '2026-11-17', end: '2026-11-17' } });
    expect(line?.estimated).toBeCloseTo(1_320.96, 6);
    expect(line?.billed).toBe(1_300);
    expect(line?.verdict).toBe('close');
  });

  it('reads billed above the estimate as over and well below it as under', () => {
    const over = reconcileEstimates(
      [estimate('2026-11-19T00:00:00Z')],
      [billed('2026-11-19', 55.04 * 24 * 2)],
      today,
    )[0];
    const under = reconcileEstimates(
      [estimate('2026-11-19T00:00:00Z')],
      [billed('2026-11-19', 55.04 * 2)],
      today,
    )[0];

    expect(over).toMatchObject({ verdict: 'over' });
    expect(over?.ratio).toBeCloseTo(2, 6);
    expect(under).toMatchObject({ verdict: 'under' });
    expect(under?.ratio).toBeCloseTo(2 / 24, 6);
  });

  it('reconciles launches of one account and type together (billed hours cannot be split), later ones awaiting', () => {
    const earlier = estimate('2026-11-18T00:00:00Z', 1, true);
    const counted = estimate('2026-11-18T12:00:00Z', 1, false);
    const today9am = estimate('2026-11-20T09:00:00Z', 2, true);
    const days = [billed('2026-11-18', 1_980), billed('2026-11-19', 2_640)];

    const lines = reconcileEstimates([earlier, counted, today9am], days, today);

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      count: 4,
      launches: 3,
      alerted: 2,
      firstAt: '2026-11-18T00:00:00Z',
      status: 'covered',
      billed: 4_620,
      later: 1,
    });
    // (48 h + 36 h) × $55.04: today's launch adds no hours to the billed days.
    expect(lines[0]?.estimated).toBeCloseTo(84 * 55.04, 6);
    expect(lines[0]?.hourly).toBeCloseTo(4 * 55.04, 6);
  });

  it('never counts today, whose usage Cost Explorer does not have whole', () => {
    const launched = estimate('2026-11-19T00:00:00Z');

    const [line] = reconcileEstimates([launched], [billed('2026-11-19', 1_321), billed(today, 400)], today);

    expect(line).toMatchObject({ days: { start: '2026-11-19', end: '2026-11-19' }, billed: 1_321 });
  });
});
