import type { ActionGuards } from '../state/action-guards.js';
import { ACTION_TEXT, type ActionProblem, type ActionText } from './action-text.js';
import { type ActionCore, applyAction, scopedClaims } from './apply-action.js';

/** A Lambda function URL request (payload format 2.0), as far as the page reads it. */
export interface FunctionUrlRequest {
  readonly rawPath?: string;
  readonly rawQueryString?: string;
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly requestContext?: { readonly http?: { readonly method?: string; readonly sourceIp?: string } };
}

/** A function URL response. */
export interface FunctionUrlResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The largest form body accepted (ours is under 1 KB). */
export const MAX_BODY_BYTES = 4_096;
/** Requests per source address per minute. */
export const REQUESTS_PER_MINUTE = 30;
const PATH = /^\/a\/(\d{12})\/([A-Za-z0-9.%]{1,16})$/;

/** What the page needs: applying actions (keys, alerts, guards, bus), the locale, the log, the clock. */
export interface ActionPageDeps extends ActionCore {
  readonly locale: 'en' | 'ko' | 'ja';
  readonly log: (message: string, detail: Record<string, unknown>) => void;
  readonly now: () => Date;
}

/** Strict headers for every answer: nothing loads, nothing frames it, no referrer leaves. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

/** The HTTP status of each refusal. */
export const STATUS: Readonly<Record<ActionProblem, number>> = {
  oversized: 413,
  malformed: 400,
  forged: 403,
  expired: 410,
  replayed: 409,
  crossAccount: 403,
  method: 405,
  missingField: 400,
  rateLimited: 429,
  notAllowed: 409,
  notFound: 404,
};

/**
 * The action page behind the function URL: `GET /a/<account>/<rung>?t=<token>` shows what the
 * link will do and changes nothing (mail scanners prefetch links); the form's `POST` to the same
 * path confirms it once. Anything else is a small page with a 4xx, logged, and changes nothing.
 */
export async function answerActionRequest(
  request: FunctionUrlRequest,
  deps: ActionPageDeps,
): Promise<FunctionUrlResponse> {
  const opened = await openPage(request, deps, 'action refused', PATH);
  if ('refused' in opened) return opened.refused;
  const { text, now, method, source, path, form, refuse } = opened;
  const [, accountId = '', rung = ''] = path;
  const token = form.get('t');
  if (!token) return refuse('missingField', { field: 't' });
  const scoped = scopedClaims(token, { accountId, rung: decodeURIComponent(rung) }, deps.keys, now);
  if (!scoped.ok) return refuse(scoped.problem, scoped.detail);
  const { claims } = scoped;
  if (method === 'GET') {
    if (await deps.guards.nonceUsed(claims.nonce)) return refuse('replayed');
    return page(
      text,
      200,
      `<p>${escapeHtml(text.ask(claims.action, claims.rung, claims.accountId, claims.hours))}</p>
<form method="post" action="${escapeHtml(request.rawPath ?? '')}">
<input type="hidden" name="t" value="${escapeHtml(token)}">
<p><label for="by">${escapeHtml(text.who)}</label><br><input id="by" name="by" required maxlength="128" autocomplete="name"></p>
<p><label for="note">${escapeHtml(text.note)}</label><br><input id="note" name="note" maxlength="500"></p>
<p><button type="submit">${escapeHtml(text.confirm)}</button></p>
</form>`,
    );
  }
  const by = form.get('by')?.trim();
  if (!by) return refuse('missingField', { field: 'by' });
  const note = form.get('note') ?? undefined;
  const applied = await applyAction(
    claims,
    { by: `${by} (email link)`, ...(note ? { note } : {}) },
    deps,
    now,
  );
  if (!applied.ok) return refuse(applied.problem, applied.detail);
  const { change } = applied;
  deps.log('action confirmed', { accountId, rung: claims.rung, action: claims.action, source });
  return page(
    text,
    200,
    `<p role="status">${escapeHtml(text.done(change.record.state, change.record.until))}</p>`,
  );
}

