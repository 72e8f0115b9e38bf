import { Logger } from '@aws-lambda-powertools/logger';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Config } from '../../contract/config/schema.js';
import { rungAmounts } from '../../contract/ladder.js';
import {
  GOVERNANCE_SWEEP_DETAIL_TYPE,
  GOVERNANCE_SWEEP_SOURCE,
  type Placement,
} from '../../contract/payer-alarms.js';
import { RUNTIME_ENV } from '../../contract/runtime-env.js';
import { toError } from '../result.js';
import { billingRegionClient } from '../runtime/billing-region-client.js';
import { clientTimeouts, type Env, loadRuntimeConfig, requireEnv } from '../runtime/runtime.js';
import { AlarmStateLedger } from '../state/alarm-states.js';
import { OrgCopy } from '../state/org-copy.js';
import { PlacementLedger } from '../state/placements.js';
import { RejectionLog } from '../state/rejection-log.js';
import { stringField } from '../unknown-values.js';
import { placeAccount } from './account-placement.js';
import { type AccountThresholdsOutcome, applyAccountThresholds } from './account-thresholds.js';
import { TableAttemptLog } from './attempt-log.js';
import { answerCustomResource, type CustomResourceAnswer, isCustomResourceEvent } from './custom-resource.js';
import { readGovernanceEvent } from './governance-event.js';
import { mergeFacts, type OrgFacts, orgCopyRecord } from './org-copy-record.js';
import { type SweepOutcome, sweepPlacements } from './placement-sweep.js';

const governanceRef = (deps: GovernanceDeps) => ({
  cfn: deps.cfn,
  stackSetName: deps.stackSetName,
  callAs: deps.config.organization.callAs,
});

/** One account's outcome as answered: ladders as `{ rung: amount }` (`{ "warning": 150, "critical": 300 }`). */
export type AccountAnswer =
  | Extract<AccountThresholdsOutcome, { status: 'skipped' }>
  | (Omit<Exclude<AccountThresholdsOutcome, { status: 'skipped' }>, 'thresholds' | 'deployed'> & {
      readonly thresholds: Record<string, number>;
      readonly deployed: Record<string, number>;
      readonly placement?: Placement;
    });

/** What the governance Lambda answers. */
export type GovernanceOutcome =
  | AccountAnswer
  | SweepOutcome
  | CustomResourceAnswer
  | { readonly status: 'skipped' | 'rejected'; readonly reason: string };

/** The governance Lambda's dependencies. */
export interface GovernanceDeps {
  readonly config: Config;
  readonly orgs: OrganizationsClient;
  readonly cfn: CloudFormationClient;
  /** The management account's CloudWatch: payer alarms. */
  readonly cw: CloudWatchClient;
  readonly stackSetName: string;
  readonly rejections: RejectionLog;
  /** The organisation copy: what this Lambda read of each account, for alarms when Organizations fails them. */
  readonly orgCopy: OrgCopy;
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  readonly logger: Logger;
  readonly now: () => Date;
}

/** The governance Lambda's dependencies from its environment. */
export function createGovernanceDeps(env: Env, bundledConfig: URL): GovernanceDeps {
  const config = loadRuntimeConfig(env, bundledConfig);
  const pinned = env[RUNTIME_ENV.now];
  const dynamo = new DynamoDBClient({ maxAttempts: 3, ...clientTimeouts(1_000, 2_000) });
  const tableName = requireEnv(env, RUNTIME_ENV.tableName);
  return {
    config,
    orgs: new OrganizationsClient(billingRegionClient(5, 5_000)),
    cfn: new CloudFormationClient(billingRegionClient(5, 5_000)),
    cw: new CloudWatchClient(billingRegionClient(5, 5_000)),
    stackSetName: requireEnv(env, RUNTIME_ENV.stackSetName),
    rejections: new RejectionLog(dynamo, tableName),
    orgCopy: new OrgCopy(dynamo, tableName),
    dynamo,
    tableName,
    logger: new Logger(),
    now: () => (pinned ? new Date(pinned) : new Date()),
  };
}

