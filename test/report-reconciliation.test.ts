import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { EC2_COMPUTE_SERVICE } from '../handlers/lib/costs/billed-usage-query.js';
import { DEFAULT_BASIS } from '../handlers/lib/costs/cost-basis.js';
import { formatter } from '../handlers/lib/email/format.js';
import { translator } from '../handlers/lib/email/messages.js';
import { reconciliationSection } from '../handlers/lib/report/reconciliation-section.js';
import { readReconciliation } from '../handlers/lib/report/report-reconciliation.js';
import { ESTIMATES_PER_DAY, EstimateLog, type KeptEstimate } from '../handlers/lib/state/estimate-log.js';
import type { CostExplorerStandIn } from '../local/cost-explorer-server.js';
import { useStateTable } from './helpers/alarm-deps.js';
import { useCostExplorerStandIn } from './helpers/ce-client.js';
import { costRow } from './helpers/cost-rows.js';

const table = useStateTable();
const now = new Date('2026-11-20T09:00:00Z');
const logger = new Logger({ logLevel: 'SILENT' });
const ACCOUNT = '210000000001';

const kept = (at: string, count = 1): KeptEstimate => ({
  accountId: ACCOUNT,
  at,
  who: 'arn:aws:sts::210000000001:assumed-role/admin/alice',
  call: 'ec2:RunInstances',
  region: 'us-east-1',
  items: [
    {
      type: 'p5.48xlarge',
      count,
      perHour: 55.04,
      usageType: 'BoxUsage:p5.48xlarge',
      sku: '3D4V8UAYEMB38GU2',
    },
  ],
  hourly: 55.04 * count,
  currency: 'USD',
  source: 'AWS Price List API (AmazonEC2)',
  alerted: true,
});
const p5Day = (date: string, cost: number) => ({
  ...costRow(date, ACCOUNT, EC2_COMPUTE_SERVICE, cost),
  usageType: 'BoxUsage:p5.48xlarge',
});

describe('fast-burn estimates against billing, in the report', () => {
  const start = useCostExplorerStandIn();
  const billedDays = ['2026-11-17', '2026-11-18', '2026-11-19'].map((d) => p5Day(d, 1_200));
  let ce: CostExplorerStandIn | undefined;
  const setUp = async () => {
    const running = await start({ costs: billedDays, now });
    ce = running.ce;
    const log = new EstimateLog(table().dynamo, table().tableName);
    const read = () =>
      readReconciliation(
        { ce: running.client, estimates: log, logger },
        { now, basis: DEFAULT_BASIS, signal: new AbortController().signal },
      );
    return { log, read };
  };
  const section = (r: Parameters<typeof reconciliationSection>[0]) =>
    reconciliationSection(r, new Map([[ACCOUNT, 'prod-payments']]), {
      t: translator('en'),
      f: formatter('en', 'USD', 'UTC'),
      metric: 'UnblendedCost',
    });

  it('makes no request and shows no section when no estimate was kept', async () => {
    const { read } = await setUp();

    const reconciled = await read();

    expect(reconciled).toBeUndefined();
    expect(ce?.stats.billed).toBe(0);
  });

  it('reconciles a kept estimate with one Cost Explorer request, labelled with sources and currency', async () => {
    const { log, read } = await setUp();
    await log.keep('launch-1', kept('2026-11-17T00:00:00Z'), now);
    await log.keep('launch-1', kept('2026-11-17T00:00:00Z'), now); // a retry is kept once
    await log.keep('launch-2', kept('2026-11-20T08:00:00Z', 2), now);

    const reconciled = await read();
    const view = reconciled && section(reconciled);

    expect(reconciled?.requests).toBe(1);
    expect(ce?.stats.billed).toBe(1);
    expect(reconciled?.estimates).toHaveLength(2);
    expect(view?.rows).toEqual([
      {
        name: 'p5.48xlarge × 3 in us-east-1, prod-payments (210000000001)',
        detail: expect.stringMatching(
          /^2 launches \(2 over the limit or a rung\): billed \$3,600\.00 \(Cost Explorer, BoxUsage:p5\.48xlarge, USD\) from Nov 17, 2026 to Nov 19, 2026 against an estimate of \$3,962\.88 \(AWS Price List API, \$55\.04 an hour from Nov 17, 2026, 12:00\sAM UTC, USD\): 0\.91× the estimate, close to it; 1 later launch awaits billing data$/,
        ),
      },
    ]);
    expect(view?.notes[0]).toContain('Cost Explorer, UnblendedCost, USD');
  });

  it('asks nothing of Cost Explorer for launches of today, and says they await billing data', async () => {
    const { log, read } = await setUp();
    await log.keep('launch-now', kept('2026-11-20T08:30:00Z'), now);

    const reconciled = await read();

    expect(reconciled?.requests).toBe(0);
    expect(reconciled && section(reconciled)?.rows[0]?.detail).toMatch(/^awaiting billing data: launched /);
  });

  it('says the reconciliation failed when Cost Explorer does, without a figure', async () => {
    const { log, read } = await setUp();
    await log.keep('launch-1', kept('2026-11-17T00:00:00Z'), now);
    ce?.setFaults({ down: true });

    const reconciled = await read();
    const view = reconciled && section(reconciled);

    expect(reconciled?.lines.ok).toBe(false);
    expect(view?.rows).toEqual([]);
    expect(view?.unavailable).toMatch(/^Not reconciled: /);
  });

  it('keeps at most the day’s bound of estimates and counts the rest as dropped', async () => {
    const { log } = await setUp();
    for (let i = 0; i < ESTIMATES_PER_DAY + 2; i++)
      await log.keep(`launch-${i}`, kept(`2026-11-19T10:${String(i % 60).padStart(2, '0')}:00Z`), now);
    await log.keep('launch-0', kept('2026-11-19T10:00:00Z'), now); // kept already: not dropped

    const recent = await log.recent(now);

    expect(recent.estimates).toHaveLength(ESTIMATES_PER_DAY);
    expect(recent.dropped).toBe(2);
  });
});
