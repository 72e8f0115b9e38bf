import * as z from 'zod';
import { DEFAULT_MAX_SNOOZE_DAYS, MAX_SNOOZE_DAYS_LIMIT } from '../alert-lifecycle.js';
import { MAX_RUNGS, RUNG_NAME_PATTERN } from '../ladder.js';
import { anomaliesSchema } from './anomalies.js';
import { fastBurnFields } from './fast-burn.js';
import { resolveLadder } from './ladder-fields.js';

/** An object schema that rejects unknown keys and names the keys it allows. */
function strict<T extends z.ZodRawShape>(shape: T) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `unknown key${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((k) => `"${k}"`).join(', ')}; allowed keys: ${allowed}`
        : undefined,
  });
}

/** Locales the message catalogue knows. */
export const LOCALES = ['en', 'ko', 'ja'] as const;

/** A 12-digit AWS account id. */
export const accountId = z
  .string()
  .regex(/^\d{12}$/, 'must be a 12-digit AWS account id in quotes, e.g. "123456789012"');
/** An organizational unit id (or the root's). */
export const ouId = z
  .string()
  .regex(
    /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/,
    'must be an organizational unit id such as "ou-ab12-cd34ef56" (or the root, "r-ab12")',
  );
const email = z.email('must be an e-mail address such as "finops@example.com"');
/** The largest threshold: a billion in the billing currency (past it a number is a typo, not a budget). */
export const MAX_THRESHOLD = 1_000_000_000;
const amount = z
  .number({ error: 'must be a number (an amount in the billing currency)' })
  .finite()
  .nonnegative('must be zero or more')
  .max(MAX_THRESHOLD, `must be at most ${MAX_THRESHOLD.toLocaleString('en')}`);

/** A tier's threshold as the configuration and the billing-alarms tags accept it: warning 0 means none, critical more than 0. */
export const tierThreshold = {
  warning: amount,
  critical: amount.positive('must be more than zero (the critical alarm cannot be turned off)'),
} as const;
const timeZone = z.string().superRefine((tz, ctx) => {
  const problem = timeZoneProblem(tz);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as "HH:MM", e.g. "12:00"');

/** One rung as written: a percentage of the budget (`"120%"`) or an amount (`1500`). */
const RUNG_SPEC_ERROR =
  'must be a percentage of the budget such as "120%" (in quotes, at most two decimals) or an amount more than zero such as 1500 (at most two decimals)';
export const rungSpec = z.union(
  [
    z.string().regex(/^\d{1,4}(\.\d{1,2})?%$/, RUNG_SPEC_ERROR),
    z
      .number({ error: RUNG_SPEC_ERROR })
      .refine((n) => n > 0 && n <= MAX_THRESHOLD && RUNG_NAME_PATTERN.test(String(n)), RUNG_SPEC_ERROR),
  ],
  { error: RUNG_SPEC_ERROR },
);

/** A ladder as written: one to {@link MAX_RUNGS} rungs, lowest first; a rung past the last slot is named. */
export const rungList = z
  .array(rungSpec)
  .min(1, 'list at least one rung, e.g. ["80%", "100%"]')
  .superRefine((list, ctx) => {
    if (list.length > MAX_RUNGS)
      ctx.addIssue({
        code: 'custom',
        path: [MAX_RUNGS],
        message: `at most ${MAX_RUNGS} rungs (the member template has ${MAX_RUNGS} rung slots); this list has ${list.length}: remove this rung and those after it`,
      });
  });

/** Whether a written ladder passed its own schema (else its issues are already named). */
function wellFormed(list: readonly unknown[]): boolean {
  return list.length <= MAX_RUNGS && list.every((r) => rungSpec.safeParse(r).success);
}

/** The monthly amount percentage rungs refer to. */
export const budgetAmount = amount.positive('must be more than zero (the amount percentage rungs refer to)');

/** The most an account may spend in 24 hours before its daily-rate alarm goes off; 0 means no such alarm. */
export const dailyLimitAmount = amount;

/**
 * The ladder fields of a scope: `warning`/`critical` (the two-rung ladder; `warning: 0` means no
 * warning alarm) or `rungs`, with `budget` for percentage rungs. Which rungs apply is resolved by
 * `resolveLadder` (config/thresholds.ts), here and for tags alike.
 */
const ladderShape = {
  warning: amount.optional(),
  critical: amount.positive('must be more than zero').optional(),
  budget: budgetAmount.optional(),
  rungs: rungList.optional(),
  /** The daily-rate alarm's limit (the increase over 24 hours); from the most specific scope that sets it, 0 for none. */
  dailyLimit: dailyLimitAmount.optional(),
};

// `fastBurn`: alerts from launches, opt-in (DESIGN.md, "Fast burn from launches").
const tierThresholds = strict({ ...ladderShape, fastBurn: fastBurnFields.optional() });

const overrideShape = {
  ...ladderShape,
  description: z.string().max(256).optional(),
  recipients: z.array(email).max(40).default([]),
  /** Chat channels (names from `chat.channels`) that also get this scope's alarms. */
  chatChannels: z.array(z.string()).max(10).default([]),
  fastBurn: fastBurnFields.optional(),
};

const chatChannel = strict({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1–40 lowercase letters, digits or "-"'),
  type: z.enum(['slack', 'teams', 'amazonQ']),
  /** Slack and Teams: the Secrets Manager secret whose SecretString is the webhook URL. */
  webhookSecretArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/,
      'must be a Secrets Manager secret ARN',
    )
    .optional(),
  /**
   * The customer-managed KMS key that encrypts the webhook secret or the Amazon Q topic, if any:
   * the publisher may then use it (kms:Decrypt for the secret; kms:GenerateDataKey* and kms:Decrypt
   * to publish to an encrypted topic). AWS-managed keys need nothing.
   */
  kmsKeyArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[a-f0-9-]{36}$/,
      'must be a KMS key ARN such as "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"',
    )
    .optional(),
  /** Amazon Q Developer in chat applications: the SNS topic its channel subscribes to. */
  topicArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, 'must be an SNS topic ARN')
    .optional(),
});

