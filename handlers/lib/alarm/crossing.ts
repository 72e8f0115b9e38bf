import type { Config } from '../../contract/config/schema.js';
import { isDailyRung, rungBudget, thresholdOf } from '../../contract/ladder.js';
import { dailyPace, PACE_DAYS, projectAtPace } from '../analysis/trends.js';
import type { AutomationDetail } from '../publisher/automation-event.js';
import type { BillingAlarm } from './alarm-event.js';
import { lastDayByService } from './daily-rate-section.js';
import type { Explanation } from './explain.js';

/** Services in the event's `topServices`. */
const TOP_SERVICES = 5;

/** The automation event's detail for a mailed ALARM, from what the email said. */
export function crossingDetail(
  alarm: BillingAlarm,
  explained: Explanation,
  config: Config,
): AutomationDetail {
  const figures = explained.figures.ok ? explained.figures.value : undefined;
  const pace = figures ? dailyPace(figures.daily, figures.dataThrough, PACE_DAYS) : undefined;
  // CloudWatch's own threshold (the one that crossed, tags included), else the configured rung's.
  const threshold = alarm.threshold ?? thresholdOf(explained.policy.ladder, alarm.rung);
  // A daily-rate alarm lists the services of the day that drove it, not the month's.
  const day = figures && isDailyRung(alarm.rung) ? lastDayByService(figures) : undefined;
  const services = day ? day.byService : figures?.byService;
  return {
    accountId: alarm.accountId,
    accountName: explained.accountName ?? null,
    tier: alarm.rung,
    rung: alarm.rung,
    threshold,
    budget: isDailyRung(alarm.rung)
      ? (explained.policy.budget ?? null)
      : (rungBudget({ name: alarm.rung, threshold }, explained.policy.budget) ?? null),
    estimatedCharges: alarm.estimatedCharges ?? null,
    monthToDate: figures ? figures.current : null,
    forecast:
      figures && pace?.ok
        ? {
            amount:
              Math.round(projectAtPace(figures.current, pace.value, figures.periods.daysLeft).amount * 100) /
              100,
            method: 'last7DaysPace',
          }
        : null,
    currency: figures?.unit || config.currency,
    topServices: services
      ? Object.entries(services)
          .sort((a, b) => b[1] - a[1])
          .slice(0, TOP_SERVICES)
          .map(([service, amount]) => ({ service, amount }))
      : [],
    ...(isDailyRung(alarm.rung)
      ? {
          dailyRate: {
            spentLast24Hours: alarm.estimatedCharges ?? null,
            dailyLimit: threshold,
            servicesOn: day?.date ?? null,
          },
        }
      : {}),
    eventId: alarm.eventId,
  };
}
