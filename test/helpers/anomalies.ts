import { join } from 'node:path';
import { startLambda } from '../../cli/lambda-process.js';
import { parseConfig } from '../../handlers/contract/config/load.js';
import type { Config } from '../../handlers/contract/config/schema.js';
import { RUNTIME_ENV } from '../../handlers/contract/runtime-env.js';
import { accessKeyForFunction } from '../../local/request-log.js';
import type { StandIns } from '../../local/stand-ins.js';
import { tempOut, testBundles } from './bundles.js';
import { exampleConfigInput } from './config.js';

/** The example configuration with Cost Anomaly Detection's anomalies on (any monitor of the management account). */
export function anomaliesConfig(anomalies: Record<string, unknown> = {}): Config {
  const input = exampleConfigInput() as Record<string, Record<string, unknown>>;
  return parseConfig({ ...input, anomalies });
}

/** A function URL request (payload format 2.0) for the actions Lambda, as Lambda hands it over. */
export function functionUrlRequest(method: 'GET' | 'POST', url: string, form?: Record<string, string>) {
  const parsed = new URL(url);
  return {
    version: '2.0',
    rawPath: parsed.pathname,
    rawQueryString: method === 'GET' ? parsed.search.slice(1) : '',
    headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    ...(form ? { body: new URLSearchParams(form).toString(), isBase64Encoded: false } : {}),
    requestContext: { http: { method, sourceIp: '203.0.113.5' } },
  };
}

/** The feedback links of an anomaly email's text part, by label. */
export function feedbackLinksOf(text: string): Record<string, string> {
  const links: Record<string, string> = {};
  for (const m of text.matchAll(/^(Expected \(planned\)|Not an anomaly|Real anomaly): (https:\/\/\S+)$/gm))
    if (m[1] && m[2]) links[m[1]] = m[2];
  return links;
}

/** The actions bundle in its own process against the stand-ins, its clock pinned to `now`, signing with `keys`. */
export function startActions(standIns: StandIns, configFile: string, keys: string, now: Date) {
  const functionName = 'billing-actions';
  return startLambda(
    testBundles().actions,
    {
      ...standIns.env,
      AWS_ACCESS_KEY_ID: accessKeyForFunction(functionName),
      POWERTOOLS_SERVICE_NAME: functionName,
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      [RUNTIME_ENV.configFile]: configFile,
      [RUNTIME_ENV.actionKeys]: keys,
      [RUNTIME_ENV.now]: now.toISOString(),
    },
    join(tempOut(), 'billing-actions.log'),
    { functionName, timeoutMs: 30_000, retryDelaysMs: [] },
  );
}

/** A POST of a feedback link's form (its token and who), as the page's form sends it. */
export function postFeedback(link: string, by: string) {
  return functionUrlRequest('POST', link.replace(/\?.*$/, ''), {
    t: new URL(link).searchParams.get('t') ?? '',
    by,
  });
}
