// Child process that plays the Lambda runtime for one built bundle: it imports the bundle once
// (one cold start) and invokes its handler for each event the parent sends, retrying a failed
// invocation twice as Lambda's asynchronous invoke does. Plain JavaScript: nothing between the
// bundle and Node.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';

let handler;
const started = Date.now();

const context = (functionName) => {
  const deadline = Date.now() + 300_000;
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
};

process.on('message', async (message) => {
  if (message.type === 'load') {
    try {
      const t0 = performance.now();
      ({ handler } = await import(pathToFileURL(message.bundle).href));
      process.send({ type: 'loaded', initMs: performance.now() - t0, sinceStartMs: Date.now() - started });
    } catch (err) {
      process.send({ type: 'loaded', error: { name: err.name, message: err.message } });
    }
    return;
  }
  if (message.type === 'invoke') {
    const errors = [];
    for (let attempt = 1; attempt <= message.attempts; attempt++) {
      try {
        const t0 = performance.now();
        const result = await handler(message.event, context(message.functionName));
        const durationMs = performance.now() - t0;
        const maxRssMb = process.resourceUsage().maxRSS / 1024;
        process.send({ type: 'result', ok: true, result, attempts: attempt, errors, durationMs, maxRssMb });
        return;
      } catch (err) {
        errors.push({ name: err?.name ?? 'Error', message: err?.message ?? String(err) });
      }
    }
    process.send({ type: 'result', ok: false, attempts: message.attempts, errors });
  }
});
