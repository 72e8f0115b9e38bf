import * as z from 'zod/mini';
import { ALERT_ACTIONS } from '../../contract/alert-lifecycle.js';
import { slackEscape } from '../chat/slack.js';
import { type FunctionUrlRequest, type FunctionUrlResponse, requestLine } from './action-page.js';
import type { ActionProblem } from './action-text.js';
import { type ActionCore, applyAction, scopedClaims } from './apply-action.js';
import { verifySlackSignature } from './slack-signature.js';

/** The path of the function URL a Slack app's Interactivity Request URL points at. */
export const SLACK_ACTIONS_PATH = '/slack/actions';
/** Slack's block_actions bodies carry the whole message: far larger than the page's form, still bounded. */
export const SLACK_MAX_BODY_BYTES = 128 * 1024;
/** Requests per source address per minute (as the page). */
const REQUESTS_PER_MINUTE = 30;
/** `action_id` of an answer button, as `slackActionId` (chat/slack.ts) makes it. */
const ACTION_ID = new RegExp(`^billing-alert:(${ALERT_ACTIONS.join('|')}):\\d{1,2}$`);

const payloadSchema = z.object({
  type: z.string(),
  user: z.optional(
    z.object({
      id: z.string().check(z.maxLength(64)),
      username: z.optional(z.string()),
      name: z.optional(z.string()),
    }),
  ),
  actions: z.optional(
    z.array(z.object({ action_id: z.string().check(z.maxLength(255)), value: z.optional(z.string()) })),
  ),
});

/** What answering Slack needs: applying actions, the signing secret, the locale, the log, the clock. */
export interface SlackInteractionDeps extends ActionCore {
  /** The Slack app's signing secret; undefined when Slack interactivity is not configured. */
  readonly slackSecret?: () => Promise<string>;
  readonly locale: 'en' | 'ko' | 'ja';
  readonly log: (message: string, detail: Record<string, unknown>) => void;
  readonly now: () => Date;
}

/**
 * A Slack app's interactivity request (a button of an alarm message): `POST` of
 * `application/x-www-form-urlencoded` `payload=<JSON>`, signed with the app's signing secret. An
 * unsigned, forged or stale request is a 401 and changes nothing. A verified click on an answer
 * button applies the button's signed token exactly as the page's confirmation does (expiry, scope
 * to the button's action, once, rate limit), and is answered at once with a 200 and a short
 * message for the clicking user; any other interaction (the details link button) is a bare 200.
 */
export async function answerSlackInteraction(
  request: FunctionUrlRequest,
  deps: SlackInteractionDeps,
): Promise<FunctionUrlResponse> {
  const { text, now, method, source } = requestLine(request, deps);
  const refuse = (statusCode: number, reason: string, detail: Record<string, unknown> = {}) => {
    deps.log('slack interaction refused', { reason, source, ...detail });
    return plain(statusCode, reason);
  };
  if (!deps.slackSecret) return refuse(404, 'Slack interactivity is not configured');
  if (method !== 'POST') return { ...refuse(405, 'POST only'), headers: { ...PLAIN, allow: 'POST' } };
  if (!(await deps.guards.withinRate(source, REQUESTS_PER_MINUTE, now))) return refuse(429, 'rate limited');
  const raw = Buffer.from(request.body ?? '', request.isBase64Encoded ? 'base64' : 'utf8');
  if (raw.length > SLACK_MAX_BODY_BYTES) return refuse(413, 'too large');
  const headers = lowerCased(request.headers);
  const signed = verifySlackSignature(
    {
      timestamp: headers['x-slack-request-timestamp'],
      signature: headers['x-slack-signature'],
      rawBody: raw,
    },
    await deps.slackSecret(),
    now,
  );
  if (!signed.ok) return refuse(401, `not a Slack request (${signed.reason})`);
  const payload = parsePayload(raw.toString('utf8'));
  if (!payload) return refuse(400, 'malformed payload');
  const button = payload.actions?.find((a) => ACTION_ID.test(a.action_id));
  // Slack posts every click, the link button's too: acknowledged, nothing to do.
  if (payload.type !== 'block_actions' || !button) return { statusCode: 200, headers: PLAIN, body: '' };
  const answer = (message: string) => slackAnswer(message);
  const refused = (problem: ActionProblem, detail: Record<string, unknown> = {}) => {
    deps.log('action refused', { problem, method, source, via: 'slack', ...detail });
    return answer(text.refused[problem]);
  };
  const action = ACTION_ID.exec(button.action_id)?.[1] as (typeof ALERT_ACTIONS)[number];
  if (!button.value) return refused('missingField', { field: 'value' });
  const scoped = scopedClaims(button.value, { action }, deps.keys, now);
  if (!scoped.ok) return refused(scoped.problem, scoped.detail);
  const user = payload.user;
  const by = `${user?.username || user?.name || user?.id || 'someone'} (Slack)`;
  const applied = await applyAction(scoped.claims, { by }, deps, now);
  if (!applied.ok) return refused(applied.problem, applied.detail);
  const { claims } = scoped;
  deps.log('action confirmed', {
    accountId: claims.accountId,
    rung: claims.rung,
    action: claims.action,
    source,
    via: 'slack',
  });
  const { record } = applied.change;
  return answer(`${text.done(record.state, record.until)} (${claims.accountId}, ${claims.rung})`);
}

const PLAIN = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };

function plain(statusCode: number, body: string): FunctionUrlResponse {
  return { statusCode, headers: { ...PLAIN, 'x-content-type-options': 'nosniff' }, body };
}

/** A 200 whose JSON Slack may show the clicking user only (ephemeral), leaving the alarm message as it is. */
function slackAnswer(message: string): FunctionUrlResponse {
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: slackEscape(message) }),
  };
}

function parsePayload(body: string): z.infer<typeof payloadSchema> | undefined {
  const json = new URLSearchParams(body).get('payload');
  if (!json) return undefined;
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function lowerCased(headers: FunctionUrlRequest['headers']): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}
