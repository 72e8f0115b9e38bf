import { type ParseArgsConfig, parseArgs } from 'node:util';
import { toError } from '../handlers/lib/result.js';

/** A command-line mistake: printed in one line without a stack trace, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure that is not the input's fault but needs no stack trace: printed in one line, exit code 1. */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
}

/** The options of one command, as `node:util` `parseArgs` takes them. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
export const COMMON_OPTIONS = {
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

/** One `billing-alarms` command: its options, its help and what it does. */
export interface Command<O extends OptionSpec = OptionSpec> {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The synopsis and an explanation of each option, for `billing-alarms <command> --help`. */
  readonly help: string;
  readonly options: O;
  /** The option a leading bare word fills (`alerts ack 123456789012` is `--account 123456789012`). */
  readonly positional?: keyof O & string;
  /** Runs the command with its parsed options; resolves to the exit code. */
  run(values: ParsedValues<O & typeof COMMON_OPTIONS>, io: CommandIo): Promise<number>;
}

/** Where a command writes. */
export interface CommandIo {
  /** One line to standard output. */
  readonly print: (text: string) => void;
  /** One line to standard error (progress, notes). */
  readonly note: (text: string) => void;
}

/** The values `parseArgs` returns for a set of options. */
export type ParsedValues<O extends OptionSpec> = ReturnType<
  typeof parseArgs<{ options: O; strict: true }>
>['values'];

/** Defines a command (keeps the option types for `run`). */
export function defineCommand<O extends OptionSpec>(command: Command<O>): Command<O> {
  return command;
}

/**
 * Parses one command's arguments with its own options only. An option of another command, a
 * missing value or a stray word is a usage error that names what the command takes.
 */
export function parseCommandArgs<O extends OptionSpec>(
  command: Command<O>,
  args: string[],
): ParsedValues<O & typeof COMMON_OPTIONS> {
  const options = { ...command.options, ...COMMON_OPTIONS } as O & typeof COMMON_OPTIONS;
  const [first, ...others] = args;
  if (command.positional && first !== undefined && !first.startsWith('-'))
    args = [`--${command.positional}`, first, ...others];
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as ParsedValues<
      O & typeof COMMON_OPTIONS
    >;
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (!code.startsWith('ERR_PARSE_ARGS')) throw err;
    const allowed = Object.keys(options)
      .map((name) => `--${name}`)
      .join(', ');
    const first = toError(err).message.split(/\.( |$)/)[0] ?? '';
    const message = first.charAt(0).toLowerCase() + first.slice(1);
    throw new UsageError(
      `${command.name}: ${message}; ${command.name} takes ${allowed} (see billing-alarms ${command.name} --help)`,
    );
  }
}
