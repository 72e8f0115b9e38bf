import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Lambda's limit on a synchronous invocation's payload (the event the request becomes). */
export const MAX_REQUEST_BYTES = 6 * 1024 * 1024;

/** Content types a function URL hands over as text; any other body arrives base64-encoded. */
const TEXT_TYPES = /^(text\/|application\/(json|javascript|xml)\b|application\/[\w.+-]+\+(json|xml)\b)/i;

/** Where the local function URL lives: the account that owns the function, and its URL id. */
export interface FunctionUrlSite {
  readonly accountId: string;
  readonly urlId: string;
}

/**
 * An HTTP request as a Lambda function URL hands it to the function (payload format 2.0): headers
 * lowercased with repeated ones comma-joined, cookies apart, the body as text for text content
 * types and base64 otherwise (a form post arrives base64-encoded), `requestContext.http` with the
 * method and the address of the immediate connection.
 */
export function functionUrlEvent(req: IncomingMessage, body: Buffer, site: FunctionUrlSite, now: Date) {
  const target = req.url ?? '/';
  const cut = target.indexOf('?');
  const rawPath = cut < 0 ? target : target.slice(0, cut);
  const rawQueryString = cut < 0 ? '' : target.slice(cut + 1);
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] ?? '').toLowerCase();
    const value = req.rawHeaders[i + 1] ?? '';
    if (name === 'cookie') continue;
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const cookies = (req.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim())
    .filter(Boolean);
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString))
    query[key] = query[key] === undefined ? value : `${query[key]},${value}`;
  const text = TEXT_TYPES.test(headers['content-type'] ?? '');
  const domainName = `${site.urlId}.lambda-url.us-east-1.on.aws`;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: site.accountId,
      apiId: site.urlId,
      domainName,
      domainPrefix: site.urlId,
      http: {
        method: req.method ?? 'GET',
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !text,
  };
}

/** The time as the event's `requestContext.time` writes it: `12/Mar/2020:19:03:58 +0000`. */
function clfTime(d: Date): string {
  const [, day = '', mon = '', year = '', time = ''] =
    /^\w+, (\d+) (\w+) (\d+) ([\d:]+)/.exec(d.toUTCString()) ?? [];
  return `${day}/${mon}/${year}:${time} +0000`;
}

/** A function's answer as a function URL sends it: status, headers, cookies, body (base64 decoded). */
export interface HttpAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly cookies: readonly string[];
  readonly body: Buffer;
}

/**
 * The HTTP response for what the function returned: its `statusCode`, `headers`, `cookies` (each a
 * `set-cookie`) and `body` (`isBase64Encoded` decoded); an answer without a `statusCode` is a 200
 * `application/json` whose body is the answer itself, as Lambda infers it.
 */
export function httpAnswerOf(result: unknown): HttpAnswer {
  const r = result as {
    statusCode?: unknown;
    headers?: Record<string, unknown>;
    cookies?: unknown;
    body?: unknown;
    isBase64Encoded?: unknown;
  } | null;
  if (r === null || typeof r !== 'object' || typeof r.statusCode !== 'number')
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      cookies: [],
      body: Buffer.from(typeof result === 'string' ? result : JSON.stringify(result ?? null)),
    };
  const body = typeof r.body === 'string' ? r.body : r.body === undefined ? '' : JSON.stringify(r.body);
  return {
    statusCode: r.statusCode,
    headers: Object.fromEntries(
      Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
    ),
    cookies: Array.isArray(r.cookies) ? r.cookies.map(String) : [],
    body: r.isBase64Encoded === true ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8'),
  };
}

/** A function that threw or timed out: what a function URL answers then. */
export const FUNCTION_ERROR: HttpAnswer = {
  statusCode: 502,
  headers: { 'content-type': 'application/json' },
  cookies: [],
  body: Buffer.from('{"Message":"Internal Server Error"}'),
};

/** Writes an answer to the HTTP response. */
export function writeHttpAnswer(res: ServerResponse, answer: HttpAnswer): void {
  res.writeHead(answer.statusCode, {
    ...answer.headers,
    ...(answer.cookies.length ? { 'set-cookie': [...answer.cookies] } : {}),
    'content-length': String(answer.body.length),
  });
  res.end(answer.body);
}
