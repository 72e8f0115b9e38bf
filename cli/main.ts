import { readFileSync } from 'node:fs';
import { ConfigError } from '../handlers/contract/config/parse.js';
import { CommandFailure, type CommandIo, parseCommandArgs, UsageError } from './command.js';
import { commandsNamed, COMMAND_NAMES as NAMES } from './command-registry.js';
import { escapeForTerminal } from './terminal-text.js';

// Nothing from AWS or the organisation may act on the terminal, in any command's output.
const io: CommandIo = {
  print: (text) => process.stdout.write(`${escapeForTerminal(text)}\n`),
  note: (text) => process.stderr.write(`${escapeForTerminal(text)}\n`),
};

/** The list of every command (loads them all: only for the help). */
async function usage(): Promise<string> {
  const commands = await commandsNamed(NAMES);
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'billing-alarms <command> [options]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}   ${c.summary}`),
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
    io.note(await usage());
    return 2;
  }
  if (first === '--help' || first === '-h') {
    io.print(await usage());
    return 0;
  }
  if (first === '--version' || first === '-v') {
    io.print(version());
    return 0;
  }
  if (first === 'help') {
    const name = NAMES.find((n) => n === rest.join(' ')) ?? NAMES.find((n) => n === rest[0]);
    const [named] = name ? await commandsNamed([name]) : [];
    io.print(named ? named.help : await usage());
    return 0;
  }
  // Two-word commands (`thresholds plan`) take their options after both words.
  const pair = NAMES.find((n) => n === `${first} ${rest[0]}`);
  const groupNames = NAMES.filter((n) => n.startsWith(`${first} `));
  if (!pair && groupNames.length > 0 && (rest[0] === '--help' || rest[0] === '-h')) {
    const group = await commandsNamed(groupNames);
    io.print(
      [
        `billing-alarms ${first} <subcommand> [options]`,
        '',
        ...group.map((c) => `  ${c.name}   ${c.summary}`),
      ].join('\n'),
    );
    return 0;
  }
  const name = pair ?? NAMES.find((n) => n === first);
  const args = pair ? rest.slice(1) : rest;
  if (!name) {
    if (groupNames.length > 0)
      throw new UsageError(
        `${first} needs a subcommand: ${groupNames.join(', ')} (see billing-alarms --help)`,
      );
    throw new UsageError(
      `unknown command "${first}"; commands: ${NAMES.join(', ')} (see billing-alarms --help)`,
    );
  }
  const [command] = await commandsNamed([name]);
  if (!command) throw new Error(`the command module of "${name}" does not define it`);
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
