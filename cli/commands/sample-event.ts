import { DAILY_RUNG, RUNG_NAME_PATTERN } from '../../handlers/contract/ladder.js';
import { defineCommand, UsageError } from '../command.js';
import { keptPayerAccounts } from '../local-aws.js';
import { configFrom, nowFrom } from '../options.js';
import { sampleAnomaly } from '../sample-anomaly.js';
import { sampleEvent, sweepEvent } from '../sample-event.js';
import { sampleLaunch } from '../sample-launch.js';
import { sampleDbLaunch, sampleNatLaunch } from '../sample-service-launch.js';

/** `billing-alarms sample-event`. */
export const sampleEventCommand = defineCommand({
  name: 'sample-event',
  summary: 'print a forwarded billing-alarm event for the current configuration',
  help: `billing-alarms sample-event [--kind alarm|daily-rate|governance-sweep|launch|anomaly] [--account ID] [--ou ID]
                            [--rung R] [--state ALARM|OK] [--placement member|payer]
                            [--charges N] [--no-datapoint] [--now ISO] [--config FILE]

  Prints a well-formed "CloudWatch Alarm State Change" of this project's billing alarm, as a member
  account forwards it (or, --placement payer, as the management account's payer alarm for the
  account does), for simulate. --kind governance-sweep prints the scheduled governance run's input
  (placements decided, payer alarms kept in step).

  --kind K        alarm (default), daily-rate (the account's daily-rate alarm: its increase over
                  24 hours, --charges, against its dailyLimit), governance-sweep, or launch: a
                  member's launch as CloudTrail delivers it (fast-burn estimates) in --region R
                  (default us-east-1): --service ec2 (default) an EC2 RunInstances of
                  --instance-type T (default p5.48xlarge) × --count N (default 1, at most 1000);
                  --service rds an RDS CreateDBInstance of --db-class C (default db.r6g.xlarge),
                  --engine E (default postgres) and --multi-az; --service nat a CreateNatGateway;
                  or anomaly: Cost Anomaly Detection's "Anomaly Detected"
                  as the management account forwards it, its root cause in --account, with
                  --impact N (dollars, default 1001) and --anomaly-id ID (default a new one; the
                  same id with a larger --impact is an update of the anomaly)
  --placement P   member or payer (default: payer when the local organisation holds payer alarms
                  for the account, else member)
  --account ID    the 12-digit member account (default the first account override)
  --ou ID         the account's OU, for an OU override's threshold
  --rung R        the rung: warning, critical, a percentage such as 120% or an amount rung
                  such as 1500 (default critical, or the ladder's top rung); --tier is the same
  --state S       ALARM or OK (default ALARM)
  --charges N     the crossing datapoint (default 12 % over the threshold)
  --no-datapoint  as aws cloudwatch set-alarm-state makes it: no datapoint, a test reason
  --now ISO       when the alarm changed (default now)
  --config FILE   the configuration (default billing-alarms.config.yaml)`,
  options: {
    kind: { type: 'string', default: 'alarm' },
    placement: { type: 'string' },
    account: { type: 'string' },
    ou: { type: 'string' },
    rung: { type: 'string' },
    tier: { type: 'string' },
    state: { type: 'string', default: 'ALARM' },
    charges: { type: 'string' },
    'no-datapoint': { type: 'boolean', default: false },
    now: { type: 'string' },
    'instance-type': { type: 'string', default: 'p5.48xlarge' },
    count: { type: 'string', default: '1' },
    region: { type: 'string', default: 'us-east-1' },
    service: { type: 'string', default: 'ec2' },
    'db-class': { type: 'string', default: 'db.r6g.xlarge' },
    engine: { type: 'string', default: 'postgres' },
    'multi-az': { type: 'boolean', default: false },
    impact: { type: 'string' },
    'anomaly-id': { type: 'string' },
  },
  async run(values, io) {
    const { state } = values;
    const rung = values.rung ?? values.tier;
    const kinds = ['alarm', 'daily-rate', 'governance-sweep', 'launch', 'anomaly'];
    if (!kinds.includes(values.kind))
      throw new UsageError(`--kind must be one of ${kinds.join(', ')}, got "${values.kind}"`);
    if (values.kind === 'daily-rate' && rung !== undefined)
      throw new UsageError('--rung does not go with --kind daily-rate: the daily-rate alarm has no rung');
    if (values.kind === 'governance-sweep') {
      io.print(JSON.stringify(sweepEvent(), null, 2));
      return 0;
    }
    if (values.kind === 'anomaly') {
      if (values.account !== undefined && !/^\d{12}$/.test(values.account))
        throw new UsageError(`--account must be a 12-digit account id, got "${values.account}"`);
      if (values.impact !== undefined && !/^\d+(\.\d{1,2})?$/.test(values.impact))
        throw new UsageError(
          `--impact must be an amount in dollars such as 1001 or 250.50, got "${values.impact}"`,
        );
      const anomalyId = values['anomaly-id'];
      if (anomalyId !== undefined && !/^[A-Za-z0-9-]{1,128}$/.test(anomalyId))
        throw new UsageError(`--anomaly-id must be 1–128 letters, digits or "-", got "${anomalyId}"`);
      const config = configFrom(values.config);
      const now = nowFrom(values.now);
      const event = sampleAnomaly(config, {
        account:
          values.account ?? config.thresholds.accounts[0]?.id ?? config.organization.managementAccountId,
        ...(values.impact !== undefined ? { impact: Number(values.impact) } : {}),
        ...(anomalyId ? { anomalyId } : {}),
        ...(now ? { now } : {}),
      });
      io.print(JSON.stringify(event, null, 2));
      return 0;
    }
    if (values.kind === 'launch') {
      if (values.account !== undefined && !/^\d{12}$/.test(values.account))
        throw new UsageError(`--account must be a 12-digit account id, got "${values.account}"`);
      if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(values.region))
        throw new UsageError(`--region must be a Region such as us-east-1, got "${values.region}"`);
      if (!/^\d{1,4}$/.test(values.count))
        throw new UsageError(`--count must be a whole number from 1 to 1000, got "${values.count}"`);
      const services = ['ec2', 'rds', 'nat'];
      if (!services.includes(values.service))
        throw new UsageError(`--service must be one of ${services.join(', ')}, got "${values.service}"`);
      const config = configFrom(values.config);
      const now = nowFrom(values.now);
      const where = {
        account:
          values.account ?? config.thresholds.accounts[0]?.id ?? config.organization.managementAccountId,
        region: values.region,
        ...(now ? { now } : {}),
      };
      const launch =
        values.service === 'rds'
          ? sampleDbLaunch({
              ...where,
              dbClass: values['db-class'],
              engine: values.engine,
              multiAz: values['multi-az'],
            })
          : values.service === 'nat'
            ? sampleNatLaunch(where)
            : sampleLaunch({ ...where, instanceType: values['instance-type'], count: Number(values.count) });
      io.print(JSON.stringify(launch, null, 2));
      return 0;
    }
    if (values.placement !== undefined && values.placement !== 'member' && values.placement !== 'payer')
      throw new UsageError(`--placement must be member or payer, got "${values.placement}"`);
    if (rung !== undefined && !RUNG_NAME_PATTERN.test(rung))
      throw new UsageError(
        `--rung must be warning, critical, a percentage such as 120% or an amount such as 1500, got "${rung}"`,
      );
    if (state !== 'ALARM' && state !== 'OK')
      throw new UsageError(`--state must be ALARM or OK, got "${state}"`);
    if (values.account !== undefined && !/^\d{12}$/.test(values.account))
      throw new UsageError(`--account must be a 12-digit account id, got "${values.account}"`);
    const charges = values.charges === undefined ? undefined : Number(values.charges);
    if (charges !== undefined && !Number.isFinite(charges))
      throw new UsageError(`--charges must be a number, got "${values.charges}"`);
    const now = nowFrom(values.now);
    const config = configFrom(values.config);
    const account = values.account ?? config.thresholds.accounts[0]?.id;
    const placement =
      values.placement ?? (account && keptPayerAccounts(config).has(account) ? 'payer' : 'member');
    const event = sampleEvent(config, {
      placement,
      ...(values.account ? { account: values.account } : {}),
      ...(values.ou ? { ouId: values.ou } : {}),
      ...(values.kind === 'daily-rate' ? { rung: DAILY_RUNG } : rung !== undefined ? { rung } : {}),
      state,
      ...(charges !== undefined ? { charges } : {}),
      noDatapoint: values['no-datapoint'],
      ...(now ? { now } : {}),
    });
    io.print(JSON.stringify(event, null, 2));
    return 0;
  },
});
