import { createInterface } from 'node:readline/promises';
import type { Config } from '../handlers/contract/config/schema.js';
import {
  dailyLimitOf,
  isTwoTierLadder,
  type Ladder,
  thresholdOf,
  usedRungs,
} from '../handlers/contract/ladder.js';
import { type AccountOutcome, applyUpdates } from '../handlers/lib/governance/apply-thresholds.js';
import { syncPayerAlarms } from '../handlers/lib/governance/payer-alarms.js';
import { planThresholds, type ThresholdPlan } from '../handlers/lib/governance/threshold-plan.js';
import type { CommandIo } from './command.js';
import { UsageError } from './command.js';
import { governanceClients } from './local-aws.js';
import { NAME_WIDTH, terminalText } from './terminal-text.js';

/** The plan as `--json` prints it. */
export function planJson(plan: ThresholdPlan) {
  return {
    changes: plan.changes.map(({ accountId, rung, deployed, desired, reason, placement }) => ({
      accountId,
      rung,
      deployed,
      desired,
      reason,
      ...(placement ? { placement } : {}),
    })),
    unchanged: plan.unchanged,
    ...(plan.ignoredTags.length > 0
      ? {
          ignoredTags: plan.ignoredTags.map(({ accountId, tag, value, why }) => ({
            accountId,
            tag,
            value,
            why,
          })),
        }
      : {}),
  };
}

/** The tags the plan ignored, one line each (account, tag and value, why), under a heading. */
function ignoredLines(plan: ThresholdPlan): string[] {
  if (plan.ignoredTags.length === 0) return [];
  return [
    '',
    `Ignored tag(s): ${plan.ignoredTags.length}; the configured thresholds apply instead.`,
    ...plan.ignoredTags.map(
      (i) =>
        `  ${i.accountId}  ${terminalText(i.tag, NAME_WIDTH)}="${terminalText(i.value, NAME_WIDTH)}"  ${terminalText(i.why)}`,
    ),
  ];
}

const money = (n: number) => (n === 0 ? 'off' : String(n));

/**
 * A ladder in one line: `warning 100, critical 200` (the two-rung ladder's words), `50% 2000, 100% 4000`,
 * and `daily 300` when it has a daily limit.
 */
function ladderText(ladder: Ladder): string {
  const daily = dailyLimitOf(ladder) > 0 ? `, daily ${money(dailyLimitOf(ladder))}` : '';
  if (isTwoTierLadder(ladder))
    return `warning ${money(thresholdOf(ladder, 'warning'))}, critical ${money(thresholdOf(ladder, 'critical'))}${daily}`;
  return `${usedRungs(ladder)
    .map((r) => (r.name === String(r.threshold) ? money(r.threshold) : `${r.name} ${money(r.threshold)}`))
    .join(', ')}${daily}`;
}

/** The plan as a table and a summary line. */
export function planTable(plan: ThresholdPlan, currency: string): string[] {
  const payer = plan.payer.puts.length + plan.payer.removes.length;
  const summary = `Plan: ${plan.updates.length} account(s) to update (${plan.changes.length - plan.payer.changes.length} threshold(s)), ${payer} payer alarm(s) to put or delete, ${plan.unchanged} unchanged.`;
  if (plan.changes.length === 0)
    return [
      `No changes: every stack instance runs with its desired thresholds (${plan.unchanged} unchanged).`,
      ...ignoredLines(plan),
    ];
  const rows = plan.changes.map((c) => [
    c.accountId,
    terminalText(c.accountName, NAME_WIDTH),
    terminalText(c.ouId ?? '-', NAME_WIDTH),
    c.placement === 'payer' ? `${c.rung} (payer alarm)` : c.rung,
    `${money(c.deployed)} → ${money(c.desired)} ${currency}`,
    terminalText(c.reason),
  ]);
  const head = ['account', 'name', 'OU', 'rung', 'deployed → desired', 'why'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line), '', summary, ...ignoredLines(plan)];
}

/** A progress bar for standard error. */
function progress(done: number, total: number): string {
  const width = 24;
  const filled = Math.round((done / total) * width);
  return `applying [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} operation(s)`;
}

/** Options of the thresholds commands. */
export interface ThresholdsOptions {
  readonly config: Config;
  readonly local: boolean;
  readonly io: CommandIo;
}

/** `thresholds plan`: resolves to the plan (the caller decides the exit code). */
export async function runPlan(options: ThresholdsOptions & { json: boolean }): Promise<ThresholdPlan> {
  const clients = await governanceClients(options.config, options.local);
  try {
    const plan = await planThresholds(
      clients.orgs,
      { cfn: clients.cfn, stackSetName: clients.stackSetName, callAs: options.config.organization.callAs },
      options.config,
      clients.cw,
    );
    if (options.json) options.io.print(JSON.stringify(planJson(plan)));
    else for (const line of planTable(plan, options.config.currency)) options.io.print(line);
    return plan;
  } finally {
    await clients.close();
  }
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY)
    throw new UsageError(
      'thresholds apply asks before it changes anything: add --yes to apply without asking',
    );
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** `thresholds apply`: the plan, a question unless `yes`, then the updates; resolves to the outcomes. */
export async function runApply(
  options: ThresholdsOptions & { yes: boolean },
): Promise<AccountOutcome[] | undefined> {
  const { io, config } = options;
  const clients = await governanceClients(config, options.local);
  try {
    const ref = { cfn: clients.cfn, stackSetName: clients.stackSetName, callAs: config.organization.callAs };
    const plan = await planThresholds(clients.orgs, ref, config, clients.cw);
    for (const line of planTable(plan, config.currency)) io.print(line);
    const payerWork = plan.payer.puts.length + plan.payer.removes.length;
    if (plan.updates.length === 0 && payerWork === 0) return [];
    if (
      !options.yes &&
      !(await confirm(
        `Apply ${plan.updates.length} account update(s) to ${clients.stackSetName} and ${payerWork} payer alarm change(s)? [y/N] `,
      ))
    ) {
      io.print('Nothing applied.');
      return undefined;
    }
    const outcomes = await applyUpdates(ref, plan.updates, {
      pollMs: options.local ? 20 : 5_000,
      onProgress: (done, total) => io.note(progress(done, total)),
    });
    io.print('');
    for (const o of outcomes) {
      io.print(
        `${o.accountId}  ${ladderText(o.thresholds)}  ${o.status}${o.reason ? ` (${terminalText(o.reason)})` : ''}`,
      );
    }
    const failed = outcomes.filter((o) => o.status !== 'SUCCEEDED').length;
    io.print(`Applied: ${outcomes.length - failed} account(s) updated${failed ? `, ${failed} failed` : ''}.`);
    if (payerWork > 0) {
      const sync = await syncPayerAlarms(
        clients.cw,
        plan.payer.puts,
        plan.payer.existing,
        plan.payer.removes,
      );
      io.print(
        `Payer alarms: ${sync.created.length} created, ${sync.updated.length} updated, ${sync.deleted.length} deleted.`,
      );
    }
    if (clients.stateFile) io.note(`local organisation kept in ${clients.stateFile}`);
    return outcomes;
  } finally {
    await clients.close();
  }
}