/**
 * Handles an Organizations or StackSet event: the account it names gets its desired thresholds
 * (applied or unchanged); an event about nothing to do is skipped; an event that is not one of
 * these is rejected and recorded, never retried. A failing call throws for Lambda's retries and the
 * dead-letter queue.
 */
export async function handleGovernanceEvent(
  deps: GovernanceDeps,
  event: unknown,
  remainingMs: () => number = () => 60_000,
): Promise<GovernanceOutcome> {
  if (isCustomResourceEvent(event)) {
    const answer = await answerCustomResource(
      {
        orgs: deps.orgs,
        ref: governanceRef(deps),
        config: deps.config,
        attempts: new TableAttemptLog(deps.dynamo, deps.tableName, deps.now),
        cw: deps.cw,
        orgCopy: deps.orgCopy,
        now: deps.now,
      },
      event,
    );
    deps.logger.info('member overrides', { requestType: event.RequestType, ...answer });
    return answer;
  }
  if (isSweepEvent(event)) {
    const outcome = await sweepPlacements({
      ref: governanceRef(deps),
      cw: deps.cw,
      config: deps.config,
      placements: new PlacementLedger(deps.dynamo, deps.tableName),
      states: new AlarmStateLedger(deps.dynamo, deps.tableName),
      now: deps.now,
      // Room to answer after the last write.
      until: Date.now() + remainingMs() - 10_000,
    });
    deps.logger.info('placement sweep', { ...outcome });
    return outcome;
  }
  const read = readGovernanceEvent(event, deps.stackSetName);
  if (read.kind === 'reject') {
    const id = stringField(event, 'id');
    await deps.rejections.record(id, read.reason, event, deps.now());
    deps.logger.warn('governance event rejected', { reason: read.reason });
    return { status: 'rejected', reason: read.reason };
  }
  if (read.kind === 'skip') {
    deps.logger.info('governance event skipped', { reason: read.reason });
    return { status: 'skipped', reason: read.reason };
  }
  let facts: OrgFacts | undefined;
  const outcome = await applyAccountThresholds(
    {
      orgs: deps.orgs,
      ref: governanceRef(deps),
      config: deps.config,
    },
    read.account,
    {
      observe: (f) => {
        facts = f;
      },
    },
  );
  if (facts) await keepOrgCopy(deps, facts);
  if (outcome.status === 'skipped') {
    deps.logger.info('account thresholds checked', { cause: read.account.cause, ...outcome });
    return outcome;
  }
  const placement = await placeAccount(
    {
      config: deps.config,
      cw: deps.cw,
      placements: new PlacementLedger(deps.dynamo, deps.tableName),
      now: deps.now,
    },
    outcome.accountId,
    outcome.thresholds,
  );
  const answer = {
    ...outcome,
    thresholds: rungAmounts(outcome.thresholds),
    deployed: rungAmounts(outcome.deployed),
    placement,
  };
  deps.logger.info('account thresholds checked', { cause: read.account.cause, ...answer });
  return answer;
}

/** Keeps what this event read of the account in the organisation copy (its name from the earlier copy); best effort. */
async function keepOrgCopy(deps: GovernanceDeps, facts: OrgFacts): Promise<void> {
  try {
    const earlier = await deps.orgCopy.get(facts.accountId);
    await deps.orgCopy.put(orgCopyRecord(deps.config, mergeFacts(earlier, facts), deps.now(), 'governance'));
  } catch (err) {
    deps.logger.warn('organisation copy not written', { accountId: facts.accountId, error: toError(err) });
  }
}

/** The scheduled governance run's input (an EventBridge Scheduler schedule). */
function isSweepEvent(event: unknown): boolean {
  return (
    stringField(event, 'source') === GOVERNANCE_SWEEP_SOURCE &&
    stringField(event, 'detail-type') === GOVERNANCE_SWEEP_DETAIL_TYPE
  );
}

/** The governance Lambda's handler. */
export function createGovernanceHandler(env: Env, bundledConfig: URL) {
  const deps = createGovernanceDeps(env, bundledConfig);
  return (event: unknown, context?: { getRemainingTimeInMillis?: () => number }) =>
    handleGovernanceEvent(deps, event, context?.getRemainingTimeInMillis?.bind(context));
}
