import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type ActionPageDeps,
  answerActionRequest,
  type FunctionUrlRequest,
  MAX_BODY_BYTES,
  REQUESTS_PER_MINUTE,
} from '../handlers/lib/actions/action-page.js';
import { actionKeysOf, signActionToken, verifyActionToken } from '../handlers/lib/actions/action-token.js';
import { ActionGuards } from '../handlers/lib/state/action-guards.js';
import type { AlertChange } from '../handlers/lib/state/alert-lifecycle.js';
import { AlertLifecycle } from '../handlers/lib/state/alert-lifecycle.js';
import { useStateTable } from './helpers/alarm-deps.js';
import { TEST_NOW } from './helpers/snapshot.js';

const table = useStateTable();
const ACCOUNT = '210000000001';
const key = () => randomBytes(32).toString('base64');
const keys = actionKeysOf(key());

function setup(overrides: Partial<ActionPageDeps> = {}) {
  const { dynamo, tableName } = table();
  const published: AlertChange[] = [];
  const logged: Record<string, unknown>[] = [];
  const deps: ActionPageDeps = {
    keys,
    alerts: new AlertLifecycle(dynamo, tableName),
    guards: new ActionGuards(dynamo, tableName),
    locale: 'en',
    maxSnoozeDays: 14,
    publish: async (changes) => {
      published.push(...changes);
    },
    log: (message, detail) => logged.push({ message, ...detail }),
    now: () => TEST_NOW,
    ...overrides,
  };
  return { deps, published, logged };
}

const snoozeToken = (account = ACCOUNT, rung = 'critical', k = keys) =>
  signActionToken({ accountId: account, rung, action: 'snooze', hours: 24 }, k, TEST_NOW);

const get = (
  token: string,
  path = `/a/${ACCOUNT}/critical`,
  sourceIp = '198.51.100.7',
): FunctionUrlRequest => ({
  rawPath: path,
  rawQueryString: `t=${encodeURIComponent(token)}`,
  requestContext: { http: { method: 'GET', sourceIp } },
});
const post = (
  form: Record<string, string>,
  path = `/a/${ACCOUNT}/critical`,
  base64 = true,
): FunctionUrlRequest => {
  const body = new URLSearchParams(form).toString();
  return {
    rawPath: path,
    body: base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: base64,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    requestContext: { http: { method: 'POST', sourceIp: '198.51.100.7' } },
  };
};

describe('signed action tokens', () => {
  it('verifies a token signed with the current or the previous key (rotation), and no other', () => {
    const old = key();
    const rotated = actionKeysOf(key(), old);
    const byOld = signActionToken(
      { accountId: ACCOUNT, rung: 'critical', action: 'ack' },
      actionKeysOf(old),
      TEST_NOW,
    );

    expect(verifyActionToken(byOld, rotated, TEST_NOW).ok).toBe(true);
    expect(verifyActionToken(byOld, actionKeysOf(key()), TEST_NOW)).toEqual({ ok: false, reason: 'forged' });
  });

  it('caps a token at 7 days and refuses it after its expiry', () => {
    const token = signActionToken(
      { accountId: ACCOUNT, rung: 'critical', action: 'ack' },
      keys,
      TEST_NOW,
      30 * 86_400,
    );
    const later = (days: number) => new Date(TEST_NOW.getTime() + days * 86_400_000);

    expect(verifyActionToken(token, keys, later(6.9)).ok).toBe(true);
    expect(verifyActionToken(token, keys, later(7))).toEqual({ ok: false, reason: 'expired' });
  });

  it('carries no secret and no email address: only account, rung, action, hours, times and a nonce', () => {
    const token = snoozeToken();
    const claims = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));

    expect(Object.keys(claims).sort()).toEqual([
      'accountId',
      'action',
      'exp',
      'hours',
      'iat',
      'nonce',
      'rung',
    ]);
    expect(token).not.toMatch(/@/);
  });

  it('refuses a token whose claims were edited (account changed, signature kept)', () => {
    const [body = '', signature] = snoozeToken().split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const edited = Buffer.from(JSON.stringify({ ...claims, accountId: '210000000002' })).toString(
      'base64url',
    );

    expect(verifyActionToken(`${edited}.${signature}`, keys, TEST_NOW)).toEqual({
      ok: false,
      reason: 'forged',
    });
  });
});

