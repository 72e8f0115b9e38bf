import type { LOCALES } from '../config/schema.js';

/** A locale of the message catalogue. */
export type Locale = (typeof LOCALES)[number];

/** Every word the emails use, with `{name}` placeholders. Korean and Japanese fill the same keys. */
const en = {
  'tier.warning': 'Warning',
  'tier.critical': 'Critical',
  'state.OK': 'back to OK',
  'state.INSUFFICIENT_DATA': 'insufficient data',
  'alarm.subject': '[{tier}] {account} ({accountId}): estimated {charges} vs {threshold} threshold',
  'alarm.subjectOk': '[OK] {account} ({accountId}) is back under its {tier} threshold of {threshold}',
  'alarm.headline': '{account} crossed its {tier} threshold',
  'alarm.headlineOk': '{account} is back under its {tier} threshold',
  'alarm.preheader': 'Estimated charges {charges} against a {tier} threshold of {threshold}.',
  'alarm.account': 'Account',
  'alarm.tier': 'Tier',
  'alarm.threshold': 'Threshold',
  'alarm.estimatedCharges': 'Estimated charges (CloudWatch)',
  'alarm.overBy': 'Over by',
  'alarm.changedAt': 'Alarm changed',
  'alarm.name': 'Alarm',
  'alarm.description': 'Alarm description',
  'alarm.ownerNote': 'Note for this account',
  'alarm.byService': 'Month to date by service',
  'alarm.service': 'Service',
  'alarm.amount': 'Amount',
  'alarm.share': 'Share',
  'alarm.othersRow': '{count} other services',
  'alarm.usageTotal': 'Usage month to date',
  'alarm.credits': 'Credits',
  'alarm.refunds': 'Refunds',
  'alarm.netTotal': 'Net after credits and refunds',
  'alarm.trend': 'Last {days} days',
  'alarm.trendMax': 'Highest day: {amount} on {date}',
  'alarm.forecast': 'Forecast to month end (run rate)',
  'alarm.forecastText': '{amount} by {monthEnd}, {share} of the critical threshold',
  'alarm.forecastBasis': 'Month to date plus {rate} a day, the average of the last {days} days.',
  'alarm.change': 'Against last month',
  'alarm.changeText':
    '{current} for {days} days this month vs {previous} for the same days last month ({change})',
  'alarm.changeNone': '{current} for {days} days this month; nothing was spent on the same days last month',
  'alarm.movers': 'Top movers (last 3 days vs the 3 before)',
  'alarm.moversNone': 'No service changed by more than a cent.',
  'alarm.missing': 'Some details are missing',
  'alarm.missing.costs': 'Cost breakdown, trend and change: Cost Explorer did not answer ({reason}).',
  'alarm.missing.forecast': 'Forecast: {reason}.',
  'alarm.missing.movers': 'Top movers: Cost Explorer did not answer ({reason}).',
  'alarm.missing.account': 'This account has no costs in Cost Explorer yet.',
  'report.subject': 'Organisation costs {date}: {total} month to date, forecast {forecast}',
  'report.headline': 'Where the money goes this month',
  'report.preheader':
    '{total} month to date across {accounts} accounts; {change} against the same days last month.',
  'report.monthToDate': 'Month to date (usage)',
  'report.sameDaysLastMonth': 'Same days last month',
  'report.change': 'Change',
  'report.forecast': 'Forecast to month end',
  'report.forecastUnavailable': 'unavailable ({reason})',
  'report.activeAccounts': 'Accounts with costs',
  'report.credits': 'Credits',
  'report.refunds': 'Refunds',
  'report.net': 'Net after credits and refunds',
  'report.topAccounts': 'Top {n} accounts',
  'report.topServices': 'Top {n} services',
  'report.account': 'Account',
  'report.service': 'Service',
  'report.othersAccounts': '{count} other accounts',
  'report.othersServices': '{count} other services',
  'report.others': 'Others',
  'report.chart': 'Daily usage, last {days} days',
  'report.chartCaption': 'Highest day: {amount} on {date}',
  'report.thresholds': 'Use of the critical threshold',
  'report.critical': 'Critical',
  'report.use': 'Use',
  'report.thresholdSummary': '{over} over critical, {warning} over warning, {below} below warning.',
  'report.thresholdMore': '{count} more accounts below their warning tier are not listed.',
  'report.coverage': 'Coverage',
  'report.coverageSummary': '{covered} of {total} active accounts have the billing alarms.',
  'report.uncovered': 'Not covered',
  'report.drifted': 'Thresholds differ from the configuration',
  'report.driftRow': 'expected {expected}, deployed {deployed}: {note}',
  'report.driftLimited': 'Drift was checked for the first {count} accounts with overrides only.',
  'report.allCovered': 'Every active account is covered and matches the configuration.',
  'report.more': '… and {count} more.',
  'report.unavailable': 'Some sections are unavailable',
  'report.unavailable.coverage': 'Coverage: {reason}.',
  'report.unavailable.forecast': 'Forecast: {reason}.',
  'report.failureSubject': '[billing-alarm-forwarder] The organisation report failed: {cause}',
  'report.failureBody':
    'The scheduled organisation cost report could not be sent.\n\nCause: {cause}\n\nLambda retries the run; if it keeps failing the event waits in the report dead-letter queue.',
  'common.asOf':
    'Costs as of {date} (Cost Explorer, refreshed {builtAt}); estimated figures may still change.',
  'common.openCostExplorer': 'Open in Cost Explorer',
  'common.footer':
    'Sent by billing-alarm-forwarder for organisation {org}. Thresholds are kept as code by your governance team.',
  'common.insufficientHistory': 'insufficient history',
  'common.unavailable': 'unavailable',
} as const;

/** A message key. */
export type MessageKey = keyof typeof en;
type Catalogue = Record<MessageKey, string>;

// Korean and Japanese start as English; translators replace values key by key.
const catalogues: Record<Locale, Catalogue> = { en, ko: { ...en }, ja: { ...en } };

/** A function that looks up a message and fills its `{placeholders}`. */
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** The translate function of a locale. */
export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  return (key, values = {}) =>
    catalogue[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
}
