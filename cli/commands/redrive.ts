import { existsSync, statSync } from 'node:fs';
import { costsOrganisation } from '../account-map.js';
import { defineCommand, UsageError } from '../command.js';
import { deadLettersFile, readDeadLetters } from '../dead-letters.js';
import { FAULT_HELP, FAULT_OPTIONS, faultsFrom } from '../fault-options.js';
import { loadLocalOrganisation } from '../local-aws.js';
import { configFrom, costsAndClock } from '../options.js';
import { type RedriveLine, redriveLocal, redrivenDir } from '../redrive.js';
import { redriveAws, redriveClients } from '../redrive-aws.js';
import { terminalText } from '../terminal-text.js';

/** The most messages one AWS redrive takes by default. */
const DEFAULT_MAX = 100;

/** `billing-alarms redrive`. */
export const redriveCommand = defineCommand({
  name: 'redrive',
  summary:
    'deliver what dead-lettered events still owe (the stack’s SQS queues, or --local); one line per event',
  help: `billing-alarms redrive [--max N] [--json] [--config FILE]
billing-alarms redrive --local [--out DIR] [--now ISO] [--ce-faults F] [--org-faults F] [--ses-faults F]
                       [--dynamodb-faults F] [--json] [--verbose] [--config FILE]

  Runs every dead-lettered event again on the function that failed it. The delivery ledger makes
  this safe: recipients SES already accepted are not mailed again, an event delivered meanwhile is a
  duplicate, and only what is still owed is sent. Prints one line per event — sent, duplicate,
  suppressed, skipped, rejected or failed, and whether it is still queued — and exits 1 when an
  event failed again (it stays in its queue for the next redrive).

  Against AWS (the operator policy, cli/iam/operator-policy.json, grants it): the SQS dead-letter
  queues of the BillingAlarmForwarder stack, each message invoked synchronously on its function
  (lambda:Invoke) so its outcome is known; a message leaves its queue only when the function
  answered. An answer that mailed something is handed to the publisher for chat and automation, as
  Lambda's success destination would have.

  --local         the local dead-letter queue simulate keeps in <out>/dead-letters.json (with the
                  state table the failed run left), run through the built bundles and stand-ins;
                  the emails go to <out>/redriven
  --out DIR       the folder simulate wrote (default out)
  --now ISO       the moment of the redrive (default the failed run's)
${FAULT_HELP}
  --max N         AWS: at most N messages in all (default ${DEFAULT_MAX})
  --json          one JSON object per event instead of a text line
  --verbose       show the bundle build's output and SDK warnings
  --config FILE   the configuration (default billing-alarms.config.yaml)`,
  options: {
    local: { type: 'boolean', default: false },
    out: { type: 'string' },
    now: { type: 'string' },
    max: { type: 'string' },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    ...FAULT_OPTIONS,
  },
  async run(values, io) {
    const config = configFrom(values.config);
    const print = (line: RedriveLine) => io.print(values.json ? JSON.stringify(line) : textLine(line));
    let lines: RedriveLine[];
    if (values.local) {
      if (values.max !== undefined)
        throw new UsageError('redrive: --max is for the AWS queues; --local redrives the whole local queue');
      const faults = faultsFrom(values);
      const out = values.out ?? 'out';
      if (!existsSync(out) || !statSync(out).isDirectory())
        throw new UsageError(
          `redrive: --out ${out} is not a folder; give the folder simulate wrote (--out DIR)`,
        );
      const file = deadLettersFile(out);
      const queue = readDeadLetters(file);
      if (!queue || queue.letters.length === 0) {
        io.note(`redrive: nothing dead-lettered in ${file}`);
        return 0;
      }
      const { costs, now } = await costsAndClock(queue.run.costs, values.now ?? queue.run.now, io.note);
      const organisation = queue.run.costs
        ? costsOrganisation(
            { costs: queue.run.costs, ...(queue.run.accounts ? { accounts: queue.run.accounts } : {}) },
            costs,
            config,
            io.note,
          )
        : await loadLocalOrganisation(config);
      lines = await redriveLocal({
        config,
        file,
        costs,
        organisation,
        now,
        outDir: redrivenDir(out),
        ...faults,
        bundleOptions: { verbose: values.verbose, onBuild: io.note },
        onLine: print,
      });
    } else {
      const local = ['out', 'now', 'ce-faults', 'org-faults', 'ses-faults', 'dynamodb-faults'] as const;
      const given = local.find((name) => values[name] !== undefined);
      if (given)
        throw new UsageError(`redrive: --${given} is for --local; against AWS only --max and --json apply`);
      const max = values.max === undefined ? DEFAULT_MAX : Number(values.max);
      if (!Number.isInteger(max) || max < 1 || max > 10_000)
        throw new UsageError(`redrive: --max ${values.max} is not a whole number from 1 to 10000`);
      const clients = redriveClients();
      try {
        lines = await redriveAws(clients, { max, onLine: print });
      } finally {
        clients.close();
      }
    }
    const failed = lines.filter((l) => l.status === 'failed').length;
    io.note(`redrive: ${lines.length} event(s), ${failed} failed${failed ? ' (still queued)' : ''}`);
    return failed > 0 ? 1 : 0;
  },
});

/** One event as a text line: status, event, what was sent, why. */
function textLine(line: RedriveLine): string {
  const parts = [line.status.padEnd(10), terminalText(line.event, 60)];
  if ('recipients' in line && line.recipients.length > 0)
    parts.push(`${line.recipients.length} recipient(s)`);
  if ('subject' in line && line.subject) parts.push(`“${terminalText(line.subject, 100)}”`);
  if ('reason' in line && line.reason) parts.push(`(${terminalText(line.reason, 200)})`);
  if (line.kept) parts.push('— still queued');
  return parts.join('  ');
}
