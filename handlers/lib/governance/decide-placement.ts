import type { Config } from '../../contract/config/schema.js';
import type { Placement } from '../../contract/payer-alarms.js';
import type { AlarmStateRecord } from '../state/alarm-states.js';

/**
 * Where an account's alarms should live. `member` and `payer` are what the configuration says.
 * `auto`: member alarms while they can still report, payer alarms once the account's member
 * alarms have sent no state with data (OK or ALARM) within `alarms.autoAfterHours` of its stack
 * instance being seen; an account that once reported stays on member alarms.
 */
export function decidePlacement(
  config: Pick<Config, 'alarms'>,
  accountId: string,
  firstSeen: Date,
  states: readonly AlarmStateRecord[],
  now: Date,
): { placement: Placement; reason: string } {
  const { placement, autoAfterHours } = config.alarms;
  if (placement !== 'auto') return { placement, reason: `alarms.placement is ${placement}` };
  const reported = states.some(
    (s) => s.accountId === accountId && s.placement !== 'payer' && s.state !== 'INSUFFICIENT_DATA',
  );
  if (reported) return { placement: 'member', reason: 'its member alarms report data' };
  const hours = (now.getTime() - firstSeen.getTime()) / 3_600_000;
  if (hours >= autoAfterHours)
    return {
      placement: 'payer',
      reason: `its member alarms reported no data within ${autoAfterHours} h of ${firstSeen.toISOString().slice(0, 16)}Z`,
    };
  return {
    placement: 'member',
    reason: `member alarms deployed ${Math.floor(hours)} h ago; payer alarms after ${autoAfterHours} h without data`,
  };
}
