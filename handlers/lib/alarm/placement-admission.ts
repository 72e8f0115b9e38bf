import type { Config } from '../../contract/config/schema.js';
import type { Placement } from '../../contract/payer-alarms.js';
import { toError } from '../result.js';
import type { PlacementLedger } from '../state/placements.js';

/**
 * Whether an alarm from this placement speaks for its account: an account is watched from one side
 * only, so that a crossing is mailed once even where both its member and its payer alarms work.
 * Returns the reason to skip, or undefined to go on. With `auto`, the account's recorded placement
 * decides (one GetItem); an account never decided is on member alarms. The ledger failing lets the
 * alarm through (a crossing mailed twice is better than none), and says so in the log.
 */
export async function placementSkipReason(
  config: Pick<Config, 'alarms'>,
  accountId: string,
  from: Placement,
  placements: Pick<PlacementLedger, 'get'>,
  onError: (err: Error) => void,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const configured = config.alarms.placement;
  let placement: Placement;
  let why: string;
  if (configured !== 'auto') {
    placement = configured;
    why = `alarms.placement is ${configured}`;
  } else {
    try {
      const record = await placements.get(accountId, signal);
      placement = record?.placement ?? 'member';
      why = record ? record.reason : 'no placement decided yet (member alarms)';
    } catch (err) {
      onError(toError(err));
      return undefined;
    }
  }
  if (placement === from) return undefined;
  return `account ${accountId} is watched by its ${placement} alarms (${why}); this ${from} alarm is not mailed`;
}
