import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Config } from '../../contract/config/schema.js';
import type { ChatDelivery } from '../chat/chat-deliveries.js';
import type { Deadlines } from '../deadline.js';
import type { AutomationDetail } from '../publisher/automation-event.js';
import type { AlarmStateLedger } from '../state/alarm-states.js';
import type { AlertEventDetail, AlertLifecycle } from '../state/alert-lifecycle.js';
import type { DeliveryLedger } from '../state/delivery-ledger.js';
import type { FirstSpendStore } from '../state/first-spend-store.js';
import type { NoiseControl } from '../state/noise.js';
import type { OrgCopy } from '../state/org-copy.js';
import type { PlacementLedger } from '../state/placements.js';
import type { RejectionLog } from '../state/rejection-log.js';
import type { AlarmViewModel } from './alarm-view-types.js';
import type { AlertLinkSource } from './alert-links.js';
import type { SharedFigures } from './burst-figures.js';

/** What the alarm path needs; built once per cold start. */
export interface AlarmDeps {
  readonly config: Config;
  readonly ce: CostExplorerClient;
  readonly ses: SESv2Client;
  readonly organizations: OrganizationsClient;
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  readonly rejections: RejectionLog;
  readonly ledger: DeliveryLedger;
  readonly noise: NoiseControl;
  /** Each account's rung alert: acknowledged, snoozed, planned, resolved (issue 20). */
  readonly alerts: AlertLifecycle;
  /** Each member alarm's last state, for the report's coverage. */
  readonly alarmStates: AlarmStateLedger;
  /** Each account's alarm placement (member or payer), with `alarms.placement: auto`. */
  readonly placements: Pick<PlacementLedger, 'get'>;
  /** The organisation's last known word on each account, read when Organizations cannot be. */
  readonly orgCopy?: Pick<OrgCopy, 'get'>;
  /** The report's first-spend check, for the email's first-spend lines. */
  readonly firstSpend?: Pick<FirstSpendStore, 'latest'>;
  /** This alarm's share of its batch's Cost Explorer queries (alarms from the queue; `batch-window.ts`). */
  readonly sharedFigures?: SharedFigures;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now: () => Date;
  readonly configurationSetName?: string;
  /** The mailer's confirmation window, when the local runner scales it. */
  readonly confirmWindowMs?: number;
  /** Where the emails' answer links point and what signs them. @default - no links */
  readonly actionLinks?: AlertLinkSource;
}

/** One invocation: its request id (shared by Lambda's retries of it) and its deadlines. */
export interface Invocation {
  readonly requestId: string;
  readonly deadlines: Deadlines;
}

/** The outcome of one event, as `billing-alarms simulate` prints it. */
export interface NotifyResult {
  readonly status: 'sent' | 'duplicate' | 'suppressed' | 'skipped' | 'rejected';
  readonly reason?: string;
  /** The event's id was delivered before with another payload: this one was handled on its own (recorded for operators). */
  readonly conflict?: string;
  readonly recipients: string[];
  readonly subject?: string;
  readonly messageIds?: string[];
  readonly costExplorerRequests: number;
  readonly viewModel?: AlarmViewModel;
  /** A mailed ALARM's automation event detail (see `events/automation-event.ts`). */
  readonly crossing?: AutomationDetail;
  /** Chat messages for the publisher, delivered once per channel. */
  readonly chat?: ChatDelivery[];
  /** The event's delivery key: the publisher records the events and each channel under it. */
  readonly automationKey?: string;
  /** The alert changes this event made (opened, re-opened, resolved): the publisher puts their events. */
  readonly alerts?: { readonly detailType: string; readonly detail: AlertEventDetail }[];
  /** When the alarm was mailed: its chat posts count toward each channel's hourly cap. */
  readonly alarmMailedAt?: string;
}

export { onceOptions } from '../delivery/delivery-context.js';
