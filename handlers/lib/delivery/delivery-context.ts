import type { Logger } from '@aws-lambda-powertools/logger';
import type { Deadlines } from '../deadline.js';
import type { DeliveryLedger } from '../state/delivery-ledger.js';
import type { DeliveryContext } from './mailer.js';

/** What a delivery context is built from: a Lambda's ledger, logger and clock. */
export interface DeliveryDeps {
  readonly ledger: DeliveryLedger;
  readonly logger: Logger;
  readonly now: () => Date;
  /** The confirmation window of a lost answer. @default - the mailer's */
  readonly confirmWindowMs?: number;
}

/**
 * The ledger's context for delivering one email under `key` in the invocation `run`: its request id
 * owns the claim, leased for the time left plus 5 s; SES calls stop at the mandatory deadline.
 */
export function deliveryContext(
  deps: DeliveryDeps,
  key: string,
  run: { readonly requestId: string; readonly deadlines: Deadlines },
): DeliveryContext {
  return {
    ledger: deps.ledger,
    key,
    owner: run.requestId,
    leaseMs: run.deadlines.remainingMs() + 5_000,
    logger: deps.logger,
    clock: () => deps.now().getTime(),
    ...(deps.confirmWindowMs !== undefined ? { confirmWindowMs: deps.confirmWindowMs } : {}),
    signal: run.deadlines.mandatory,
    remainingMs: run.deadlines.remainingMs,
  };
}
