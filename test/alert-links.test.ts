import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { answerActionRequest } from '../handlers/lib/actions/action-page.js';
import { actionKeysOf, MAX_TOKEN_SECONDS, verifyActionToken } from '../handlers/lib/actions/action-token.js';
import { alertLinks, answerLinks } from '../handlers/lib/alarm/alert-links.js';
import { translator } from '../handlers/lib/email/messages.js';
import { ActionGuards } from '../handlers/lib/state/action-guards.js';
import { AlertLifecycle } from '../handlers/lib/state/alert-lifecycle.js';
import { useStateTable } from './helpers/alarm-deps.js';
import { TEST_NOW } from './helpers/snapshot.js';

const table = useStateTable();
const keyText = randomBytes(32).toString('base64');
const keys = actionKeysOf(keyText);
const BASE = 'https://abc123.lambda-url.us-east-1.on.aws/';
const ACCOUNT = '210000000001';
const input = (maxSnoozeDays = 14) => ({
  accountId: ACCOUNT,
  rung: 'critical',
  maxSnoozeDays,
  now: TEST_NOW,
  t: translator('en'),
  dateTime: (iso: string) => iso,
});
const tokenOf = (url: string) => new URL(url).searchParams.get('t') ?? '';

describe('alert email answer links', () => {
  it('offers acknowledge, snooze a day, snooze a week and planned, each signed for that account and rung, expiring within 7 days', () => {
    const { links, heading, note } = alertLinks(BASE, keys, input());

    expect(heading).toBe('Answer this alert');
    expect(links.map((l) => l.label)).toEqual([
      'Acknowledge',
      'Snooze 1 day',
      'Snooze 7 days',
      'Planned (7 days)',
    ]);
    const claims = links.map((l) => {
      expect(l.url.startsWith(`https://abc123.lambda-url.us-east-1.on.aws/a/${ACCOUNT}/critical?t=`)).toBe(
        true,
      );
      const verified = verifyActionToken(tokenOf(l.url), keys, TEST_NOW);
      if (!verified.ok) throw new Error(verified.reason);
      return verified.claims;
    });
    expect(claims.map((c) => [c.accountId, c.rung, c.action, c.hours])).toEqual([
      [ACCOUNT, 'critical', 'ack', undefined],
      [ACCOUNT, 'critical', 'snooze', 24],
      [ACCOUNT, 'critical', 'snooze', 168],
      [ACCOUNT, 'critical', 'plan', 168],
    ]);
    for (const c of claims) expect(c.exp - c.iat).toBeLessThanOrEqual(MAX_TOKEN_SECONDS);
    expect(new Set(claims.map((c) => c.nonce)).size).toBe(4);
    expect(note).toContain('expire');
  });

  it('never offers more than lifecycle.maxSnoozeDays allows (a one-day limit drops the week)', () => {
    const { links } = alertLinks(BASE, keys, input(1));

    expect(links.map((l) => l.label)).toEqual(['Acknowledge', 'Snooze 1 day', 'Planned (1 day)']);
    const hours = links.map((l) => {
      const v = verifyActionToken(tokenOf(l.url), keys, TEST_NOW);
      return v.ok ? v.claims.hours : 'refused';
    });
    expect(hours).toEqual([undefined, 24, 24]);
  });

  it('carries no email address and no key in a URL, and a forged key does not verify them', () => {
    const { links } = alertLinks(BASE, keys, input());
    const other = actionKeysOf(randomBytes(32).toString('base64'));

    for (const { url } of links) {
      expect(url).not.toMatch(/@|%40/);
      expect(url).not.toContain(keyText);
      expect(url).not.toContain(keys.current.toString('base64url'));
      expect(verifyActionToken(tokenOf(url), other, TEST_NOW)).toEqual({ ok: false, reason: 'forged' });
    }
  });

  it('opens the action page: a link fetched with GET shows the form and changes nothing', async () => {
    const { dynamo, tableName } = table();
    const alerts = new AlertLifecycle(dynamo, tableName);
    const { links } = alertLinks(BASE, keys, input());
    const snooze = new URL(links[1]?.url ?? '');

    const shown = await answerActionRequest(
      {
        rawPath: snooze.pathname,
        rawQueryString: snooze.search.slice(1),
        requestContext: { http: { method: 'GET', sourceIp: '198.51.100.7' } },
      },
      {
        keys,
        alerts,
        guards: new ActionGuards(dynamo, tableName),
        locale: 'en',
        maxSnoozeDays: 14,
        publish: async () => {},
        log: () => {},
        now: () => TEST_NOW,
      },
    );

    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('method="post"');
    expect(await alerts.list()).toEqual([]);
  });

  it('leaves the links out and says so when the signing key cannot be read', async () => {
    const warned: string[] = [];
    const links = await answerLinks(
      { baseUrl: BASE, keys: () => Promise.reject(new Error('AccessDeniedException')) },
      input(),
      (message) => warned.push(message),
    );

    expect(links.links).toEqual([]);
    expect(links.note).toMatch(/Answer links are missing.*billing-alarms alerts/);
    expect(warned).toHaveLength(1);
  });
});
