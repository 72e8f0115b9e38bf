import { randomUUID } from 'node:crypto';

/**
 * What Lambda's success destination puts on the bus after an asynchronous invocation of
 * `functionArn`: the request, and the answer as it leaves the function on AWS (without the
 * view-model). The publisher reads `detail.responsePayload`; the alarm function hands its batch's
 * answers over in this shape, as `redrive` and the local runner do.
 */
export function destinationEvent(functionArn: string, request: unknown, result: unknown) {
  const { viewModel: _viewModel, ...responsePayload } = (result ?? {}) as Record<string, unknown>;
  const [, , , region = 'us-east-1', account = '000000000000'] = functionArn.split(':');
  const time = new Date().toISOString();
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Lambda Function Invocation Result - Success',
    source: 'lambda',
    account,
    time,
    region,
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

/** The ARN local runs give a function (the stand-ins' account). */
export function localFunctionArn(functionName: string): string {
  return `arn:aws:lambda:us-east-1:000000000000:function:${functionName}:$LATEST`;
}
