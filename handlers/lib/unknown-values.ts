// Reading values of unknown shape (events, SDK errors, stored items) without type assertions.

/** A plain object's own fields, or none for anything else. */
export function fieldsOf(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value))
    : {};
}

/** One field of a value of unknown shape, as a string (undefined when absent or not a string). */
export function stringField(value: unknown, key: string): string | undefined {
  const v = fieldsOf(value)[key];
  return typeof v === 'string' ? v : undefined;
}

/** Whether a value is one of a list of literals, narrowing it to them. */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return list.some((item) => item === value);
}
