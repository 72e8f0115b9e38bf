import type { Config } from '../../contract/config/schema.js';
import { costExplorerUrl, formatter, singleLine } from '../email/format.js';
import { translator } from '../email/messages.js';
import { type NoticeViewModel, noticeViewModel } from '../email/notice.js';
import { rungLabel } from '../email/rung-label.js';
import type { BillingAlarm } from './alarm-event.js';

/** The one email that replaces the alarm emails of an hour past the organisation-wide cap. */
export function digestViewModel(config: Config, alarm: BillingAlarm, now: Date): NoticeViewModel {
  const t = translator(config.locale);
  const f = formatter(config.locale, alarm.currency, config.timeZone, config.displayCurrency);
  const cap = config.email.maxAlarmEmailsPerHour;
  const hour = `${now.toISOString().slice(0, 13)}:00:00Z`;
  const today = now.toISOString().slice(0, 10);
  return noticeViewModel({
    lang: config.locale,
    subject: t('digest.subject', { cap }),
    headline: t('digest.headline', { cap }),
    body: t('digest.body', {
      cap,
      hour: f.dateTime(hour),
      account: singleLine(alarm.accountId, 40),
      tier: rungLabel(alarm.rung, t),
      charges:
        alarm.estimatedCharges === undefined ? t('common.unavailable') : f.money(alarm.estimatedCharges),
    }),
    accentColor: '#b91c1c',
    link: { url: costExplorerUrl({ start: today, end: today }), label: t('digest.link') },
    footer: t('common.footer', { org: config.organization.id }),
  });
}
