import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionKeysFromEnv } from '../../handlers/lib/actions/action-keys.js';
import { signActionToken } from '../../handlers/lib/actions/action-token.js';
import type { RecordedRequest } from '../../local/request-log.js';
import { LOCAL_ACCESS_KEYS, localAccountOf } from '../../local/request-log.js';
import { useChromium } from '../helpers/browser.js';
import { cliWorkspace } from '../helpers/cli-workspace.js';
import { exampleConfig } from '../helpers/config.js';
import { denials, deployedIam, evaluateRequests } from '../helpers/iam-check.js';
import { buildTestApp } from '../helpers/synth.js';
import type { CfnTemplate } from '../helpers/template-intrinsics.js';

const ACCOUNT = '210000000001';
const DAY = 86_400_000;

/** The answer links of an email's HTML, with what each token claims. */
function answerLinks(html: string) {
  return [...html.matchAll(/href="([^"]*\/a\/\d{12}\/[^"]+)"/g)].map(([, href = '']) => {
    const url = new URL(href.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&'));
    const token = url.searchParams.get('t') ?? '';
    const claims = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
    return { url, token, claims: claims as { action: string; hours?: number; rung: string } };
  });
}

describe('serve: the alarm email’s answer links through the built actions bundle behind a local function URL', () => {
  const browser = useChromium();
  const ws = cliWorkspace();
  let serve: Awaited<ReturnType<typeof ws.background>>;
  let base = '';
  let links: ReturnType<typeof answerLinks> = [];
  const list = async () => (await ws.cli('alerts', 'list', '--json', '--local')).stdout;
  const sample = async (name: string, ...args: string[]) => {
    ws.file(name, (await ws.cli('sample-event', ...args)).stdout);
    return name;
  };
  const simulate = async (...events: string[]) => {
    const run = await ws.cli('simulate', ...events.flatMap((e) => ['--event', e]), '--action-url', base);
    return run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { status: string; reason?: string });
  };
  const post = (path: string, form: Record<string, string>, init: RequestInit = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      ...init,
    });

  beforeAll(async () => {
    serve = await ws.background('serve', '--port', '0');
    base = (JSON.parse(serve.firstLine) as { url: string }).url;
    const opened = await simulate(await sample('critical-1.json'));
    expect(opened[0]?.status).toBe('sent');
    links = answerLinks(readFileSync(join(ws.dir, 'out', 'critical-1.html'), 'utf8'));
  }, 300_000);

  afterAll(async () => {
    await serve?.stop();
  });

  it('prints {"url": …} first, and the email’s links point there with a token and nothing else', () => {
    expect(serve.firstLine).toMatch(/^\{"url": "http:\/\/127\.0\.0\.1:\d+"\}$/);
    expect(links.map((l) => [l.claims.action, l.claims.hours ?? null])).toEqual([
      ['ack', null],
      ['snooze', 24],
      ['snooze', 168],
      ['plan', 168],
    ]);
    for (const { url } of links) {
      expect(`${url.origin}`).toBe(base);
      expect(url.pathname).toBe(`/a/${ACCOUNT}/critical`);
      expect([...url.searchParams.keys()]).toEqual(['t']);
    }
  });

  it('in Chromium: the link’s GET shows the page and changes nothing; its form’s POST snoozes that rung; the next crossing of it is suppressed naming the snooze while another rung mails', async () => {
    const snooze = links.find((l) => l.claims.action === 'snooze' && l.claims.hours === 24);
    const before = await list();
    const page = await browser().newPage();
    try {
      const shown = await page.goto(snooze?.url.href ?? '');
      const question = await page.textContent('main p');
      const afterGet = await list();
      await page.fill('#by', 'ana');
      await page.fill('#note', 'load test');
      const [confirmed] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      const done = await page.textContent('[role=status]');

      expect(shown?.status()).toBe(200);
      expect(shown?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(question).toBe(`Snooze the critical alert of account ${ACCOUNT} for 24 hours?`);
      expect(afterGet).toBe(before);
      expect(confirmed?.status()).toBe(200);
      expect(confirmed?.request().method()).toBe('POST');
      expect(done).toMatch(/^Done: the alert is snoozed until \d{4}-\d{2}-\d{2}T/);
    } finally {
      await page.close();
    }
    const alerts = (JSON.parse(await list()) as { alerts: Record<string, any>[] }).alerts;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      accountId: ACCOUNT,
      rung: 'critical',
      state: 'snoozed',
      by: 'ana (email link)',
    });
    expect(alerts[0]?.history.map((h: Record<string, string>) => [h.state, h.by, h.cause ?? h.note])).toEqual(
      [
        ['open', 'billing-alarms', 'crossing'],
        ['snoozed', 'ana (email link)', 'load test'],
      ],
    );

    const next = await simulate(
      await sample('critical-2.json'),
      await sample('warning.json', '--rung', 'warning'),
    );

    expect(next[0]).toMatchObject({
      status: 'suppressed',
      reason: expect.stringMatching(/^snoozed by ana \(email link\) until .*\(load test\)/),
    });
    expect(next[1]?.status).toBe('sent');
  }, 300_000);

  it('answers tampered, forged, cross-account, replayed, expired, wrong-method, oversized and incomplete requests with a 4xx and changes nothing', async () => {
    const ack = links.find((l) => l.claims.action === 'ack');
    const used = links.find((l) => l.claims.action === 'snooze' && l.claims.hours === 24);
    const path = `/a/${ACCOUNT}/critical`;
    const [body = '', signature = ''] = (ack?.token ?? '').split('.');
    const otherClaims = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), action: 'resolve' }),
    ).toString('base64url');
    const keyFile = readdirSync(join(ws.dir, '.build', 'local-aws')).find((f) => f.startsWith('action-key-'));
    const key = readFileSync(join(ws.dir, '.build', 'local-aws', keyFile ?? ''), 'utf8').trim();
    const expired = signActionToken(
      { accountId: ACCOUNT, rung: 'critical', action: 'ack' },
      actionKeysFromEnv(key),
      new Date(Date.now() - 8 * DAY),
    );
    const foreignKey = signActionToken(
      { accountId: ACCOUNT, rung: 'critical', action: 'ack' },
      actionKeysFromEnv(Buffer.alloc(32, 7).toString('base64')),
      new Date(),
    );
    const before = await list();

    const answers = {
      tamperedClaims: await post(path, { t: `${otherClaims}.${signature}`, by: 'eve' }),
      tamperedSignature: await post(path, {
        t: `${body}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`,
        by: 'eve',
      }),
      otherKey: await post(path, { t: foreignKey, by: 'eve' }),
      crossAccount: await post(`/a/210000000002/critical`, { t: ack?.token ?? '', by: 'eve' }),
      crossAccountGet: await fetch(
        `${base}/a/210000000002/critical?t=${encodeURIComponent(ack?.token ?? '')}`,
      ),
      replayed: await post(path, { t: used?.token ?? '', by: 'ana' }),
      expired: await post(path, { t: expired, by: 'eve' }),
      wrongMethod: await post(path, { t: ack?.token ?? '', by: 'eve' }, { method: 'PUT' }),
      oversized: await post(path, { t: ack?.token ?? '', by: 'eve', note: 'x'.repeat(10_000) }),
      missingBy: await post(path, { t: ack?.token ?? '' }),
      missingToken: await post(path, { by: 'eve' }),
    };
    const statuses = Object.fromEntries(Object.entries(answers).map(([k, r]) => [k, r.status]));
    // The untouched ack link still works: none of the refusals used it up.
    const ackStill = await fetch(ack?.url.href ?? '');

    expect(statuses).toEqual({
      tamperedClaims: 403,
      tamperedSignature: 403,
      otherKey: 403,
      crossAccount: 403,
      crossAccountGet: 403,
      replayed: 409,
      expired: 410,
      wrongMethod: 405,
      oversized: 413,
      missingBy: 400,
      missingToken: 400,
    });
    expect(answers.wrongMethod.headers.get('allow')).toBe('GET, POST');
    expect(await answers.replayed.text()).toContain('This link was already used.');
    expect(await list()).toBe(before);
    expect(ackStill.status).toBe(200);
  }, 120_000);

  it('every AWS call the action function made is allowed by the synthesized actions function policy', () => {
    const config = exampleConfig();
    const template = Template.fromStack(buildTestApp(config).stack).toJSON() as CfnTemplate;
    const tableId = Object.entries(template.Resources).find(
      ([, r]) => r.Type === 'AWS::DynamoDB::Table',
    )?.[0];
    const iam = deployedIam(template, {
      ...localAccountOf(config),
      names: { [tableId ?? '']: 'billing-alarms-state' },
    });
    const requests = readFileSync(join(ws.dir, 'out', 'serve-requests.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RecordedRequest);
    const actions = new Set(requests.filter((r) => r.principal === 'local-actions').map((r) => r.action));

    expect([...actions].sort()).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'events:PutEvents',
      ]),
    );
    return evaluateRequests(requests, iam, [LOCAL_ACCESS_KEYS.setup]).then((decisions) => {
      expect(decisions.some((d) => d.principal.startsWith('billing-actions'))).toBe(true);
      expect(denials(decisions)).toEqual([]);
    });
  }, 120_000);

  it('serves the emails of the out folder: GET / lists them, GET /mail/<file> shows one, nothing outside it', async () => {
    const index = await (await fetch(`${base}/`)).text();
    const mail = await fetch(`${base}/mail/critical-1.html`);
    const outside = await fetch(`${base}/mail/..%2Fconfig.yaml`);

    expect(index).toContain('href="/mail/critical-1.html"');
    expect(index).toContain('[Critical] prod-payments (210000000001)');
    expect(mail.status).toBe(200);
    expect(mail.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await mail.text()).toContain(`/a/${ACCOUNT}/critical?t`);
    expect(outside.status).toBe(404);
  });

  it('stops cleanly on SIGTERM (exit 0), after one JSON line per request', async () => {
    const code = await serve.stop('SIGTERM');
    const lines = serve
      .stdout()
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => JSON.parse(l) as { method: string; path: string; status: number });

    expect(code).toBe(0);
    expect(lines).toContainEqual({ method: 'POST', path: `/a/${ACCOUNT}/critical`, status: 200 });
    expect(lines.every((l) => !l.path.includes('?'))).toBe(true);
  });
});

