import type { Config } from '../../contract/config/schema.js';
import { DAILY_REALERT_HOURS } from '../../contract/daily-rate.js';
import { isDailyRung } from '../../contract/ladder.js';
import { basisOf } from '../costs/cost-basis.js';
import { formatter } from '../email/format.js';
import { translator } from '../email/messages.js';
import { renderHtml } from '../email/render.js';
import { ALARM_EMAIL } from '../email/templates.generated.js';
import type { AlarmDeps } from './alarm-deps.js';
import type { BillingAlarm } from './alarm-event.js';
import { alarmText } from './alarm-text.js';
import { alarmViewModel } from './alarm-view-model.js';
import type { AlarmViewModel } from './alarm-view-types.js';
import { type AlertLinks, answerLinks } from './alert-links.js';
import type { Explanation } from './explain.js';

// The alarm email's rendering, part of the deferred module (`deferred.ts`) that `notify-alarm.ts`
// starts importing as the alarm begins: its compile overlaps the alarm's first requests instead of
// preceding them at init.
export { alarmChat } from './alarm-chat.js';
export { crossingDetail } from './crossing.js';

/** The alarm email, composed: its view-model (for the answer and the publisher), HTML and text. */
export interface ComposedAlarmEmail {
  readonly viewModel: AlarmViewModel;
  readonly html: string;
  readonly text: string;
}

/** Composes the alarm email: answer links (in ALARM state, when the action page is deployed), view-model, HTML, text. */
export async function composeAlarmEmail(
  deps: Pick<AlarmDeps, 'config' | 'actionLinks' | 'logger'>,
  alarm: BillingAlarm,
  explained: Explanation,
  decision: { changesBefore: number; previousMailAt?: number },
  now: Date,
): Promise<ComposedAlarmEmail> {
  const { config, logger } = deps;
  const actions =
    alarm.state === 'ALARM' && deps.actionLinks
      ? await answerLinks(
          deps.actionLinks,
          {
            accountId: alarm.accountId,
            rung: alarm.rung,
            maxSnoozeDays: config.lifecycle.maxSnoozeDays,
            now,
            t: translator(config.locale),
            dateTime: formatter(config.locale, config.currency, config.timeZone).dateTime,
          },
          (message, detail) => logger.warn(message, detail),
        )
      : undefined;
  const viewModel = alarmEmailViewModel(config, alarm, explained, decision, now, actions);
  return { viewModel, html: renderHtml(ALARM_EMAIL, viewModel), text: alarmText(viewModel) };
}

/** The alarm email's view-model: the alarm, what explaining it found, and the changes not mailed since. */
function alarmEmailViewModel(
  config: Config,
  alarm: BillingAlarm,
  explained: Explanation,
  decision: { changesBefore: number; previousMailAt?: number },
  now: Date,
  actions?: AlertLinks,
): AlarmViewModel {
  return alarmViewModel({
    alarm,
    policy: explained.policy,
    figures: explained.figures,
    ...(explained.costExplorerForecast ? { costExplorerForecast: explained.costExplorerForecast } : {}),
    ...(explained.drivers ? { drivers: explained.drivers } : {}),
    ...(explained.accountName ? { accountName: explained.accountName } : {}),
    ...(explained.renamedFrom ? { renamedFrom: explained.renamedFrom } : {}),
    ...(explained.firstSpend ? { firstSpend: explained.firstSpend } : {}),
    locale: config.locale,
    timeZone: config.timeZone,
    organizationId: config.organization.id,
    routing: explained.routing,
    unread: explained.unread,
    stale: explained.stale,
    basis: basisOf(config),
    currency: config.currency,
    ...(config.displayCurrency ? { displayCurrency: config.displayCurrency } : {}),
    ...(decision.changesBefore > 0 && decision.previousMailAt
      ? {
          changesSince: {
            count: decision.changesBefore,
            since: decision.previousMailAt,
            hours: isDailyRung(alarm.rung) ? DAILY_REALERT_HOURS : config.email.realertAfterHours,
          },
        }
      : {}),
    ...(actions ? { actions } : {}),
    now,
  });
}