/** A request's method and source address as the function URL gives them, the words of the locale, the time. */
export function requestLine(
  request: FunctionUrlRequest,
  deps: { readonly locale: keyof typeof ACTION_TEXT; readonly now: () => Date },
): { text: ActionText; now: Date; method: string; source: string } {
  return {
    text: ACTION_TEXT[deps.locale],
    now: deps.now(),
    method: request.requestContext?.http?.method ?? 'GET',
    source: request.requestContext?.http?.sourceIp ?? 'unknown',
  };
}

/** A page request past the checks both pages make before reading their token. */
export interface OpenedPage {
  readonly text: ActionText;
  readonly now: Date;
  readonly method: 'GET' | 'POST';
  readonly source: string;
  /** The path's match of the page's pattern. */
  readonly path: RegExpExecArray;
  /** The query (GET) or the form body (POST). */
  readonly form: URLSearchParams;
  /** A logged refusal page with its 4xx. */
  readonly refuse: (problem: ActionProblem, detail?: Record<string, unknown>) => FunctionUrlResponse;
}

/**
 * What the action and feedback pages check first, in this order: the method (GET shows, POST
 * confirms), the source's rate, the path, the body's size; each refusal is logged as `refused`
 * with the source and answered with its status.
 */
export async function openPage(
  request: FunctionUrlRequest,
  deps: Pick<ActionPageDeps, 'locale' | 'log' | 'now'> & {
    readonly guards: Pick<ActionGuards, 'withinRate'>;
  },
  refused: string,
  pattern: RegExp,
): Promise<OpenedPage | { refused: FunctionUrlResponse }> {
  const { text, now, method, source } = requestLine(request, deps);
  const refuse = (problem: ActionProblem, detail: Record<string, unknown> = {}) => {
    deps.log(refused, { problem, method, source, ...detail });
    return page(text, STATUS[problem], `<p role="alert">${escapeHtml(text.refused[problem])}</p>`, {
      ...(problem === 'method' ? { allow: 'GET, POST' } : {}),
    });
  };
  if (method !== 'GET' && method !== 'POST') return { refused: refuse('method') };
  if (!(await deps.guards.withinRate(source, REQUESTS_PER_MINUTE, now)))
    return { refused: refuse('rateLimited') };
  const path = pattern.exec(request.rawPath ?? '');
  if (!path) return { refused: refuse('notFound') };
  const body = method === 'POST' ? bodyOf(request) : undefined;
  if (body === 'oversized') return { refused: refuse('oversized') };
  const form = new URLSearchParams(method === 'POST' ? body : (request.rawQueryString ?? ''));
  return { text, now, method, source, path, form, refuse };
}

/** The POST body as text, or `oversized`. */
function bodyOf(request: FunctionUrlRequest): string | 'oversized' {
  const raw = request.body ?? '';
  const bytes = request.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  return bytes.length > MAX_BODY_BYTES ? 'oversized' : bytes.toString('utf8');
}

/** A small page in the configured locale, with {@link PAGE_HEADERS}. */
export function page(
  text: ActionText,
  statusCode: number,
  content: string,
  extra: Record<string, string> = {},
): FunctionUrlResponse {
  return {
    statusCode,
    headers: { ...PAGE_HEADERS, ...extra },
    body: `<!doctype html>
<html lang="${text === ACTION_TEXT.ko ? 'ko' : text === ACTION_TEXT.ja ? 'ja' : 'en'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(text.title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}input,button{font:inherit;padding:.4rem}button{background:#1f5fbf;color:#fff;border:0;border-radius:4px}</style></head>
<body><main><h1>${escapeHtml(text.title)}</h1>
${content}
</main></body></html>`,
  };
}

/** Text placed in HTML (content or a quoted attribute). */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