describe('serve follows the local clock of the run that signed the links', () => {
  it('links of a simulate 40 days ago are valid when clicked, the snooze is measured from then, and alerts list --local reads it at that clock', async () => {
    const ws = cliWorkspace();
    const serve = await ws.background('serve');
    try {
      const base = (JSON.parse(serve.firstLine) as { url: string }).url;
      const then = new Date(Date.now() - 40 * DAY);
      ws.file('old.json', (await ws.cli('sample-event', '--now', then.toISOString())).stdout);
      const run = await ws.cli(
        'simulate',
        '--event',
        'old.json',
        '--now',
        then.toISOString(),
        '--action-url',
        base,
      );
      const link = answerLinks(readFileSync(join(ws.dir, 'out', 'old.html'), 'utf8')).find(
        (l) => l.claims.action === 'snooze' && l.claims.hours === 24,
      );

      const shown = await fetch(link?.url.href ?? '');
      const confirmed = await fetch(`${base}${link?.url.pathname}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ t: link?.token ?? '', by: 'ana' }).toString(),
      });
      const alerts = (
        JSON.parse((await ws.cli('alerts', 'list', '--json', '--local')).stdout) as {
          alerts: { state: string; until: string }[];
        }
      ).alerts;

      expect(JSON.parse(run.stdout).status).toBe('sent');
      expect(shown.status).toBe(200);
      expect(confirmed.status).toBe(200);
      expect(alerts[0]?.state).toBe('snoozed');
      // Snoozed for a day from the simulated moment (plus the seconds the test took), not from today.
      expect(Date.parse(alerts[0]?.until ?? '') - then.getTime()).toBeGreaterThanOrEqual(DAY);
      expect(Date.parse(alerts[0]?.until ?? '') - then.getTime()).toBeLessThan(DAY + 600_000);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  }, 300_000);
});

describe('serve and --action-url refuse bad input', () => {
  it.each([
    [['serve', '--port', 'abc'], /--port "abc" is not a port number/],
    [['serve', '--port', '70000'], /--port "70000" is not a port number/],
    [
      ['simulate', '--event', 'e.json', '--action-url', 'ftp://x'],
      /--action-url "ftp:\/\/x" is not an http\(s\) URL/,
    ],
    [['report', '--action-url', 'not a url'], /--action-url "not a url" is not an http\(s\) URL/],
    [
      ['demo', '--serve', '--action-url', 'http://127.0.0.1:1'],
      /give --serve .* or --action-url URL, not both/,
    ],
  ])(
    '%j: exit 2 and one line naming the value',
    async (args, message) => {
      const ws = cliWorkspace();
      ws.file('e.json', '{}');

      const out = await ws.cli(...args);

      expect(out.code).toBe(2);
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
      expect(out.stderr).toMatch(message);
    },
    60_000,
  );
});
