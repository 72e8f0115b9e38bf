/** A message with plural forms, chosen by `Intl.PluralRules` on its `count`. */
export interface PluralMessage {
  readonly one?: string;
  readonly other: string;
}

/** Every word the emails use, with `{name}` placeholders. Korean and Japanese fill the same keys. */
export const en = {
  'tier.warning': 'Warning',
  'tier.critical': 'Critical',
  'tier.daily': 'Daily rate',
  'alarm.daily.subject':
    '[Daily rate] {account} ({accountId}) spent {spent} in the last 24 hours (limit {limit})',
  'alarm.daily.subjectNoDatapoint': '[Daily rate] {account} ({accountId}) crossed its daily limit of {limit}',
  'alarm.daily.subjectOk': '[OK] {account} ({accountId}) is back under its daily limit of {limit}',
  'alarm.daily.headline': '{account} spent {spent} in the last 24 hours (limit {limit})',
  'alarm.daily.headlineOk': '{account} is back under its daily limit of {limit}',
  'alarm.daily.preheader':
    'CloudWatch: {spent} in 24 hours against a daily limit of {limit}; month so far {month}.',
  'alarm.daily.spent': 'Spent in the last 24 hours (CloudWatch alarm, {currency})',
  'alarm.daily.limit': 'Daily limit',
  'alarm.daily.monthSoFar': 'Month so far (Cost Explorer, {currency})',
  'alarm.daily.monthNotYet': '{month} has no costs in Cost Explorer yet',
  'alarm.daily.drivers': 'What drove it: services on {date} (Cost Explorer)',
  'alarm.daily.dayTotal': 'Usage on {date}',
  'alarm.daily.line': 'The line is the daily limit, {limit}: days above it are amber.',
  'alarm.daily.legendLimit': 'daily limit, {limit}',
  'state.OK': 'back to OK',
  'state.INSUFFICIENT_DATA': 'insufficient data',

  'reason.insufficientHistory': 'not enough cost history yet',
  'reason.throttled': 'Cost Explorer kept throttling the requests',
  'reason.timeout': 'no answer in time',
  'reason.denied': 'access denied',
  'reason.unavailable': 'the service did not answer',
  'reason.malformed': 'the answer could not be read',
  'reason.noData': 'no cost data yet',

  'alarm.subject': '[{tier}] {account} ({accountId}): estimated {charges} vs {threshold} threshold',
  'alarm.subjectNoDatapoint':
    '[{tier}] {account} ({accountId}): {tierLower} threshold of {threshold} crossed',
  'alarm.subjectOk': '[OK] {account} ({accountId}) is back under its {tierLower} threshold of {threshold}',
  'alarm.headline': '{account} crossed its {tierLower} threshold',
  'alarm.headlineOk': '{account} is back under its {tierLower} threshold',
  'alarm.preheader': 'CloudWatch estimates {charges} against a {tierLower} threshold of {threshold}. {cause}',
  'alarm.preheaderNoDatapoint': '{tier} threshold of {threshold} crossed. {cause}',
  'alarm.account': 'Account',
  'alarm.renamedLabel': 'Account renamed',
  'alarm.renamed': 'renamed from “{old}” to “{name}” since the organisation copy was read {date}',
  'alarm.rung': 'Rung',
  'alarm.subjectBudget':
    '[{tier}] {account} ({accountId}): estimated {charges} vs {threshold}, {tier} of the {budget} budget',
  'alarm.headlineBudget': '{account} crossed {tier} of its {budget} budget',
  'alarm.tier': 'Tier',
  'alarm.cloudWatchEstimate': 'Estimated charges (CloudWatch alarm, {currency})',
  'alarm.noDatapoint': 'no datapoint in the alarm — possibly a manual test (set-alarm-state)',
  'alarm.threshold': 'Threshold',
  'alarm.budget': 'Budget',
  'alarm.overBy': 'Over by',
  'alarm.cause': 'Biggest rise',
  'alarm.causeText': '{service} +{delta} over the last 3 days vs the 3 before (since {since})',
  'alarm.causeNone': 'no service rose by more than a cent over the last 3 days',
  'alarm.causeUnavailable': 'unknown: {reason}',
  'alarm.ceClosedMonth': '{month}, closed (Cost Explorer, {currency})',
  'alarm.ceClosedMonthValue': '{amount} through {date}; {month} has no costs in Cost Explorer yet',
  'alarm.whyDiffer': 'Why the two figures differ',
  'alarm.whyDifferValue':
    'CloudWatch’s {estimate} is AWS’s running estimate of this month’s bill (EstimatedCharges), updated several times a day; Cost Explorer’s {ce} counts usage through {date} only — it covers days up to yesterday, refreshes up to three times a day, and keeps credits and refunds apart. The {gap} between them is that timing and basis, not an error in either.',
  'alarm.ceMonthToDate': 'Month to date (Cost Explorer, {currency})',
  'alarm.ceMonthToDateValue': '{amount}, as of {date}',
  'alarm.changedAt': 'Alarm changed',
  'alarm.name': 'Alarm',
  'alarm.reason': 'CloudWatch’s reason',
  'alarm.description': 'Alarm description',
  'alarm.ownerNote': 'Note for this account',
  'alarm.byService': 'Month to date by service (Cost Explorer)',
  'alarm.service': 'Service',
  'alarm.amount': 'Amount',
  'alarm.share': 'Share',
  'alarm.othersRow': { one: '{count} other service', other: '{count} other services' },
  'alarm.usageTotal': 'Usage month to date',
  'alarm.credits': 'Credits',
  'alarm.refunds': 'Refunds',
  'alarm.netTotal': 'Net after credits and refunds',
  'alarm.creditsUnreadLabel': 'Credits and refunds (the organisation report shows them)',
  'alarm.creditsUnread': 'not read',
  'alarm.trend': 'Daily usage, last {days} days',
  'alarm.trendScale': 'Tallest bar: {amount} on {date}.',
  'alarm.legendUsual': 'at or under the threshold pace',
  'alarm.legendOver': 'above the threshold pace',
  'alarm.paceExplained':
    'Threshold pace (the line): {pace} a day, which spends exactly the {tier} threshold ({threshold}) over the {days} days of the month.',
  'alarm.legendPace': 'threshold pace, {pace} a day',
  'alarm.forecast': 'Forecast to month end',
  'alarm.forecastAtPace':
    '{amount} by {monthEnd} at the last {days} days’ pace ({rate} a day): {share} of the {tier} threshold ({threshold})',
  'alarm.forecastRecent':
    'At the last 3 days’ pace ({rate} a day, {factor}× the 7-day pace): {amount}, {share} of the {tier} threshold ({threshold})',
  'alarm.forecastUnavailable': 'Forecast unavailable: {reason}.',
  'alarm.forecastCostExplorer':
    '{amount} by {monthEnd}, Cost Explorer’s forecast (month to date plus its forecast of the days left): {share} of the {tier} threshold ({threshold})',
  'alarm.forecastCostExplorerUnavailable': 'Cost Explorer’s forecast unavailable: {reason}.',
  'alarm.change': 'Against last month',
  'alarm.changeText': {
    one: '{current} for {count} day this month vs {previous} for the same day last month ({change})',
    other: '{current} for {count} days this month vs {previous} for the same days last month ({change})',
  },
  'alarm.changeNone': {
    one: '{current} for {count} day this month; nothing was spent on the same day last month',
    other: '{current} for {count} days this month; nothing was spent on the same days last month',
  },
  'drivers.heading': 'Why it moved: {current} vs {comparison}',
  'drivers.line': '{service} {change}: usage {usage}{top}, rate {rate}, credits {credits}',
  'drivers.byAccount': 'by account',
  'drivers.lineUsage': '{service} {change}: usage {usage}{top}, rate {rate}',
  'drivers.usageMethod':
    'Why it moved: each top service’s usage change is split per usage type into usage (change in quantity × last period’s unit cost) and rate (this period’s quantity × change in unit cost), from the alarm’s one Cost Explorer request (cost and UsageQuantity by usage type). Credits and refunds are not in it; discounts and commitments apply to their usage type and count as rate. The parts sum to the change; rounding to the cent is carried by rate. Limit: a usage type measured in more than one unit is priced as one.',
  'drivers.mostly.usage': 'mostly usage',
  'drivers.mostly.rate': 'mostly rate',
  'drivers.mostly.credits': 'mostly credits',
  'drivers.mixedUnits':
    '{service}: a usage type is measured in more than one unit; its usage/rate split is approximate.',
  'drivers.unavailable': 'Why it moved (usage, rate, credits): {reason}.',
  'drivers.method':
    'Why it moved: each top service’s change is split per usage type into usage (change in quantity × last period’s unit cost), rate (this period’s quantity × change in unit cost) and credits, discounts and commitments (their record types), from Cost Explorer’s UsageQuantity and cost by usage type. The parts sum to the change; rounding to the cent is carried by rate. Limit: a usage type measured in more than one unit is priced as one.',
  'drivers.awsMethod':
    'Why it moved: Cost Explorer’s own cost comparison drivers for the closed month against the month before.',
  'drivers.awsUnavailable':
    'Cost Explorer’s cost comparison drivers were unavailable ({reason}): the split below is computed from usage types.',
  'alarm.movers': 'Top movers: last 3 days vs the 3 before',
  'alarm.moversNone': 'No service changed by more than a cent.',
  'alarm.missing': 'Some details are missing',
  'alarm.missing.costs': 'Cost Explorer figures (breakdown, chart, change, forecast): {reason}.',
  'alarm.missing.ou':
    'The account’s organizational unit could not be read ({reason}): its OU’s thresholds, owners and note may be missing here; the default or the account’s own thresholds were used.',
  'alarm.missing.tags':
    'The account’s tags could not be read ({reason}): owners named in its billing-alarms tags were not mailed.',
  'alarm.missing.account': 'Cost Explorer has no costs for this account this month yet.',

  'alarm.stale.ou':
    'The account’s organizational unit could not be read now ({reason}): its last known OU ({ou}, read {date} by {reader}) was used for its thresholds, owners and note; they may be stale.',
  'alarm.stale.tags':
    'The account’s tags could not be read now ({reason}): its billing-alarms tags as read {date} by {reader} were used; they may be stale.',
  'alarm.stale.noOu': 'none with its own thresholds',
  'alarm.unknownPolicy':
    'The account’s OU and tags could not be read ({reason}) and no earlier copy of them is kept: its thresholds, owners and note may differ from these; the operators were copied.',
  'alarm.reader.governance': 'the governance Lambda',
  'alarm.reader.reconcile': 'the deploy’s reconciler',
  'alarm.reader.report': 'the report’s coverage pass',
  'alarm.changesSince': {
    one: 'This alarm changed state once since the last email ({date}); that change was not mailed (one email per {hours} hours).',
    other:
      'This alarm changed state {count} times since the last email ({date}); those changes were not mailed (one email per {hours} hours).',
  },
  'alarm.changesLabel': 'Since the last email',
  'digest.subject': '[billing-alarm-forwarder] Alarm storm: more than {cap} alarm emails this hour',
  'digest.headline': 'More than {cap} billing alarms this hour',
  'digest.body':
    'More than {cap} billing alarms fired across the organisation within the hour starting {hour}. Instead of more alarm emails, this digest goes out once; further alarms until the hour ends are counted, not mailed.\n\nThe alarm that reached the limit: {account}, {tier}, CloudWatch estimate {charges}.\n\nThe next organisation report lists every alarm that was not mailed.',
  'digest.link': 'Open Cost Explorer',
  'launch.subject': '[Fast burn estimate] {account} ({accountId}): {what}, {hourly} an hour',
  'launch.subjectUnpriced': '[Fast burn estimate] {account} ({accountId}): {what}, price unavailable',
  'launch.headline': 'Fast burn: estimate from launches, not billing data',
  'launch.label':
    'Estimate from launches, not billing data: what these launches cost if they keep running, at on-demand prices. Billing data (the billing alarms, Cost Explorer) shows it hours later; savings plans, reservations and spot prices may make it lower.',
  'launch.who': '{who} called {call} in {region} at {time}.',
  'launch.item':
    '{type} × {count}: {perHour} an hour each, {hourly} an hour together. Price: SKU {sku}, effective {effective}, from the {source}.',
  'launch.itemUnpriced': '{type} × {count}: not priced ({reason}).',
  'launch.cost': 'This launch: {hourly} an hour, {thirty} over 30 days.',
  'launch.window':
    'Launches of this account in the last hour: {count}, {hourly} an hour together (limit {limit} an hour).',
  'launch.crossing':
    'At that rate, month to date ({mtd}, Cost Explorer) reaches the {rung} rung ({threshold}) around {date}, in {days} days.',
  'launch.mtdUnknown': 'Month to date could not be read ({reason}); the rungs were not checked.',
  'launch.unpriced':
    'The launch could not be priced ({reason}). It is mailed anyway so that someone looks: the limit could not be checked.',
  'launch.link': 'Open Cost Explorer',
  'anomaly.subject': '[Cost anomaly] {account} ({accountId}): {service} +{impact}',
  'anomaly.headline': 'AWS Cost Anomaly Detection found an anomaly',
  'anomaly.label':
    'Cost Anomaly Detection (AWS, machine learning on the net unblended cost) flagged spend above what it expected. Its figures lag usage by up to a day.',
  'anomaly.impact':
    'Impact: {impact} above the expected {expected} ({actual} spent, {percent} more) from {start} to {end}.',
  'anomaly.impactShort': 'Impact: {impact} from {start} to {end}.',
  'anomaly.update': 'This anomaly was mailed before at a smaller impact; it has grown.',
  'anomaly.rootCausesHeading': 'Root causes (AWS)',
  'anomaly.rootCause': '{service} in {region}, usage type {usageType}, account {account}{contribution}',
  'anomaly.contribution': ': {amount}',
  'anomaly.noRootCause': 'AWS named no root cause for this anomaly.',
  'anomaly.otherAccounts': 'Root causes also name accounts {accounts}.',
  'anomaly.monitor': 'Monitor: {monitor}. Anomaly id: {id}.',
  'anomaly.mtd': "The account's month to date: {mtd} (Cost Explorer, through {through}).",
  'anomaly.mtdUnknown': "The account's month to date could not be read ({reason}).",
  'anomaly.link': 'Open the anomaly in AWS',
  'anomaly.actions.heading': 'Tell AWS what this was',
  'anomaly.actions.planned': 'Expected (planned)',
  'anomaly.actions.notAnomaly': 'Not an anomaly',
  'anomaly.actions.real': 'Real anomaly',
  'anomaly.actions.note':
    'Each link opens a page that asks first, then sends ProvideAnomalyFeedback to AWS; valid once until {date}.',
  'anomaly.actions.unavailable':
    'Feedback links are left out: the signing key could not be read. Give feedback in the AWS console.',
  'anomaly.actions.longId':
    'Feedback links are left out: the anomaly id is too long for a link. Give feedback in the AWS console.',
  'chatDigest.subject':
    '[billing-alarm-forwarder] Alarm storm: more than {cap} alarm posts in this channel this hour',
  'chatDigest.headline': 'More than {cap} billing alarms for this channel this hour',
  'chatDigest.hourLabel': 'Hour',
  'chatDigest.alarmLabel': 'Alarm that reached the limit',
  'chatDigest.alarm': '{account} ({accountId}), {tier}',
  'chatDigest.heading': 'What happens now',
  'chatDigest.mailed':
    'Further alarms until the hour ends are not posted here; each is still mailed to its recipients.',
  'chatDigest.report': 'The next organisation report shows every account over its thresholds.',

  'report.subject': 'Organisation costs {date}: {total} month to date, forecast {forecast}',
  'report.subjectNoData': 'Organisation costs {month}: no cost data yet',
  'report.subjectNoForecast': 'Organisation costs {date}: {total} month to date',
  'report.subjectClosed': '{month} closed: {total} for the organisation',
  'report.headline': 'Where the money goes this month',
  'report.headlineClosed': '{month} closed',
  'report.preheader':
    '{total} month to date across {accounts} accounts; {change} against the same days last month.',
  'report.preheaderClosed': '{month}: {total} across {accounts} accounts; {change} against {previous}.',
  'report.head.date': '{today} · costs through {through}, read {builtAt}',
  'report.head.monthToDate': 'Month to date ({currency}, Cost Explorer usage)',
  'report.head.monthToDateNote': {
    one: '{change} vs the same day of {previous} ({before})',
    other: '{change} vs the same {count} days of {previous} ({before})',
  },
  'report.head.closed': '{month} total ({currency}, Cost Explorer usage)',
  'report.head.closedNote': '{change} vs {previous} ({before})',
  'report.head.yesterday': 'Yesterday, {date} ({currency}, Cost Explorer usage)',
  'report.head.latestDay': 'Latest day with data, {date} ({currency}, Cost Explorer usage)',
  'report.head.dayNote': '{change} vs {weekday}, a week before ({before})',
  'report.head.dayNoteMissing': 'no figure for {weekday}, a week before',
  'report.head.forecast': 'Forecast for {month} ({currency}, Cost Explorer’s forecast)',
  'report.head.previousTotal': '{previous} total: {amount}',
  'report.head.previousUnknown': '{previous} total: not read this time',
  'report.head.moved': 'Changed most, last 3 days vs the 3 before ({currency}, Cost Explorer usage)',
  'report.head.movedValue': '{name} {delta}',
  'report.monthToDate': 'Month to date (Cost Explorer, usage)',
  'report.monthTotal': '{month} (Cost Explorer, usage)',
  'report.sameDaysLastMonth': 'Same days last month',
  'report.change': 'Change',
  'report.forecast': 'Forecast to month end (Cost Explorer’s forecast)',
  'report.forecastUnavailable': 'unavailable: {reason}',
  'report.activeAccounts': 'Accounts with costs',
  'report.credits': 'Credits',
  'report.refunds': 'Refunds',
  'report.net': 'Net after credits and refunds',
  'report.movers': 'What changed: last 3 days vs the 3 before (since {since})',
  'report.moversAccounts': {
    one: 'Accounts (the largest one)',
    other: 'Accounts (among the {count} largest)',
  },
  'report.moversServices': 'Services',
  'report.moversNone': 'Nothing changed by more than a cent.',
  'report.topAccounts': 'Top {n} accounts',
  'report.topServices': 'Top {n} services',
  'report.account': 'Account',
  'report.service': 'Service',
  'report.amount': 'Amount',
  'report.share': 'Share',
  'report.changeColumn': 'vs last month',
  'report.changeColumnClosed': 'vs {month}',
  'report.new': 'new',
  'report.othersAccounts': { one: '{count} other account', other: '{count} other accounts' },
  'report.othersServices': { one: '{count} other service', other: '{count} other services' },
  'report.others': 'Others',
  'report.chart': 'Daily usage, last {days} days',
  'report.chartScale': 'Tallest day: {amount} on {date}. Each colour is one account; grey is all the others.',
  'report.thresholds': 'Use of the thresholds',
  'report.tiers': 'Warning / critical',
  'report.rungs': 'Rungs / top',
  'report.use': 'Use',
  'report.useOf': '{amount} of {critical}',
  'report.rungReached': 'reached {rung} ({amount})',
  'report.rungNone': 'no rung reached',
  'report.rungPace': 'reaches {rung} around {date}',
  'report.noWarning': '—',
  'report.thresholdSummary': '{over} over critical, {warning} over warning, {below} below warning.',
  'report.legendCritical': 'over its critical threshold',
  'report.legendWarning': 'over its warning threshold',
  'report.legendBelow': 'below its warning threshold',
  'report.thresholdMore': {
    one: '{count} more account below its warning tier is not listed.',
    other: '{count} more accounts below their warning tier are not listed.',
  },
  'report.coverage': 'Coverage',
  'report.coverageSummary': '{covered} of {total} active accounts have the billing alarms.',
  'report.uncovered': 'Not covered',
  'report.drifted': 'Thresholds differ from the configuration',
  'report.driftRow': 'expected {expected}, deployed {deployed}: {note}',
  'report.driftLimited': 'Drift was checked for the first {count} accounts with overrides only.',
  'report.stuck': 'Alarms without data for over 24 hours',
  'report.stuckRow':
    '{tier} alarm in INSUFFICIENT_DATA since {since}: the metric it watches does not exist (check memberMetricDimensions: billing-alarms doctor)',
  'report.payer':
    '{count} of {total} account(s) watched by payer alarms (in the management account, on LinkedAccount)',
  'report.silent': 'Accounts never heard from',
  'report.recipients': 'Recipients SES could not deliver to, or who complained ({count})',
  'report.recipientRow': '{kind}: {detail}; {count} time(s), last {at}',
  'report.feedback.bounce': 'bounced',
  'report.feedback.complaint': 'complained',
  'report.feedback.reject': 'rejected',
  'report.silentRow': 'no alarm state change ever arrived: check the member forwarding rule and its role',
  'report.ignoredTags': 'Threshold tags ignored',
  'report.ignoredTagRow': '{tag}="{value}" ignored: {why}',
  'report.conflicts':
    '{count} event id(s) arrived again with another payload ({month}; last {eventId} at {date}): each was handled on its own, not as a duplicate, and is kept in the state table under {key}.',
  'report.noStates':
    'No member alarm state has been recorded yet: they arrive with each alarm’s first evaluation.',
  'report.statesUnavailable':
    'Member alarm states could not be read: stuck or silent alarms are not listed this time.',
  'report.driftFix': 'billing-alarms thresholds apply sets what the configuration says.',
  'pace.preheader': 'At this month’s pace the {tier} threshold of {threshold} is crossed around {crossesOn}.',
  'pace.monthToDate': 'Month to date ({currency}, Cost Explorer usage), through {date}',
  'pace.threshold': '{tier} threshold ({currency})',
  'pace.atPace': 'Month end at this month’s average pace, {rate} a day ({currency})',
  'pace.crossing': 'Expected to cross',
  'pace.crossingValue': 'around {date}, at that pace',
  'pace.drivers': 'Services driving the pace (month to date)',
  'pace.actions':
    'What you can do: open the account in Cost Explorer (the button below) and look at the services driving the pace; if the spend is planned, raise the threshold in billing-alarms.config.yaml; if not, stop what should not be running before the alarm fires.',
  'pace.missingFigures': 'The services and the daily chart: {reason}',
  'pace.notRead':
    'not read for this notice: a run reads them for its first {count} notices only (one Cost Explorer request each); open Cost Explorer below.',
  'pace.subject': '[On pace] {account}: {tier} threshold {threshold}, month end at this pace {forecast}',
  'pace.headline': '{account} is on pace to cross its {tier} threshold',
  'pace.body': {
    one: 'Month to date (Cost Explorer, usage): {mtd}. At this month’s average daily pace (month to date ÷ {count} day with data × {monthDays} days in the month) the month ends near {forecast}, above the {tier} threshold of {threshold}.\n\nNothing has crossed yet: the CloudWatch alarm fires only on actual charges. This notice is sent once per account, tier and month.',
    other:
      'Month to date (Cost Explorer, usage): {mtd}. At this month’s average daily pace (month to date ÷ {count} days with data × {monthDays} days in the month) the month ends near {forecast}, above the {tier} threshold of {threshold}.\n\nNothing has crossed yet: the CloudWatch alarm fires only on actual charges. This notice is sent once per account, tier and month.',
  },
  'report.pace': 'On pace to cross this month',
  'report.paceRow':
    '{tier} {threshold}: {mtd} so far, {forecast} at this month’s average daily pace, crossing around {crossesOn}',
  'report.paceMethod':
    'Pace: month to date ÷ days with data × days in the month; listed from 5 days of data.',
  'report.allCovered': 'Every active account is covered and matches the configuration.',
  'report.more': { one: '… and {count} more.', other: '… and {count} more.' },
  'report.reason.noInstance': 'no stack instance (is the account outside the target OUs?)',
  'report.reason.status': 'stack instance {status}',
  'report.drift.defaults': 'runs on the StackSet defaults (joined the OU after its override was applied?)',
  'report.drift.override': 'its override differs from the configuration',
  'report.drift.stackSet': 'the deployed StackSet is older than the configuration: run cdk deploy',
  'report.drift.stackSetName': 'StackSet defaults',
  'report.quieted': 'Alarms not mailed in the last day',
  'report.quietedRow': {
    one: '{tier} alarm: 1 state change not mailed',
    other: '{tier} alarm: {count} state changes not mailed',
  },
  'report.quietedNote':
    'One email per account and tier every {hours} hours, at most {cap} alarm emails an hour.',
  'report.alerts': 'Alerts answered and open',
  'report.alertsCurrent': 'Open, acknowledged, snoozed and planned now',
  'report.alertsUnavailable':
    'The alerts could not be read ({reason}): acknowledged, snoozed and planned alerts are not listed in this report.',
  'report.alertsNone': 'No alert is open, acknowledged, snoozed or planned.',
  'report.alertOpen': '{tier}: open since {since}',
  'report.alertAcknowledged': '{tier}: acknowledged by {by} at {at}',
  'report.alertSnoozed': '{tier}: snoozed by {by} until {until}',
  'report.alertPlanned': '{tier}: planned by {by} until {until}',
  'report.alertsHeld': 'Held while snoozed or planned (last day)',
  'report.alertsHeldRow': {
    one: '{tier}: 1 transition held — {list}',
    other: '{tier}: {count} transitions held — {list}',
  },
  'report.alertsHeldAt': '{state} at {at}',
  'report.alertsRecent': 'Alerts in the last 30 days, per account',
  'report.alertsRecentRow': {
    one: '1 crossing ({held} held while snoozed or planned); {ack}',
    other: '{count} crossings ({held} held while snoozed or planned); {ack}',
  },
  'report.alertsAckMedian': 'median time to acknowledge {duration} ({acks} acknowledged)',
  'report.alertsNoAck': 'none acknowledged',
  'report.alertsNote':
    'Answer an alert from its email or chat message, or with billing-alarms alerts ack|snooze|plan|resolve.',
  'duration.minutes': '{m} min',
  'duration.hours': '{h} h {m} min',
  'duration.days': '{d} d {h} h',
  'report.newSpend': 'New this week',
  'report.newSpendService': '{name} in {account}, {amount}',
  'report.newSpendRegion': 'Region {name} in {account}, {amount}',
  'report.newSpendNote':
    'Spend from {start} to {end} (Cost Explorer, usage) on a service or in a Region the account had no spend on since {since} (90 days). Credits and amounts under half a cent are not spend.',
  'report.newSpendUnavailable': 'Not checked: {reason}.',
  'report.newSpendTooLarge':
    'the organisation has more account × service pairs than the check’s bounded Cost Explorer requests read',
  'report.reconcile': 'Fast-burn estimates against billing',
  'report.reconcileLine': '{type} × {count} in {region}, {account}',
  'report.reconcileLaunches': {
    one: '{count} launch ({alerted} over the limit or a rung):',
    other: '{count} launches ({alerted} over the limit or a rung):',
  },
  'report.reconcileAwaiting':
    'awaiting billing data: launched {time} at {hourly} an hour (estimate: AWS Price List API, {currency}); Cost Explorer has no EC2 usage of the account since that day yet',
  'report.reconcileBilled':
    'billed {billed} (Cost Explorer, {usageType}, {unit}) from {start} to {end} against an estimate of {estimated} (AWS Price List API, {hourly} an hour from {time}, {currency}): {ratio}× the estimate, {verdict}',
  'report.reconcileClose': 'close to it',
  'report.reconcileOver': 'above it (other instances of the type in the account, or a higher price)',
  'report.reconcileUnder': 'below it (stopped early, or discounts: savings plans, reservations, spot)',
  'report.reconcilePartial': 'Cost Explorer has no EC2 usage of the account after {end} yet',
  'report.reconcileLater': {
    one: '{count} later launch awaits billing data',
    other: '{count} later launches await billing data',
  },
  'report.reconcileNote':
    'Estimates are on-demand list prices from the AWS Price List API ({currency}), assuming the instances ran from launch to the end of the days compared; billed is EC2 compute usage of the same usage type (Cost Explorer, {metric}, {unit}). Billing lags 8–24 hours, so the last day may still be filling in.',
  'report.reconcileUnavailable': 'Not reconciled: {reason}.',
  'report.reconcileTooMany':
    'the estimates name more accounts or billed usage than the reconciliation’s one bounded Cost Explorer request reads',
  'report.reconcileDropped':
    '{count} estimates were not kept (more than {max} in a day) and are not reconciled.',
  'alarm.firstSpend': 'First spend',
  'alarm.firstSpendService': '{name}, {amount} since {since}',
  'alarm.firstSpendServiceWeek': '{name}, {amount} from {start} to {end}',
  'alarm.firstSpendRegion': 'Region {name}, {amount} from {start} to {end}',
  'alarm.firstSpendNone': 'not checked: {reason}',
  'alarm.firstSpendNoCheck': 'no organisation report has checked it in the last 48 hours',
  'alarm.firstSpendCut':
    'the organisation’s list of new spends was cut at {count}; this account may have more',
  'report.unavailable': 'Some sections are unavailable',
  'report.unavailable.coverage': 'Coverage: {reason}.',
  'report.unavailable.forecast': 'Forecast: {reason}.',
  'report.noCosts': 'Cost Explorer has no costs for this period yet.',
  'report.failureHeadline': 'The organisation report failed',
  'report.failureLogs': 'Open the report Lambda’s logs',
  'report.failureSubject': '[billing-alarm-forwarder] The organisation report failed: {cause}',
  'report.failureBody':
    'The scheduled organisation cost report could not be sent.\n\nCause: {cause}\n\nLambda retries the run; if it keeps failing the event waits in the report dead-letter queue.',

  'common.asOf':
    'Cost Explorer figures as of {date} (read {builtAt}); the latest days are estimates and may still change.',
  'common.basis':
    'Amounts in {currency} as billed: Cost Explorer’s {metric}, usage without credits and refunds unless they are shown apart{excluded}.',
  'common.unitMismatch':
    'Cost Explorer reports these amounts in {unit}, not in {configured} as configured: they are shown in {unit}, as billed.',
  'common.mixedUnits': 'Cost Explorer returned amounts in more than one currency ({units}).',
  'common.displayCurrency':
    'Amounts marked ≈ are in {code} at {rate} {code} per {unit} (rate of {asOf}, from the configuration), for reading only.',
  'common.basisExcluded': ', and without {types}',
  'common.openCostExplorer': 'Open in Cost Explorer',
  'alarm.actions.heading': 'Answer this alert',
  'alarm.actions.ack': 'Acknowledge',
  'alarm.actions.snoozeDay': 'Snooze 1 day',
  'alarm.actions.snoozeWeek': 'Snooze {days} days',
  'alarm.actions.plan': { one: 'Planned ({count} day)', other: 'Planned ({count} days)' },
  'alarm.actions.note':
    'Each link opens a page that asks before it changes anything; links work once and expire {date}.',
  'alarm.actions.unavailable':
    'Answer links are missing from this email (the signing key could not be read); use `billing-alarms alerts` instead.',
  'alarm.routing.lead': 'Why you got this email:',
  'alarm.routing.central': 'the central billing list (configuration): {addresses}',
  'alarm.routing.ou': 'owners of OU {ou} (configuration): {addresses}',
  'alarm.routing.account': 'owners of this account (configuration): {addresses}',
  'alarm.routing.tag': 'the account’s tag billing-alarms:recipients: {addresses}',
  'alarm.routing.billingContact': 'the account’s billing contact (AWS account settings): {addresses}',
  'alarm.routing.operators': 'the operators (the account’s policy is unknown): {addresses}',
  'common.footer':
    'Sent by billing-alarm-forwarder for organisation {org}. Thresholds are kept as code by your governance team.',
  'common.unavailable': 'unavailable',
} as const satisfies Record<string, string | PluralMessage>;

/** A message key. */
export type MessageKey = keyof typeof en;

/** A full catalogue: every key, in one language. */
export type Catalogue = Record<MessageKey, string | PluralMessage>;
