import { type Coordinates, DIMENSIONS, type Dimension, dimensionValue } from './cost-data.js';
import { CeError } from './cost-explorer-wire.js';

/** A Cost Explorer filter expression as a request writes it. */
export interface Expression {
  And?: Expression[];
  Or?: Expression[];
  Not?: Expression;
  Dimensions?: { Key?: string; Values?: string[] };
}

/** A dimension the stand-in groups and filters by, refusing any other as Cost Explorer would. */
export const dimension = (key: string | undefined): Dimension => {
  if (!key || !(DIMENSIONS as readonly string[]).includes(key))
    throw new CeError(
      'ValidationException',
      `Dimension ${key} is not supported here; use ${DIMENSIONS.join(', ')}`,
    );
  return key as Dimension;
};

/** A filter expression compiled once per request: a predicate, what it reads and which accounts it names. */
export interface CompiledFilter {
  where(c: Coordinates): boolean;
  readonly uses: Set<Dimension>;
  readonly accounts?: Set<string>;
}

const union = (sets: (Set<string> | undefined)[]) =>
  sets.every((s) => s) ? new Set(sets.flatMap((s) => [...(s as Set<string>)])) : undefined;
const intersection = (sets: (Set<string> | undefined)[]) => {
  const named = sets.filter((s): s is Set<string> => s !== undefined);
  if (named.length === 0) return undefined;
  const [first, ...rest] = named as [Set<string>, ...Set<string>[]];
  return new Set([...first].filter((v) => rest.every((s) => s.has(v))));
};

/** An And (`every` part matches, accounts intersected) or an Or (`some`, accounts united) of `list`. */
function combined(
  list: Expression[],
  match: 'every' | 'some',
  accountsOf: (sets: (Set<string> | undefined)[]) => Set<string> | undefined,
): CompiledFilter {
  const parts = list.map(compileFilter);
  const accounts = accountsOf(parts.map((p) => p.accounts));
  return {
    where: (c) => parts[match]((p) => p.where(c)),
    uses: new Set(parts.flatMap((p) => [...p.uses])),
    ...(accounts ? { accounts } : {}),
  };
}

/** Compiles a Cost Explorer filter expression, refusing what Cost Explorer would refuse. */
export function compileFilter(expr: Expression | undefined): CompiledFilter {
  if (!expr) return { where: () => true, uses: new Set() };
  if (expr.And) return combined(expr.And, 'every', intersection);
  if (expr.Or) return combined(expr.Or, 'some', union);
  if (expr.Not) {
    const inner = compileFilter(expr.Not);
    return { where: (c) => !inner.where(c), uses: inner.uses };
  }
  if (expr.Dimensions) {
    const key = dimension(expr.Dimensions.Key);
    const values = new Set(expr.Dimensions.Values ?? []);
    return {
      where: (c) => values.has(dimensionValue(c, key)),
      uses: new Set([key]),
      ...(key === 'LINKED_ACCOUNT' ? { accounts: values } : {}),
    };
  }
  throw new CeError('ValidationException', 'Expression must have And, Or, Not or Dimensions');
}
