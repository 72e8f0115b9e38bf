import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** What an SDK client of a stand-in is built with: its endpoint, us-east-1, local keys, no retries. */
export function localClientConfig(endpoint: string) {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  };
}

/**
 * A stand-in over HTTP and an SDK client for it, started before each test (`per: 'test'`) or once
 * before the tests of the calling file or `describe` (`'all'`), and stopped after them.
 */
export function useStandIn<
  S extends { readonly endpoint: string; stop(): Promise<void> },
  C extends { destroy(): void },
>(
  start: () => Promise<S>,
  clientFor: (config: ReturnType<typeof localClientConfig>) => C,
  per: 'test' | 'all' = 'all',
): () => { standIn: S; client: C } {
  let running: { standIn: S; client: C } | undefined;
  (per === 'test' ? beforeEach : beforeAll)(async () => {
    const standIn = await start();
    running = { standIn, client: clientFor(localClientConfig(standIn.endpoint)) };
  });
  (per === 'test' ? afterEach : afterAll)(async () => {
    running?.client.destroy();
    await running?.standIn.stop();
    running = undefined;
  });
  return () => {
    if (!running) throw new Error('the stand-in is not running');
    return running;
  };
}
