import * as z from 'zod';
import { DEFAULT_MAX_SNOOZE_DAYS, MAX_SNOOZE_DAYS_LIMIT } from '../alert-lifecycle.js';
import { anomaliesSchema } from './anomalies.js';
import { channelIssues, chatSection } from './chat.js';
import { billingCurrency, displayCurrency } from './currency.js';
import { emailSection } from './email.js';
import { hhmm, timeZone } from './field-formats.js';
import { organizationSection } from './organization.js';
import { strict } from './strict-object.js';
import { rootOverrideIssues, scopeIssues, thresholdScopes } from './threshold-scopes.js';

/** Locales the message catalogue knows. */
export const LOCALES = ['en', 'ko', 'ja'] as const;

/** The whole `billing-alarms.config.yaml`: its sections, and the checks across them. */
export const configSchema = strict({
  organization: organizationSection,
  thresholds: thresholdScopes,
  email: emailSection,
  locale: z.enum(LOCALES).default('en'),
  timeZone: timeZone.default('UTC'),
  currency: billingCurrency,
  displayCurrency: displayCurrency.optional(),
  alarmNamePrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]{3,40}$/, 'must be 3–40 letters, digits, "-" or "_"')
    .default('billing-alarm-'),
  memberMetricDimensions: z.enum(['Currency', 'CurrencyAndLinkedAccount']).default('Currency'),
  /**
   * Where each account's alarms live: `member` (the StackSet's alarms inside the account), `payer`
   * (alarms in the management account on `EstimatedCharges` with `LinkedAccount`, which AWS
   * documents), `auto` (member alarms first; payer alarms for an account whose member alarms reported
   * no data within `autoAfterHours` of being deployed).
   */
  alarms: strict({
    placement: z.enum(['member', 'payer', 'auto']).default('auto'),
    autoAfterHours: z
      .number()
      .int()
      .min(6)
      .max(24 * 14)
      .default(24),
    /**
     * The alarm email's month-end forecast: `runRate` (the last days' pace, from the one Cost
     * Explorer request the alarm makes) or `costExplorer` (also Cost Explorer's own forecast for
     * the account, named as such: one more request, $0.01, per alarm).
     */
    forecast: z.enum(['runRate', 'costExplorer']).default('runRate'),
  }).default({ placement: 'auto', autoAfterHours: 24, forecast: 'runRate' }),
  /**
   * Reserve concurrency for the alarm (5), governance (1) and publisher (2) Lambdas. Lambda refuses a
   * reservation that leaves fewer than 100 unreserved executions, so accounts whose quota is below
   * 108 (new accounts start at 10) set this to false; `billing-alarms doctor` checks the quota.
   */
  reservedConcurrency: z.boolean().default(true),
  report: strict({
    times: z.array(hhmm).min(1).default(['12:00', '18:00']),
    topN: z.number().int().min(1).max(20).default(5),
  }).default({ times: ['12:00', '18:00'], topN: 5 }),
  costSnapshotTtlMinutes: z.number().int().min(5).max(1440).default(240),
  chat: chatSection,
  /** Answering alerts (acknowledge, snooze, plan): the longest snooze or plan an operator may set. */
  lifecycle: strict({
    maxSnoozeDays: z.number().int().min(1).max(MAX_SNOOZE_DAYS_LIMIT).default(DEFAULT_MAX_SNOOZE_DAYS),
  }).default({ maxSnoozeDays: DEFAULT_MAX_SNOOZE_DAYS }),
  /** What every figure counts: Cost Explorer's metric, and record types left out of usage. */
  costBasis: strict({
    metric: z
      .enum(['UnblendedCost', 'AmortizedCost', 'NetUnblendedCost', 'NetAmortizedCost'])
      .default('UnblendedCost'),
    /** Besides credits and refunds (always shown apart): Tax, Support. */
    exclude: z.array(z.enum(['Tax', 'Support'])).default([]),
  }).default({ metric: 'UnblendedCost', exclude: [] }),
  /** Cost Anomaly Detection's anomalies through the same pipeline (DESIGN.md, "Anomalies like alarms"); absent, none. */
  anomalies: anomaliesSchema.optional(),
  costExplorer: strict({
    /** A billing view shared with this account (delegated admin): passed as BillingViewArn to every Cost Explorer read. */
    billingViewArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:billing::\d{12}:billingview\/[a-zA-Z0-9/:_+=.\-@]{0,59}[a-zA-Z0-9]$/,
        'must be a billing view ARN such as "arn:aws:billing::123456789012:billingview/custom-1a2b3c4d" (aws billing list-billing-views)',
      )
      .optional(),
  }).default({}),
}).superRefine((cfg, ctx) => {
  const issues = [
    ...scopeIssues(cfg.thresholds),
    ...channelIssues(cfg.chat, cfg.thresholds),
    ...rootOverrideIssues(cfg.thresholds),
  ];
  for (const { path, message } of issues) ctx.addIssue({ code: 'custom', path: [...path], message });
});

/** The validated configuration. */
export type Config = z.output<typeof configSchema>;
/** The configuration as written in YAML. */
export type ConfigInput = z.input<typeof configSchema>;
