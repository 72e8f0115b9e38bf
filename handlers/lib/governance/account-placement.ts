import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { Config } from '../../contract/config/schema.js';
import { type Ladder, usedRungs } from '../../contract/ladder.js';
import { type Placement, payerAlarmSpecs } from '../../contract/payer-alarms.js';
import type { PlacementLedger } from '../state/placements.js';
import { readAccountPayerAlarms, syncPayerAlarms } from './payer-alarms.js';

/**
 * Where a joined or moved account's alarms live, and its payer alarms set to its new thresholds
 * when they live there. With `auto`, an account seen for the first time starts on member alarms
 * (its first sighting kept: the sweep moves it after `alarms.autoAfterHours` without data).
 */
export async function placeAccount(
  deps: {
    readonly config: Config;
    readonly cw: CloudWatchClient;
    readonly placements: Pick<PlacementLedger, 'get' | 'put'>;
    readonly now: () => Date;
  },
  accountId: string,
  thresholds: Ladder,
): Promise<Placement> {
  const { config } = deps;
  let placement: Placement = config.alarms.placement === 'payer' ? 'payer' : 'member';
  if (config.alarms.placement === 'auto') {
    const record = await deps.placements.get(accountId);
    placement = record?.placement ?? 'member';
    if (!record) {
      const now = deps.now().toISOString();
      await deps.placements.put({
        accountId,
        placement: 'member',
        reason: `member alarms first; payer alarms after ${config.alarms.autoAfterHours} h without data`,
        firstSeen: now,
        decidedAt: now,
      });
    }
  }
  if (placement === 'payer') {
    const existing = await readAccountPayerAlarms(
      deps.cw,
      config.alarmNamePrefix,
      accountId,
      usedRungs(thresholds).map((r) => r.name),
    );
    const specs = payerAlarmSpecs(config.alarmNamePrefix, accountId, thresholds);
    const wanted = new Set(specs.map((s) => s.name));
    await syncPayerAlarms(
      deps.cw,
      specs,
      existing,
      [...existing.keys()].filter((n) => !wanted.has(n)),
    );
  }
  return placement;
}
