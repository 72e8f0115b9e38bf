import { ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import {
  DescribeOrganizationCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand,
} from '@aws-sdk/client-organizations';
import { GetEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { BILLING_NAMESPACE, BILLING_REGION, ESTIMATED_CHARGES } from '../../handlers/contract/billing.js';
import { toError } from '../../handlers/lib/result.js';
import { type Check, errorText, fail, ok, STACKSETS_PRINCIPAL, warn } from './check-result.js';

/** What the account must have before anything is deployed, in the order they build on each other. */
export const ACCOUNT_CHECKS: readonly Check[] = [
  async function credentials(c, config, ctx) {
    const name = 'credentials';
    try {
      const me = await c.sts.send(new GetCallerIdentityCommand({}));
      ctx.account = me.Account;
    } catch (err) {
      return fail(
        name,
        `no usable credentials (${errorText(err)})`,
        'configure credentials for the management or delegated-admin account: aws configure sso, or AWS_PROFILE',
      );
    }
    try {
      const org = (await c.orgs.send(new DescribeOrganizationCommand({}))).Organization;
      if (org?.Id !== config.organization.id)
        return fail(
          name,
          `account ${ctx.account} is in ${org?.Id}, the configuration names ${config.organization.id}`,
          'set organization.id to the organisation these credentials belong to',
        );
      ctx.management = org.MasterAccountId === ctx.account;
      if (org.MasterAccountId !== config.organization.managementAccountId)
        return fail(
          name,
          `the management account is ${org.MasterAccountId}, the configuration says ${config.organization.managementAccountId}`,
          'set organization.managementAccountId',
        );
      if (ctx.management) return ok(name, `account ${ctx.account}: the management account of ${org.Id}`);
      return fail(
        name,
        `account ${ctx.account} is not the management account`,
        'run from the management account: the billing stack and its StackSet deploy there (README, "Delegated administrators")',
      );
    } catch (err) {
      return fail(
        name,
        `account ${ctx.account} cannot describe its organisation (${errorText(err)})`,
        'use an account of the organisation with organizations:DescribeOrganization',
      );
    }
  },

  async function billingAlerts(c) {
    const name = 'billing alerts';
    try {
      const out = await c.cloudwatch.send(
        new ListMetricsCommand({ Namespace: BILLING_NAMESPACE, MetricName: ESTIMATED_CHARGES }),
      );
      const n = out.Metrics?.length ?? 0;
      return n > 0
        ? ok(name, `${ESTIMATED_CHARGES} exists in ${BILLING_REGION} (${n} metric(s))`)
        : fail(
            name,
            `no ${ESTIMATED_CHARGES} metric in ${BILLING_REGION}: billing alerts are off`,
            'Billing and Cost Management > Billing preferences > Alert preferences > "Receive CloudWatch billing alerts" (management account); metrics appear within hours',
          );
    } catch (err) {
      return fail(
        name,
        `cannot list billing metrics (${errorText(err)})`,
        'allow cloudwatch:ListMetrics in us-east-1',
      );
    }
  },

  async function metricDimensions(c, config) {
    const name = 'member metric dimensions';
    try {
      const out = await c.cloudwatch.send(
        new ListMetricsCommand({ Namespace: BILLING_NAMESPACE, MetricName: ESTIMATED_CHARGES }),
      );
      const sets = new Set(
        (out.Metrics ?? []).map((m) =>
          (m.Dimensions ?? [])
            .map((d) => d.Name)
            .sort()
            .join('+'),
        ),
      );
      const linked = [...sets].some((s) => s.includes('LinkedAccount'));
      const seen = [...sets].join(', ') || 'none';
      if (config.memberMetricDimensions === 'Currency')
        return linked
          ? ok(
              name,
              `the payer sees ${seen}; member accounts carry Currency alone (memberMetricDimensions: Currency)`,
            )
          : warn(
              name,
              `the payer sees ${seen} and no per-account metrics yet`,
              'wait for the first billing data, then run doctor again',
            );
      return warn(
        name,
        `memberMetricDimensions: CurrencyAndLinkedAccount is undocumented inside member accounts (payer sees ${seen})`,
        'check one member account: aws cloudwatch list-metrics --namespace AWS/Billing --region us-east-1; alarms stuck in INSUFFICIENT_DATA mean the other setting',
      );
    } catch (err) {
      return fail(
        name,
        `cannot list billing metrics (${errorText(err)})`,
        'allow cloudwatch:ListMetrics in us-east-1',
      );
    }
  },

  async function costExplorer(c) {
    const name = 'Cost Explorer';
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    try {
      await c.ce.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: yesterday, End: today },
          Granularity: 'DAILY',
          Metrics: ['UnblendedCost'],
        }),
      );
      return ok(name, 'enabled and readable (this check made one request: $0.01)');
    } catch (err) {
      return fail(
        name,
        `not readable (${errorText(err)}; the attempt may cost $0.01)`,
        'enable Cost Explorer in the management account (Billing console > Cost Explorer) and allow ce:GetCostAndUsage; data appears within 24 hours',
      );
    }
  },

  async function stackSetsAccess(c) {
    const name = 'StackSets access';
    try {
      const out = await c.orgs.send(new ListAWSServiceAccessForOrganizationCommand({}));
      const trusted = (out.EnabledServicePrincipals ?? []).some(
        (p) => p.ServicePrincipal === STACKSETS_PRINCIPAL,
      );
      if (!trusted)
        return fail(
          name,
          'trusted access for CloudFormation StackSets is off',
          'CloudFormation console > StackSets > "Activate trusted access" (management account)',
        );
      const admins = await c.orgs.send(
        new ListDelegatedAdministratorsCommand({ ServicePrincipal: STACKSETS_PRINCIPAL }),
      );
      const n = admins.DelegatedAdministrators?.length ?? 0;
      return ok(name, `trusted access on${n ? `; ${n} delegated administrator(s) registered` : ''}`);
    } catch (err) {
      return fail(
        name,
        `cannot check StackSets access (${errorText(err)})`,
        'run from the management account with organizations:ListAWSServiceAccessForOrganization',
      );
    }
  },

  async function sesSender(c, config) {
    const name = 'SES sender';
    const sender = config.email.sender;
    const domain = sender.split('@')[1] ?? sender;
    let identity: { verified: boolean; dkim?: string; name: string } | undefined;
    for (const id of [sender, domain]) {
      try {
        const out = await c.ses.send(new GetEmailIdentityCommand({ EmailIdentity: id }));
        identity = {
          verified: out.VerifiedForSendingStatus === true,
          name: id,
          ...(out.DkimAttributes?.Status ? { dkim: out.DkimAttributes.Status } : {}),
        };
        if (identity.verified) break;
      } catch (err) {
        if (toError(err).name !== 'NotFoundException')
          return fail(
            name,
            `cannot read SES identities (${errorText(err)})`,
            'allow ses:GetEmailIdentity in us-east-1',
          );
      }
    }
    if (!identity?.verified)
      return fail(
        name,
        `${sender} is not a verified SES identity (nor ${domain})`,
        `verify it: aws sesv2 create-email-identity --email-identity ${domain} (then publish the DKIM records)`,
      );
    if (identity.dkim !== 'SUCCESS')
      return warn(
        name,
        `${identity.name} verified; DKIM ${identity.dkim ?? 'not set up'}`,
        'publish the DKIM CNAME records SES shows for the identity (mail may land in spam without them)',
      );
    // Production access (the sandbox) is its own check: "SES production access".
    return ok(name, `${identity.name} verified with DKIM`);
  },
];
