// Child process that plays the Lambda runtime for one built bundle: it imports the bundle once (one
// cold start) and runs its handler once per 'invoke' message, with a context whose remaining time
// counts down from the function's timeout and whose request id the parent chooses (Lambda keeps
// one request id across the retries of an asynchronous invoke). Retries, timeouts and their
// spacing are the parent's (lambda-process.ts). Plain JavaScript: nothing between the bundle and Node.
import { pathToFileURL } from 'node:url';

let handler;
const started = Date.now();

const context = ({ functionName, requestId, timeoutMs }) => {
  const deadline = Date.now() + timeoutMs;
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
};

/** An error and its causes, as names and messages (the real cause is often a few levels down). */
const describe = (err) => {
  const causes = [];
  for (let e = err?.cause, depth = 0; e && depth < 5; e = e.cause, depth++) {
    causes.push({ name: e.name ?? 'Error', message: e.message ?? String(e) });
  }
  return { name: err?.name ?? 'Error', message: err?.message ?? String(err), causes };
};

process.on('message', async (message) => {
  if (message.type === 'load') {
    try {
      const t0 = performance.now();
      ({ handler } = await import(pathToFileURL(message.bundle).href));
      process.send({ type: 'loaded', initMs: performance.now() - t0, sinceStartMs: Date.now() - started });
    } catch (err) {
      process.send({ type: 'loaded', error: describe(err) });
    }
    return;
  }
  if (message.type === 'invoke') {
    const t0 = performance.now();
    try {
      const result = await handler(message.event, context(message));
      const durationMs = performance.now() - t0;
      const maxRssMb = process.resourceUsage().maxRSS / 1024;
      process.send({ type: 'result', ok: true, result, durationMs, maxRssMb });
    } catch (err) {
      process.send({ type: 'result', ok: false, error: describe(err) });
    }
  }
});
