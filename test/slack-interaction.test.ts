import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FunctionUrlRequest } from '../handlers/lib/actions/action-page.js';
import { actionKeysOf, signActionToken } from '../handlers/lib/actions/action-token.js';
import {
  answerSlackInteraction,
  SLACK_ACTIONS_PATH,
  type SlackInteractionDeps,
} from '../handlers/lib/actions/slack-interaction.js';
import { slackSignature, verifySlackSignature } from '../handlers/lib/actions/slack-signature.js';
import { slackActionId } from '../handlers/lib/chat/slack.js';
import { ActionGuards } from '../handlers/lib/state/action-guards.js';
import { type AlertChange, AlertLifecycle } from '../handlers/lib/state/alert-lifecycle.js';
import { useStateTable } from './helpers/alarm-deps.js';
import { TEST_NOW } from './helpers/snapshot.js';

const table = useStateTable();
const ACCOUNT = '210000000001';
const SECRET = '8f14e45fceea167a5a36dedd4bea2543';
const keys = actionKeysOf(randomBytes(32).toString('base64'));
const seconds = (d: Date) => String(Math.floor(d.getTime() / 1000));

function setup(overrides: Partial<SlackInteractionDeps> = {}) {
  const { dynamo, tableName } = table();
  const published: AlertChange[] = [];
  const logged: Record<string, unknown>[] = [];
  const alerts = new AlertLifecycle(dynamo, tableName);
  const deps: SlackInteractionDeps = {
    keys,
    alerts,
    guards: new ActionGuards(dynamo, tableName),
    maxSnoozeDays: 14,
    publish: async (changes) => {
      published.push(...changes);
    },
    slackSecret: () => Promise.resolve(SECRET),
    locale: 'en',
    log: (message, detail) => logged.push({ message, ...detail }),
    now: () => TEST_NOW,
    ...overrides,
  };
  return { deps, alerts, published, logged };
}

/** Slack's block_actions payload for a click on the n-th answer button. */
function click(token: string, action = 'snooze', n = 1) {
  return {
    type: 'block_actions',
    user: { id: 'U0123ABC', username: 'ana', team_id: 'T0123' },
    actions: [{ type: 'button', action_id: slackActionId(action as 'snooze', n), value: token }],
    response_url: 'https://hooks.slack.invalid/actions/T0123/1/abc',
  };
}

/** The function URL event of Slack's POST: form body `payload=<JSON>`, base64 as the function URL passes it. */
function slackPost(
  payload: unknown,
  { secret = SECRET, at = TEST_NOW, body }: { secret?: string; at?: Date; body?: string } = {},
): FunctionUrlRequest {
  const raw = body ?? new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const timestamp = seconds(at);
  return {
    rawPath: SLACK_ACTIONS_PATH,
    body: Buffer.from(raw).toString('base64'),
    isBase64Encoded: true,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'X-Slack-Request-Timestamp': timestamp,
      'X-Slack-Signature': slackSignature(secret, timestamp, Buffer.from(raw)),
    },
    requestContext: { http: { method: 'POST', sourceIp: '203.0.113.9' } },
  };
}

const snoozeToken = () =>
  signActionToken({ accountId: ACCOUNT, rung: 'critical', action: 'snooze', hours: 24 }, keys, TEST_NOW);
const answerText = (body: string) => (JSON.parse(body) as { text: string }).text;

describe('Slack request signature (v0)', () => {
  it('accepts Slack’s own signature of the raw body and refuses a changed body, another secret or no header', () => {
    const body = Buffer.from('payload=%7B%7D');
    const timestamp = seconds(TEST_NOW);
    const signature = slackSignature(SECRET, timestamp, body);

    expect(signature).toMatch(/^v0=[0-9a-f]{64}$/);
    expect(verifySlackSignature({ timestamp, signature, rawBody: body }, SECRET, TEST_NOW)).toEqual({
      ok: true,
    });
    expect(
      verifySlackSignature(
        { timestamp, signature, rawBody: Buffer.from('payload=%7B%7D ') },
        SECRET,
        TEST_NOW,
      ),
    ).toEqual({ ok: false, reason: 'forged' });
    expect(verifySlackSignature({ timestamp, signature, rawBody: body }, `${SECRET}x`, TEST_NOW)).toEqual({
      ok: false,
      reason: 'forged',
    });
    expect(
      verifySlackSignature({ timestamp, signature: undefined, rawBody: body }, SECRET, TEST_NOW),
    ).toEqual({
      ok: false,
      reason: 'missing',
    });
  });
});

