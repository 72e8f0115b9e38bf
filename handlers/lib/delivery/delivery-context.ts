import type { Logger } from '@aws-lambda-powertools/logger';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Config } from '../../contract/config/schema.js';
import type { Deadlines } from '../deadline.js';
import type { DeliveryLedger } from '../state/delivery-ledger.js';
import type { OnceOptions } from '../state/once-options.js';
import { type Delivered, type DeliveryContext, deliverEmail, type OutgoingEmail } from './mailer.js';
import { type AccountRouting, type Routing, routeAlarm } from './routing.js';

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

/** How an invocation delivers once: its request id, a lease to its deadline, the injected clock. */
export function onceOptions(
  deps: { readonly logger: Logger; readonly now: () => Date },
  run: { readonly requestId: string; readonly deadlines: Deadlines },
  unrecorded: string,
): OnceOptions {
  return {
    owner: run.requestId,
    leaseMs: run.deadlines.remainingMs() + 5_000,
    now: () => deps.now().getTime(),
    signal: run.deadlines.mandatory,
    unrecorded: (error) => deps.logger.error(unrecorded, { error }),
  };
}

/** One email from the configured sender to `to`, through the configuration set when there is one, tagged with its kind. */
export function emailOf(
  config: Config,
  configurationSetName: string | undefined,
  to: string[],
  message: { readonly subject: string; readonly html: string; readonly text: string },
  kind: string,
): OutgoingEmail {
  return {
    from: config.email.sender,
    to,
    subject: message.subject,
    html: message.html,
    text: message.text,
    ...(configurationSetName ? { configurationSetName } : {}),
    tags: { kind },
  };
}

/**
 * Routes one account's notice (central, OU, account and tag recipients) and delivers it once under
 * `key` from the configured sender, tagged with its kind.
 */
export async function deliverRouted(
  deps: DeliveryDeps & { readonly ses: SESv2Client; readonly configurationSetName?: string },
  config: Config,
  account: AccountRouting,
  message: { readonly subject: string; readonly html: string; readonly text: string; readonly kind: string },
  key: string,
  run: { readonly requestId: string; readonly deadlines: Deadlines },
): Promise<{ routing: Routing; delivered: Delivered }> {
  const routing = routeAlarm(config, account);
  const delivered = await deliverEmail(
    deps.ses,
    emailOf(config, deps.configurationSetName, routing.recipients, message, message.kind),
    deliveryContext(deps, key, run),
  );
  return { routing, delivered };
}
