import { randomUUID } from 'node:crypto';

/**
 * What Lambda's success destination puts on the bus after an asynchronous invocation: the request,
 * and the answer as it leaves the function on AWS (without the view-model).
 */
export function destinationEvent(functionName: string, request: unknown, result: unknown) {
  const { viewModel: _viewModel, ...responsePayload } = (result ?? {}) as Record<string, unknown>;
  const functionArn = `arn:aws:lambda:us-east-1:000000000000:function:${functionName}:$LATEST`;
  const time = new Date().toISOString();
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Lambda Function Invocation Result - Success',
    source: 'lambda',
    account: '000000000000',
    time,
    region: 'us-east-1',
    resources: [functionArn],
    detail: {
      version: '1.0',
      timestamp: time,
      requestContext: {
        requestId: randomUUID(),
        functionArn,
        condition: 'Success',
        approximateInvokeCount: 1,
      },
      requestPayload: request,
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      responsePayload,
    },
  };
}
