import { readFileSync } from 'node:fs';
import { ConfigError } from '../handlers/contract/config/parse.js';
import { type Command, CommandFailure, type CommandIo, parseCommandArgs, UsageError } from './command.js';
import { alertsAnswerCommands, alertsListCommand } from './commands/alerts.js';
import { benchCommand } from './commands/bench.js';
import { buildCommand } from './commands/build.js';
import { demoCommand } from './commands/demo.js';
import { doctorCommand } from './commands/doctor.js';
import { redriveCommand } from './commands/redrive.js';
import { reportCommand } from './commands/report.js';
import { sampleEventCommand } from './commands/sample-event.js';
import { serveCommand } from './commands/serve.js';
import { simulateCommand } from './commands/simulate.js';
import { thresholdsApplyCommand, thresholdsPlanCommand } from './commands/thresholds.js';
import { escapeForTerminal } from './terminal-text.js';

const COMMANDS: readonly Command[] = [
  demoCommand,
  sampleEventCommand,
  simulateCommand,
  reportCommand,
  redriveCommand,
  thresholdsPlanCommand,
  thresholdsApplyCommand,
  alertsListCommand,
  ...alertsAnswerCommands,
  serveCommand,
  doctorCommand,
  benchCommand,
  buildCommand,
] as unknown as readonly Command[];

// Nothing from AWS or the organisation may act on the terminal, in any command's output.
const io: CommandIo = {
  print: (text) => process.stdout.write(`${escapeForTerminal(text)}\n`),
  note: (text) => process.stderr.write(`${escapeForTerminal(text)}\n`),
};

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'billing-alarms <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}   ${c.summary}`),
    '',
    'billing-alarms <command> --help shows a command’s options. Every command takes --config FILE',
    '(default billing-alarms.config.yaml). billing-alarms --version prints the version.',
  ].join('\n');
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.note(usage());
    return 2;
  }
  if (first === '--help' || first === '-h') {
    io.print(usage());
    return 0;
  }
  if (first === '--version' || first === '-v') {
    io.print(version());
    return 0;
  }
  if (first === 'help') {
    const named = COMMANDS.find((c) => c.name === rest.join(' ')) ?? COMMANDS.find((c) => c.name === rest[0]);
    io.print(named ? named.help : usage());
    return 0;
  }
  // Two-word commands (`thresholds plan`) take their options after both words.
  const pair = COMMANDS.find((c) => c.name === `${first} ${rest[0]}`);
  const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `));
  if (!pair && group.length > 0 && (rest[0] === '--help' || rest[0] === '-h')) {
    io.print(
      [
        `billing-alarms ${first} <subcommand> [options]`,
        '',
        ...group.map((c) => `  ${c.name}   ${c.summary}`),
      ].join('\n'),
    );
    return 0;
  }
  const command = pair ?? COMMANDS.find((c) => c.name === first);
  const args = pair ? rest.slice(1) : rest;
  if (!command) {
    const sub = COMMANDS.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name);
    if (sub.length > 0)
      throw new UsageError(`${first} needs a subcommand: ${sub.join(', ')} (see billing-alarms --help)`);
    throw new UsageError(
      `unknown command "${first}"; commands: ${COMMANDS.map((c) => c.name).join(', ')} (see billing-alarms --help)`,
    );
  }
  const values = parseCommandArgs(command, args);
  if (values.help) {
    io.print(command.help);
    return 0;
  }
  if (!('verbose' in values && values.verbose)) {
    // The SDK's Node.js support notice is for maintainers, not for every run's output.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  }
  return command.run(values, io);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(`billing-alarms: ${escapeForTerminal(err.message)}\n`);
      process.exit(2);
    }
    if (err instanceof CommandFailure) {
      process.stderr.write(`billing-alarms: ${escapeForTerminal(err.message)}\n`);
      process.exit(1);
    }
    const e = err instanceof Error ? err : new Error(String(err));
    process.stderr.write(`billing-alarms: ${escapeForTerminal(e.stack ?? e.message)}\n`);
    process.exit(1);
  },
);
