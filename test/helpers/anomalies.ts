import { parseConfig } from '../../handlers/contract/config/load.js';
import type { Config } from '../../handlers/contract/config/schema.js';
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