describe('the action page (adversarial)', () => {
  it('GET shows what will happen in a form and changes nothing, with strict headers', async () => {
    const { deps, published } = setup();

    const shown = await answerActionRequest(get(snoozeToken()), deps);
    const again = await answerActionRequest(get(snoozeToken()), deps);

    expect(shown.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(shown.body).toContain(`Snooze the critical alert of account ${ACCOUNT} for 24 hours?`);
    expect(shown.body).toContain('<form method="post"');
    expect(shown.body).toMatch(/<label for="by">Your name<\/label>/);
    expect(shown.headers).toMatchObject({
      'content-security-policy': expect.stringMatching(/default-src 'none'.*frame-ancestors 'none'/),
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    });
    expect(await deps.alerts.get(ACCOUNT, 'critical')).toBeUndefined();
    expect(published).toEqual([]);
  });

  it('POST confirms once: the rung is snoozed for 24 h by the named person, its event published; a replay is 409 and changes nothing', async () => {
    const { deps, published, logged } = setup();
    const token = snoozeToken();

    const confirmed = await answerActionRequest(post({ t: token, by: 'Ana', note: 'load test' }), deps);
    const replayed = await answerActionRequest(post({ t: token, by: 'Mallory' }), deps);
    const replayedGet = await answerActionRequest(get(token), deps);

    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('Done: the alert is snoozed until 2026-11-21T09:00:00.000Z.');
    const alert = await deps.alerts.get(ACCOUNT, 'critical');
    expect(alert).toMatchObject({ state: 'snoozed', by: 'Ana (email link)', note: 'load test', version: 1 });
    expect(published.map((c) => c.record.state)).toEqual(['snoozed']);
    expect([replayed.statusCode, replayedGet.statusCode]).toEqual([409, 409]);
    expect(logged.filter((l) => l.message === 'action refused').map((l) => l.problem)).toEqual([
      'replayed',
      'replayed',
    ]);
  });

  it.each([
    [
      'forged (another key)',
      () => post({ t: snoozeToken(ACCOUNT, 'critical', actionKeysOf(key())), by: 'x' }),
      403,
    ],
    ['malformed', () => post({ t: 'not-a-token', by: 'x' }), 400],
    [
      'cross-account (token of another account on this account’s path)',
      () => post({ t: snoozeToken('210000000002'), by: 'x' }),
      403,
    ],
    ['cross-rung', () => post({ t: snoozeToken(ACCOUNT, 'warning'), by: 'x' }), 403],
    ['missing token field', () => post({ by: 'x' }), 400],
    ['missing name field', () => post({ t: snoozeToken() }), 400],
    ['oversized body', () => post({ t: snoozeToken(), by: 'x'.repeat(MAX_BODY_BYTES) }), 413],
    ['oversized token', () => get(`${'a'.repeat(700)}.sig`), 413],
    [
      'wrong method',
      () => ({
        ...post({ t: snoozeToken(), by: 'x' }),
        requestContext: { http: { method: 'PUT', sourceIp: '1.2.3.4' } },
      }),
      405,
    ],
    ['unknown path', () => get(snoozeToken(), '/admin'), 404],
  ])('refuses %s with a clear page and its 4xx, logged, changing nothing', async (_name, request, status) => {
    const { deps, published, logged } = setup();

    const answer = await answerActionRequest(request(), deps);

    expect(answer.statusCode).toBe(status);
    expect(answer.body).toMatch(/<p role="alert">[^<]+<\/p>/);
    expect(answer.headers['x-frame-options']).toBe('DENY');
    expect(logged.at(-1)).toMatchObject({ message: 'action refused' });
    expect(await deps.alerts.get(ACCOUNT, 'critical')).toBeUndefined();
    expect(published).toEqual([]);
  });

  it('refuses an expired link with 410', async () => {
    const { deps } = setup({ now: () => new Date(TEST_NOW.getTime() + 8 * 86_400_000) });

    expect((await answerActionRequest(get(snoozeToken()), deps)).statusCode).toBe(410);
  });

  it('rate-limits a source address per minute through the state table, others still answered', async () => {
    const { deps } = setup();
    const token = snoozeToken();
    for (let i = 0; i < REQUESTS_PER_MINUTE; i++) await answerActionRequest(get(token), deps);

    const limited = await answerActionRequest(get(token), deps);
    const other = await answerActionRequest(get(token, `/a/${ACCOUNT}/critical`, '203.0.113.9'), deps);

    expect(limited.statusCode).toBe(429);
    expect(other.statusCode).toBe(200);
  });

  it('escapes what it echoes and follows the configured locale', async () => {
    const { deps } = setup({ locale: 'ja' });

    const shown = await answerActionRequest(get(snoozeToken()), deps);

    expect(shown.body).toContain('<html lang="ja">');
    expect(shown.body).toContain('スヌーズ');
    expect(shown.body).not.toMatch(/<script/i);
  });
});
