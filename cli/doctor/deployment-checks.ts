import { DescribeStacksCommand, paginateListStackInstances } from '@aws-sdk/client-cloudformation';
import { BILLING_REGION, BILLING_STACK_NAME } from '../../handlers/contract/billing.js';
import { alarmHealth } from '../../handlers/lib/report/alarm-health.js';
import { AlarmStateLedger, type AlarmStateRecord } from '../../handlers/lib/state/alarm-states.js';
import { type Check, errorText, fail, ok, warn } from './check-result.js';
import { fromStateTable } from './stack-resource.js';

/** What the deployment looks like: the billing stack, the member instances, the members' alarms. */
export const DEPLOYMENT_CHECKS: readonly Check[] = [
  async function billingStack(c) {
    const name = 'billing stack';
    try {
      const stack = (await c.cfn.send(new DescribeStacksCommand({ StackName: BILLING_STACK_NAME })))
        .Stacks?.[0];
      const status = stack?.StackStatus ?? 'unknown';
      return /_COMPLETE$/.test(status) && !/ROLLBACK|DELETE/.test(status)
        ? ok(name, `${BILLING_STACK_NAME} ${status}`)
        : fail(
            name,
            `${BILLING_STACK_NAME} is ${status}`,
            'read the stack events in the CloudFormation console, fix, then npx cdk deploy',
          );
    } catch (err) {
      return fail(
        name,
        `${BILLING_STACK_NAME} is not deployed (${errorText(err)})`,
        'npx cdk deploy (see README: Deploy)',
      );
    }
  },

  async function stackInstances(c, config) {
    const name = 'stack instances';
    const counts: Record<string, number> = {};
    try {
      for await (const page of paginateListStackInstances(
        { client: c.cfn },
        {
          StackSetName: c.stackSetName,
          StackInstanceRegion: BILLING_REGION,
          CallAs: config.organization.callAs,
        },
      )) {
        for (const s of page.Summaries ?? [])
          counts[s.Status ?? 'UNKNOWN'] = (counts[s.Status ?? 'UNKNOWN'] ?? 0) + 1;
      }
    } catch (err) {
      return fail(
        name,
        `cannot list the instances of ${c.stackSetName} (${errorText(err)})`,
        'deploy the billing stack first (it creates the StackSet)',
      );
    }
    const detail = ['CURRENT', 'OUTDATED', 'INOPERABLE'].map((s) => `${counts[s] ?? 0} ${s}`).join(', ');
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (total === 0)
      return fail(
        name,
        `${c.stackSetName} has no instances`,
        'check organization.targetOrganizationalUnitIds and that the OUs hold accounts',
      );
    if (counts.INOPERABLE)
      return fail(
        name,
        detail,
        'INOPERABLE instances need a look in the StackSet console (then delete with retain and re-add)',
      );
    if (counts.OUTDATED)
      return warn(
        name,
        detail,
        'an operation failed or is running; billing-alarms thresholds apply, or re-run the last StackSet operation',
      );
    return ok(name, detail);
  },
  async function memberAlarms(c, _config, ctx) {
    const name = 'member alarms';
    const read = await fromStateTable(c, name, 'the alarm states', (table) =>
      new AlarmStateLedger(c.dynamo, table).all(),
    );
    if (!('value' in read)) return read;
    const states: AlarmStateRecord[] = read.value;
    ctx.alarmStates = states;
    if (states.length === 0)
      return warn(
        name,
        'no member alarm state recorded yet',
        'wait for the alarms’ first evaluation (hours after the stack instances), then run doctor again',
      );
    const stuck = alarmHealth(states, [], new Date()).stuck;
    if (stuck.length > 0)
      return fail(
        name,
        `${stuck.length} alarm(s) in INSUFFICIENT_DATA for over 24 h: ${stuck
          .slice(0, 5)
          .map((s) => `${s.id} ${s.rung}`)
          .join(', ')}${stuck.length > 5 ? ', …' : ''}`,
        'their metric does not exist: switch memberMetricDimensions (Currency ↔ CurrencyAndLinkedAccount), npx cdk deploy, and check billing alerts in those accounts',
      );
    const accounts = new Set(states.map((s) => s.accountId)).size;
    return ok(name, `${states.length} alarm state(s) from ${accounts} account(s); none stuck without data`);
  },
];
