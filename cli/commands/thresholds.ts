import { defineCommand } from '../command.js';
import { configFrom } from '../options.js';
import { runApply, runPlan } from '../thresholds.js';

const WHERE = `  --local            against the local stand-ins (an organisation kept in .build/local-aws between runs)
                     instead of AWS (credentials from the usual AWS chain; Region us-east-1)
  --config FILE      the configuration (default billing-alarms.config.yaml)`;

const PRECEDENCE = `  Desired thresholds, lowest precedence first: thresholds.default, the account's OU override,
  the account override, then the account's tags billing-alarms:budget, billing-alarms:rungs
  ("50% 80% 100%" or "1500 2400") or billing-alarms:warning / billing-alarms:critical.
  Deployed: the StackSet's parameters and each stack instance's overrides.`;

/** The `--local` option both thresholds commands take. */
const LOCAL_OPTION = { local: { type: 'boolean', default: false } } as const;

/** What plan and apply both read from their parsed options: the configuration and `--local`. */
function sharedRunOptions(values: { config?: string | undefined; local: boolean }) {
  return { config: configFrom(values.config), local: values.local };
}

/** `billing-alarms thresholds plan`. */
export const thresholdsPlanCommand = defineCommand({
  name: 'thresholds plan',
  summary: 'desired thresholds (configuration, tags) against the deployed StackSet; changes only',
  help: `billing-alarms thresholds plan [--json] [--detailed-exitcode] [--local] [--config FILE]

  Lists every stack instance whose thresholds differ from the desired ones: account, name, OU,
  rung, deployed → desired and why, then a summary line. Changes nothing.

${PRECEDENCE}

  --json               print {"changes":[{"accountId","rung","deployed","desired","reason"}],"unchanged":n}
  --detailed-exitcode  exit 2 when there are changes, 0 when none (for CI, as terraform plan does)
${WHERE}`,
  options: {
    json: { type: 'boolean', default: false },
    'detailed-exitcode': { type: 'boolean', default: false },
    ...LOCAL_OPTION,
  },
  async run(values, io) {
    const plan = await runPlan({ ...sharedRunOptions(values), json: values.json, io });
    return values['detailed-exitcode'] && plan.changes.length > 0 ? 2 : 0;
  },
});

/** `billing-alarms thresholds apply`. */
export const thresholdsApplyCommand = defineCommand({
  name: 'thresholds apply',
  summary: 'push the planned thresholds to the stack instances (UpdateStackInstances), no redeploy',
  help: `billing-alarms thresholds apply [--yes] [--local] [--config FILE]

  Shows the plan, asks (unless --yes), then sets each changed account's thresholds as parameter
  overrides of its stack instance: one UpdateStackInstances per distinct (warning, critical) pair,
  OU targets narrowed to the accounts (INTERSECTION, at most 50 OUs per call), CallAs from the
  configuration; waits for each operation, retries while another operation runs, and prints the
  outcome per account. Exits 1 when an account failed. A plan right after shows no changes.

${PRECEDENCE}

  --yes              apply without asking (needed when not run from a terminal)
${WHERE}`,
  options: {
    yes: { type: 'boolean', default: false },
    ...LOCAL_OPTION,
  },
  async run(values, io) {
    const outcomes = await runApply({ ...sharedRunOptions(values), yes: values.yes, io });
    return outcomes?.some((o) => o.status !== 'SUCCEEDED') ? 1 : 0;
  },
});
