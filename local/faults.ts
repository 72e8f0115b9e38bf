/** How a fault takes its value: none, a count (`=N`), milliseconds (`=MS`), or one fixed word. */
export type FaultKind = 'flag' | 'count' | 'ms' | { readonly word: string };

/** A fault list's grammar: each fault's name and how it takes its value. */
export type FaultGrammar = Readonly<Record<string, FaultKind>>;

/** A fault flag that does not parse; its message names the flag, the bad part and what is allowed. */
export class FaultFlagError extends Error {
  override readonly name = 'FaultFlagError';
}

const describe = (grammar: FaultGrammar) =>
  Object.entries(grammar)
    .map(([name, kind]) =>
      kind === 'flag'
        ? name
        : kind === 'count'
          ? `${name}=N`
          : kind === 'ms'
            ? `${name}=MS`
            : `${name}=${kind.word}`,
    )
    .join(', ');

/**
 * Parses a comma-separated fault list such as `throttle=2,slow=800` against its grammar: each
 * fault once, with the value its kind takes. Absent or empty means no fault.
 */
export function parseFaultList(
  flag: string,
  text: string | undefined,
  grammar: FaultGrammar,
): Record<string, true | number> {
  const out: Record<string, true | number> = {};
  if (!text) return out;
  for (const part of text.split(',').map((p) => p.trim())) {
    const [name = '', value] = part.split('=', 2) as [string, string | undefined];
    const kind = grammar[name];
    const fail = (why: string) => {
      throw new FaultFlagError(
        `${flag}: ${why} in "${text}"; it takes ${describe(grammar)}, comma-separated`,
      );
    };
    if (!kind) fail(`"${name}" is not a fault`);
    if (name in out) fail(`"${name}" appears twice`);
    if (kind === 'flag') {
      if (value !== undefined) fail(`"${name}" takes no value`);
      out[name] = true;
    } else if (kind === 'count' || kind === 'ms') {
      if (value === undefined || !/^\d+$/.test(value))
        fail(`"${name}" needs ${kind === 'count' ? 'a count' : 'milliseconds'}, e.g. ${name}=2`);
      out[name] = Number(value);
    } else if (typeof kind === 'object') {
      if (value !== kind.word) fail(`"${name}" takes only ${name}=${kind.word}`);
      out[name] = true;
    }
  }
  return out;
}
