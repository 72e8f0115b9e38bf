/** Runs a piece of work when a place is free: at most a fixed number of them at once. */
export type Bounded = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * A limit of `places` pieces of work at once (AWS throttles bursts of reads; the SDK retries the
 * rest), in the order they were asked for. Work that fails frees its place like work that ends.
 */
export function bounded(places: number): Bounded {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= places) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await work();
    } finally {
      release();
    }
  };
}
