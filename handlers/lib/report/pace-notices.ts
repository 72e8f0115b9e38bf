import type { Logger } from '@aws-lambda-powertools/logger';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Config } from '../../contract/config/schema.js';
import { rungSlug } from '../../contract/ladder.js';
import { basisOf } from '../costs/cost-basis.js';
import { daysBetween } from '../costs/periods.js';
import type { CostSnapshot } from '../costs/snapshot-schema.js';
import type { Deadlines } from '../deadline.js';
import { deliveryContext } from '../delivery/delivery-context.js';
import { deliverEmail } from '../delivery/mailer.js';
import { routeAlarm } from '../delivery/routing.js';
import { basisLine } from '../email/basis-line.js';
import { costExplorerUrl, formatter, singleLine } from '../email/format.js';
import { translator } from '../email/messages.js';
import { type NoticeViewModel, noticeText, noticeViewModel } from '../email/notice.js';
import { renderHtml } from '../email/render.js';
import { rungLabel } from '../email/rung-label.js';
import { NOTICE } from '../email/templates.generated.js';
import type { AutomationDetail } from '../publisher/automation-event.js';
import type { DeliveryLedger } from '../state/delivery-ledger.js';
import type { PaceAlert } from './pace.js';

/** The automation event's detail for a mailed pace notice. */
export function forecastDetail(alert: PaceAlert, currency: string): AutomationDetail {
  return {
    accountId: alert.accountId,
    accountName: alert.accountName,
    tier: alert.rung,
    rung: alert.rung,
    threshold: alert.threshold,
    budget: alert.budget ?? null,
    estimatedCharges: null,
    monthToDate: alert.monthToDate,
    forecast: { amount: alert.forecast, method: 'monthAveragePace' },
    currency,
    topServices: [],
    eventId: `pace#${alert.accountId}#${alert.rung}#${alert.month}`,
  };
}

/** A month's pace notices are marked for 40 days: longer than any month. */
const MARK_SECONDS = 40 * 24 * 3600;

/** What the pace notices of one run ended in. */
export interface PaceNoticeOutcome {
  /** Notices mailed in this run. */
  readonly sent: number;
  /** The alerts whose notice this run mailed. */
  readonly mailed: PaceAlert[];
  /** Alerts already noticed this month (an earlier run). */
  readonly already: number;
  /** Alerts past the run's cap (`email.maxAlarmEmailsPerHour`): listed in the report only. */
  readonly capped: number;
}

/** What sending needs. */
export interface PaceNoticeDeps {
  readonly config: Config;
  readonly ses: SESv2Client;
  readonly ledger: DeliveryLedger;
  readonly logger: Logger;
  readonly configurationSetName?: string;
  readonly now: () => Date;
  /** The mailer's confirmation window, when the local runner scales it. */
  readonly confirmWindowMs?: number;
}

/** The notice for one pace alert: the figures, the method, and that nothing crossed yet. */
export function paceNoticeViewModel(
  config: Config,
  alert: PaceAlert,
  snapshot: CostSnapshot,
): NoticeViewModel {
  const t = translator(config.locale);
  const f = formatter(
    config.locale,
    snapshot.unit || config.currency,
    config.timeZone,
    config.displayCurrency,
  );
  const account = `${singleLine(alert.accountName, 60)} (${alert.accountId})`;
  const tier = rungLabel(alert.rung, t).toLowerCase();
  return noticeViewModel({
    lang: config.locale,
    subject: t('pace.subject', {
      account,
      tier,
      threshold: f.money(alert.threshold),
      forecast: f.money(alert.forecast),
    }),
    headline: t('pace.headline', { account, tier }),
    body: t('pace.body', {
      mtd: f.money(alert.monthToDate),
      days: daysBetween(snapshot.periods.current.start, snapshot.periods.current.end),
      monthDays: daysBetween(snapshot.periods.month.start, snapshot.periods.month.end),
      forecast: f.money(alert.forecast),
      tier,
      threshold: f.money(alert.threshold),
    }),
    accentColor: '#b45309',
    link: {
      url: costExplorerUrl(snapshot.periods.current, alert.accountId),
      label: t('common.openCostExplorer'),
    },
    footer: t('common.footer', { org: config.organization.id }),
    basis: [basisLine(t, snapshot.unit || config.currency, basisOf(config))],
  });
}

/**
 * One "on pace to cross" notice per account, rung and month, to the account's routing (central list,
 * configured OU and account owners): each delivered through the ledger under its own key (a retry
 * never re-sends) and then marked for the month. At most `email.maxAlarmEmailsPerHour` per run; the
 * rest are only listed in the report.
 */
export async function sendPaceNotices(
  deps: PaceNoticeDeps,
  alerts: readonly PaceAlert[],
  snapshot: CostSnapshot,
  ouOf: Readonly<Record<string, string>>,
  run: { requestId: string; deadlines: Deadlines },
): Promise<PaceNoticeOutcome> {
  const { config, logger } = deps;
  const cap = config.email.maxAlarmEmailsPerHour;
  let sent = 0;
  let already = 0;
  const mailed: PaceAlert[] = [];
  for (const alert of alerts) {
    // Delivered through the ledger (batches claimed, a retry never re-sends), then marked for the
    // month: delivery records expire after a week, a pace notice is once per month.
    const done = await deps.ledger.onceMarked(
      `pace#${alert.accountId}#${alert.rung}#${alert.month}`,
      { now: () => deps.now().getTime(), keepSeconds: MARK_SECONDS, signal: run.deadlines.mandatory },
      async () => {
        if (sent >= cap) return false;
        await deliverNotice(deps, alert, snapshot, ouOf[alert.accountId], run);
        return true;
      },
    );
    if (done === 'already') already++;
    if (done !== 'done') continue;
    sent++;
    mailed.push(alert);
  }
  const capped = Math.max(0, alerts.length - already - sent);
  if (capped > 0) logger.warn('pace notices capped for this run', { capped, cap });
  return { sent, mailed, already, capped };
}

/** One pace notice, to the account's routing, through the ledger under the notice's key. */
async function deliverNotice(
  deps: PaceNoticeDeps,
  alert: PaceAlert,
  snapshot: CostSnapshot,
  ouId: string | undefined,
  run: { requestId: string; deadlines: Deadlines },
): Promise<void> {
  const { config } = deps;
  const vm = paceNoticeViewModel(config, alert, snapshot);
  await deliverEmail(
    deps.ses,
    {
      from: config.email.sender,
      to: routeAlarm(config, { accountId: alert.accountId, ...(ouId ? { ouId } : {}) }).recipients,
      subject: vm.subject,
      html: renderHtml(NOTICE, vm),
      text: noticeText(vm),
      ...(deps.configurationSetName ? { configurationSetName: deps.configurationSetName } : {}),
      tags: { kind: 'pace', tier: rungSlug(alert.rung).replace('.', '_') },
    },
    deliveryContext(deps, `pace#${alert.accountId}#${alert.rung}#${alert.month}`, run),
  );
}
