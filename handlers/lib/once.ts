/**
 * A value made on first use and kept: for what a Lambda needs only on some invocations (a client
 * for one kind of event), so that its construction leaves the cold start of the others.
 */
export function once<T>(make: () => T): () => T {
  let made: { readonly value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