describe('Slack interactivity on the action function URL', () => {
  it('applies a verified click once: the rung is snoozed for 24 h by the Slack user, its event published, answered at once with a message', async () => {
    const { deps, alerts, published } = setup();

    const answer = await answerSlackInteraction(slackPost(click(snoozeToken())), deps);

    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(JSON.parse(answer.body)).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(answerText(answer.body)).toBe(
      'Done: the alert is snoozed until 2026-11-21T09:00:00.000Z. (210000000001, critical)',
    );
    const record = await alerts.get(ACCOUNT, 'critical');
    expect(record).toMatchObject({ state: 'snoozed', by: 'ana (Slack)', until: '2026-11-21T09:00:00.000Z' });
    expect(published).toHaveLength(1);
  });

  it('refuses a forged signature with 401 and changes nothing', async () => {
    const { deps, alerts, published, logged } = setup();

    const answer = await answerSlackInteraction(
      slackPost(click(snoozeToken()), { secret: 'not-the-secret' }),
      deps,
    );

    expect(answer.statusCode).toBe(401);
    expect(await alerts.get(ACCOUNT, 'critical')).toBeUndefined();
    expect(published).toEqual([]);
    expect(logged).toContainEqual(expect.objectContaining({ reason: 'not a Slack request (forged)' }));
  });

  it('refuses a correctly signed request older than five minutes (a replay from a capture) with 401', async () => {
    const { deps, alerts } = setup();
    const sixMinutesAgo = new Date(TEST_NOW.getTime() - 6 * 60_000);

    const answer = await answerSlackInteraction(slackPost(click(snoozeToken()), { at: sixMinutesAgo }), deps);

    expect(answer.statusCode).toBe(401);
    expect(answer.body).toBe('not a Slack request (stale)');
    expect(await alerts.get(ACCOUNT, 'critical')).toBeUndefined();
  });

  it('answers a replayed request (same signed body within the window) with “already used”: the state changed once', async () => {
    const { deps, alerts, published } = setup();
    const request = slackPost(click(snoozeToken()));

    const first = await answerSlackInteraction(request, deps);
    const again = await answerSlackInteraction(request, deps);

    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(answerText(again.body)).toBe('This link was already used.');
    expect((await alerts.get(ACCOUNT, 'critical'))?.version).toBe(1);
    expect(published).toHaveLength(1);
  });

  it('refuses a token used on a button of another action (scope), a forged token and an expired one, changing nothing', async () => {
    const { deps, alerts } = setup();
    const ack = signActionToken({ accountId: ACCOUNT, rung: 'critical', action: 'ack' }, keys, TEST_NOW);
    const [body = ''] = snoozeToken().split('.');
    const forged = `${body}.${'A'.repeat(43)}`;
    const expired = signActionToken(
      { accountId: ACCOUNT, rung: 'critical', action: 'snooze', hours: 24 },
      keys,
      new Date(TEST_NOW.getTime() - 8 * 86_400_000),
    );

    const answers = await Promise.all(
      [click(ack, 'snooze'), click(forged), click(expired)].map((p) =>
        answerSlackInteraction(slackPost(p), deps),
      ),
    );

    expect(answers.map((a) => answerText(a.body))).toEqual([
      'This link belongs to another account or rung.',
      'This link was not issued by billing-alarms.',
      'This link has expired. Use a newer email or the command line.',
    ]);
    expect(await alerts.get(ACCOUNT, 'critical')).toBeUndefined();
  });

  it('acknowledges the details link button’s click with a bare 200, refuses GET with 405, and answers 404 when Slack is not configured', async () => {
    const { deps } = setup();
    const link = {
      type: 'block_actions',
      user: { id: 'U1' },
      actions: [{ action_id: 'details', type: 'button' }],
    };
    const { deps: unconfigured } = setup({ slackSecret: undefined });
    const get = { ...slackPost(link), requestContext: { http: { method: 'GET', sourceIp: '203.0.113.9' } } };

    const linkAnswer = await answerSlackInteraction(slackPost(link), deps);
    const getAnswer = await answerSlackInteraction(get, deps);
    const off = await answerSlackInteraction(slackPost(click(snoozeToken())), unconfigured);

    expect([linkAnswer.statusCode, linkAnswer.body]).toEqual([200, '']);
    expect(getAnswer.statusCode).toBe(405);
    expect(off.statusCode).toBe(404);
  });

  it('refuses a signed body without a payload field with 400, and an oversized body with 413 before verifying it', async () => {
    const { deps } = setup();

    const malformed = await answerSlackInteraction(slackPost(undefined, { body: 'token=x' }), deps);
    const oversized = await answerSlackInteraction(
      slackPost(undefined, { body: 'x'.repeat(200 * 1024) }),
      deps,
    );

    expect(malformed.statusCode).toBe(400);
    expect(oversized.statusCode).toBe(413);
  });
});
