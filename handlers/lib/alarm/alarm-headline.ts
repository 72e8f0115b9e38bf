// The alarm email's first words: its subject, preheader and headline, and the colour of its tier.
// A rung's alarm says its figure against the threshold (and the budget a percentage rung is a share
// of); a daily-rate alarm's words come from its own section (`daily-rate-section.ts`).
import type { Ladder } from '../../contract/ladder.js';
import { rungBand, rungPercent } from '../../contract/ladder.js';
import { type Formatter, singleLine } from '../email/format.js';
import type { Translate } from '../email/messages.js';
import type { BillingAlarm } from './alarm-event.js';
import { ALARM_COLORS } from './colors.js';
import type { DailyRateView } from './daily-rate-section.js';

/** What the alarm email says first, and its colour. */
export interface AlarmHeadline {
  readonly subject: string;
  readonly preheader: string;
  readonly headline: string;
  readonly accentColor: string;
}

/** Inputs of {@link alarmHeadline}. */
export interface HeadlineInput {
  readonly alarm: BillingAlarm;
  readonly ladder: Ladder;
  /** The account's name, or its id. */
  readonly account: string;
  /** The rung's label (`rungLabel`). */
  readonly tier: string;
  readonly threshold: number;
  /** The budget the rung refers to, when one applies. */
  readonly budget: number | undefined;
  /** The month to date's biggest rise, worded (`causeLine`). */
  readonly cause: string;
  /** Formats CloudWatch's figures (the alarm's currency). */
  readonly cw: Formatter;
  readonly t: Translate;
}

/** A rung's alarm (or its return to OK): the figure against the threshold, in the tier's colour. */
export function alarmHeadline(input: HeadlineInput): AlarmHeadline {
  const { alarm, tier, budget, cw, t } = input;
  const isAlarm = alarm.state === 'ALARM';
  const values = {
    account: input.account,
    accountId: alarm.accountId,
    tier,
    tierLower: tier.toLowerCase(),
    charges:
      alarm.estimatedCharges === undefined ? t('common.unavailable') : cw.money(alarm.estimatedCharges),
    threshold: cw.money(input.threshold),
    cause: input.cause,
    budget: budget === undefined ? '' : cw.money(budget),
  };
  // A percentage rung says which budget it is a share of, in the subject and the headline.
  const ofBudget = budget !== undefined && rungPercent(alarm.rung) !== undefined;
  return {
    subject: singleLine(
      !isAlarm
        ? t('alarm.subjectOk', values)
        : alarm.estimatedCharges === undefined
          ? t('alarm.subjectNoDatapoint', values)
          : ofBudget
            ? t('alarm.subjectBudget', values)
            : t('alarm.subject', values),
      250,
    ),
    preheader: singleLine(
      alarm.estimatedCharges === undefined
        ? t('alarm.preheaderNoDatapoint', values)
        : t('alarm.preheader', values),
      250,
    ),
    headline: isAlarm
      ? t(ofBudget ? 'alarm.headlineBudget' : 'alarm.headline', values)
      : t('alarm.headlineOk', values),
    accentColor: isAlarm ? ALARM_COLORS[rungBand(alarm.rung, input.ladder)] : ALARM_COLORS.ok,
  };
}

/** A daily-rate alarm: its section's words; in ALARM state, the critical colour. */
export function dailyHeadline(daily: DailyRateView, alarm: BillingAlarm): AlarmHeadline {
  return {
    subject: singleLine(daily.subject, 250),
    preheader: singleLine(daily.preheader, 250),
    headline: daily.headline,
    accentColor: alarm.state === 'ALARM' ? ALARM_COLORS.critical : ALARM_COLORS.ok,
  };
}