const accountOverride = strict({ id: accountId, name: z.string().max(128).optional(), ...overrideShape });
const ouOverride = strict({ id: ouId, ...overrideShape });

/** The whole `billing-alarms.config.yaml`. */
export const configSchema = strict({
  organization: strict({
    id: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'must be an organization id such as "o-a1b2c3d4e5"'),
    managementAccountId: accountId,
    targetOrganizationalUnitIds: z.array(ouId).min(1, 'list at least one OU id (or the root id)'),
    /**
     * Only `SELF`: the billing stack (and its StackSet) deploys to the management account, where
     * CloudFormation refuses `CallAs=DELEGATED_ADMIN` (DESIGN.md, "Facts that bite").
     */
    callAs: z
      .enum(['SELF', 'DELEGATED_ADMIN'])
      .default('SELF')
      .refine((v) => v === 'SELF', {
        error:
          'DELEGATED_ADMIN is not supported: the billing stack and its StackSet deploy to the management account, where CloudFormation refuses CallAs=DELEGATED_ADMIN; set callAs: SELF and deploy from the management account (README, "Delegated administrators")',
      })
      .transform(() => 'SELF' as const),
  }),
  thresholds: strict({
    default: tierThresholds,
    organizationalUnits: z.array(ouOverride).default([]),
    accounts: z.array(accountOverride).default([]),
  }),
  email: strict({
    sender: email,
    centralRecipients: z.array(email).min(1, 'list at least one central recipient').max(40),
    // Each operator is an SNS email subscription, one CloudFormation resource each (500 per stack).
    operatorRecipients: z
      .array(email)
      .max(50, 'list at most 50 operators (each is an SNS subscription); use a mailing list address for more')
      .default([]),
    notifyOnOk: z.boolean().default(false),
    /** One ALARM email per account and tier per this many hours; later transitions are counted, not mailed. */
    realertAfterHours: z
      .number()
      .min(0)
      .max(24 * 31)
      .default(24),
    /** Alarm emails per hour across the organisation before one digest goes out instead. */
    maxAlarmEmailsPerHour: z.number().int().min(1).max(10_000).default(100),
    configurationSetName: z.string().min(1).optional(),
    /** Also mail each account's BILLING alternate contact (Account API; trusted access for AWS Account Management). */
    billingAlternateContact: z.boolean().default(false),
  }),
  locale: z.enum(LOCALES).default('en'),
  timeZone: timeZone.default('UTC'),
  /**
   * The billing currency: `EstimatedCharges` is published in USD only, so the alarms watch USD and
   * Cost Explorer's `Unit` is checked against it. Other currencies are for display (`displayCurrency`).
   */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "USD"')
    .refine((c) => c === 'USD', {
      error:
        'must be "USD": AWS publishes EstimatedCharges in USD only, so alarms in any other currency never get data; to show amounts in another currency set displayCurrency: { code, rate, asOf }',
    })
    .default('USD'),
  /**
   * Amounts in another currency beside the billed ones, at a fixed rate: for teams that read JPY or
   * KRW. Labelled with the rate and its date; never replaces the billed figure.
   */
  displayCurrency: strict({
    code: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "KRW"'),
    rate: z
      .number({ error: 'must be a number: units of `code` per unit of `currency`' })
      .finite()
      .positive('must be more than zero'),
    asOf: z.iso.date({ error: 'must be the date of the rate as "YYYY-MM-DD"' }),
  }).optional(),
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
  /** Chat channels (Slack, Teams, Amazon Q) and which of them get every alarm and the report. */
  chat: strict({
    channels: z.array(chatChannel).max(20).default([]),
    central: z.array(z.string()).max(10).default([]),
    /**
     * Alarm posts per channel per hour before the channel gets one storm digest instead (the chat
     * counterpart of `email.maxAlarmEmailsPerHour`); further alarms that hour are not posted there.
     */
    maxPostsPerChannelPerHour: z.number().int().min(1).max(1000).default(10),
    /**
     * The Slack app's signing secret (Secrets Manager secret ARN, SecretString = the secret): with
     * it, Slack alarm messages carry Acknowledge / Snooze / Planned buttons, and the action
     * function URL verifies Slack's interactivity requests at `<url>/slack/actions` with it.
     */
    slackSigningSecretArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/,
        "must be a Secrets Manager secret ARN (the Slack app's signing secret, from its Basic Information page)",
      )
      .optional(),
  }).default({ channels: [], central: [], maxPostsPerChannelPerHour: 10 }),
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
  const def = cfg.thresholds.default;
  const ladderIssues = (fields: typeof def, path: (string | number)[], scope: typeof def | undefined) => {
    if (fields.rungs && (fields.warning !== undefined || fields.critical !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'rungs'],
        message: 'set either rungs (with budget for percentages) or warning/critical, not both',
      });
    else if ([fields.rungs, def.rungs].every((list) => list === undefined || wellFormed(list))) {
      const resolved = resolveLadder(scope, def);
      if (!resolved.ok)
        ctx.addIssue({ code: 'custom', path: [...path, resolved.field], message: resolved.problem });
    }
  };
  ladderIssues(def, ['thresholds', 'default'], undefined);
  const scopes = [
    ['organizationalUnits', cfg.thresholds.organizationalUnits],
    ['accounts', cfg.thresholds.accounts],
  ] as const;
  for (const [scope, list] of scopes) {
    const seen = new Set<string>();
    list.forEach((o, i) => {
      if (seen.has(o.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['thresholds', scope, i, 'id'],
          message: `duplicate id ${o.id}`,
        });
      }
      seen.add(o.id);
      ladderIssues(o, ['thresholds', scope, i], o);
    });
  }
  const channelNames = new Set<string>();
  cfg.chat.channels.forEach((c, i) => {
    if (channelNames.has(c.name))
      ctx.addIssue({
        code: 'custom',
        path: ['chat', 'channels', i, 'name'],
        message: `duplicate channel ${c.name}`,
      });
    channelNames.add(c.name);
    if (c.type === 'amazonQ' && !c.topicArn)
      ctx.addIssue({
        code: 'custom',
        path: ['chat', 'channels', i, 'topicArn'],
        message: 'an amazonQ channel needs the SNS topicArn its Amazon Q channel subscribes to',
      });
    if (c.type !== 'amazonQ' && !c.webhookSecretArn)
      ctx.addIssue({
        code: 'custom',
        path: ['chat', 'channels', i, 'webhookSecretArn'],
        message: `a ${c.type} channel needs webhookSecretArn: a Secrets Manager secret holding the webhook URL`,
      });
  });
  const references: { path: (string | number)[]; names: string[] }[] = [
    { path: ['chat', 'central'], names: cfg.chat.central },
    ...cfg.thresholds.organizationalUnits.map((o, i) => ({
      path: ['thresholds', 'organizationalUnits', i, 'chatChannels'],
      names: o.chatChannels,
    })),
    ...cfg.thresholds.accounts.map((a, i) => ({
      path: ['thresholds', 'accounts', i, 'chatChannels'],
      names: a.chatChannels,
    })),
  ];
  for (const { path, names } of references) {
    for (const name of names) {
      if (!channelNames.has(name))
        ctx.addIssue({
          code: 'custom',
          path: [...path],
          message: `${name} is not a channel in chat.channels (${[...channelNames].join(', ') || 'none configured'})`,
        });
    }
  }
  // OU overrides may name target OUs or OUs nested under one (deepest wins); which OU is under which
  // is Organizations' knowledge, so `thresholds plan` and `doctor` check it, not the loader.
  cfg.thresholds.organizationalUnits.forEach((o, i) => {
    if (o.id.startsWith('r-')) {
      ctx.addIssue({
        code: 'custom',
        path: ['thresholds', 'organizationalUnits', i, 'id'],
        message: `${o.id} is the root: put the organisation-wide thresholds in thresholds.default instead`,
      });
    }
  });
});

/** The validated configuration. */
export type Config = z.output<typeof configSchema>;
/** The configuration as written in YAML. */
export type ConfigInput = z.input<typeof configSchema>;

/**
 * Why a time zone is not an exact IANA name, or undefined. Intl accepts any case ("asia/seoul"),
 * but EventBridge Scheduler and readers need the exact name, so the case must match too.
 */
function timeZoneProblem(tz: string): string | undefined {
  const hint = 'must be an IANA time zone such as "UTC", "Europe/Berlin" or "Asia/Seoul"';
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return `${hint}; "${tz}" is not one`;
  }
  const exact =
    tz === resolved || Intl.supportedValuesOf('timeZone').includes(tz) || /^(Etc\/)?(UTC|GMT)$/.test(tz);
  if (exact) return undefined;
  const sameCase = [resolved, ...Intl.supportedValuesOf('timeZone')].find(
    (z) => z.toLowerCase() === tz.toLowerCase(),
  );
  return sameCase ? `time zones are case-sensitive: write "${sameCase}", not "${tz}"` : undefined;
}
