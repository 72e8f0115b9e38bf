import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionUrlFrom } from '../cli/action-url.js';
import { portFrom } from '../cli/commands/serve.js';
import { functionUrlEvent, httpAnswerOf } from '../cli/function-url-event.js';
import { answerMailViewer } from '../cli/mail-viewer.js';
import { answerActionRequest, type FunctionUrlRequest } from '../handlers/lib/actions/action-page.js';

const SITE = { accountId: '100000000001', urlId: 'billingalarmslocal' };
const NOW = new Date('2026-12-03T18:00:05Z');

/** Sends one raw HTTP request to a server that turns it into a function URL event, and returns the event. */
async function eventOf(
  method: string,
  path: string,
  headers: [string, string][],
  body = '',
): Promise<ReturnType<typeof functionUrlEvent>> {
  let event: ReturnType<typeof functionUrlEvent> | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      event = functionUrlEvent(req, Buffer.concat(chunks), SITE, NOW);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  // Written raw, so that a header can repeat as clients send it.
  const head = [
    `${method} ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Connection: close',
    `Content-Length: ${Buffer.byteLength(body)}`,
  ]
    .concat(headers.map(([name, value]) => `${name}: ${value}`))
    .join('\r\n');
  await new Promise<void>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(`${head}\r\n\r\n${body}`));
    socket.on('error', reject);
    socket.on('close', () => resolve());
    socket.resume();
  });
  server.close();
  if (!event) throw new Error('no event');
  return event;
}

describe('functionUrlEvent: an HTTP request as a function URL hands it over (payload format 2.0)', () => {
  it('a form POST: base64 body, lowercased headers with repeats comma-joined, cookies apart, the raw path and query', async () => {
    const form = 't=abc.def&by=ana+b';

    const event = await eventOf(
      'POST',
      '/a/210000000001/120%25?x=1&x=2',
      [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['X-Thing', 'one'],
        ['X-Thing', 'two'],
        ['Cookie', 'a=1; b=2'],
      ],
      form,
    );

    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/a/210000000001/120%25',
      rawQueryString: 'x=1&x=2',
      cookies: ['a=1', 'b=2'],
      queryStringParameters: { x: '1,2' },
      isBase64Encoded: true,
      requestContext: {
        accountId: SITE.accountId,
        apiId: SITE.urlId,
        domainName: 'billingalarmslocal.lambda-url.us-east-1.on.aws',
        http: { method: 'POST', path: '/a/210000000001/120%25', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
        stage: '$default',
        time: '03/Dec/2026:18:00:05 +0000',
        timeEpoch: NOW.getTime(),
      },
    });
    expect(Buffer.from(event.body ?? '', 'base64').toString()).toBe(form);
    expect(event.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(event.headers['x-thing']).toBe('one,two');
    expect(event.headers.cookie).toBeUndefined();
  });

  it('a JSON body stays text; a GET has neither body nor query parameters when none were sent', async () => {
    const json = await eventOf('POST', '/hook', [['content-type', 'application/json']], '{"a":1}');
    const get = await eventOf('GET', '/', []);

    expect(json).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
    expect(get).toMatchObject({ rawPath: '/', rawQueryString: '', isBase64Encoded: false });
    expect(get).not.toHaveProperty('body');
    expect(get).not.toHaveProperty('queryStringParameters');
  });

  it('the action page reads the form out of the base64 body the event carries', async () => {
    const event = await eventOf(
      'POST',
      '/a/210000000001/critical',
      [['content-type', 'application/x-www-form-urlencoded']],
      'by=ana',
    );
    const logged: Record<string, unknown>[] = [];

    const answer = await answerActionRequest(event as FunctionUrlRequest, {
      keys: { current: Buffer.alloc(32, 1) },
      guards: { withinRate: async () => true } as never,
      alerts: {} as never,
      locale: 'en',
      maxSnoozeDays: 14,
      publish: async () => undefined,
      log: (_m, d) => logged.push(d),
      now: () => NOW,
    });

    expect(answer.statusCode).toBe(400);
    expect(logged).toEqual([
      expect.objectContaining({ problem: 'missingField', field: 't', method: 'POST' }),
    ]);
  });
});

describe('httpAnswerOf: the function’s answer as the HTTP response', () => {
  it('takes statusCode, headers, cookies and a base64 body as they are', () => {
    const answer = httpAnswerOf({
      statusCode: 201,
      headers: { 'Content-Type': 'text/plain' },
      cookies: ['a=1; Max-Age=60'],
      body: Buffer.from('hello').toString('base64'),
      isBase64Encoded: true,
    });

    expect(answer).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'text/plain' },
      cookies: ['a=1; Max-Age=60'],
      body: Buffer.from('hello'),
    });
  });

  it('infers a 200 application/json answer when there is no statusCode, as Lambda does', () => {
    expect(httpAnswerOf({ message: 'hi' })).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      cookies: [],
      body: Buffer.from('{"message":"hi"}'),
    });
    expect(httpAnswerOf('Hello').body.toString()).toBe('Hello');
  });
});

describe('the mail viewer and serve’s options', () => {
  const out = mkdtempSync(join(tmpdir(), 'viewer-'));
  writeFileSync(join(out, 'critical.html'), '<p>alarm</p>');
  writeFileSync(
    join(out, 'critical.json'),
    JSON.stringify({ subject: '[Critical] <prod>', to: ['a@example.com'] }),
  );
  writeFileSync(join(out, 'secret.yaml'), 'key: value');

  it('lists the emails with their escaped subjects and serves only their .html and .txt', () => {
    const index = answerMailViewer(out, 'GET', '/');
    const mail = answerMailViewer(out, 'GET', '/mail/critical.html');

    expect(index?.body.toString()).toContain('[Critical] &lt;prod&gt;');
    expect(mail?.body.toString()).toBe('<p>alarm</p>');
    expect(answerMailViewer(out, 'GET', '/mail/secret.yaml')?.statusCode).toBe(404);
    expect(answerMailViewer(out, 'GET', '/mail/..%2Fsecret.yaml')?.statusCode).toBe(404);
    expect(answerMailViewer(out, 'POST', '/')?.statusCode).toBe(405);
    expect(answerMailViewer(out, 'GET', '/a/210000000001/critical')).toBeUndefined();
  });

  it('takes ports 0–65535 and http(s) action URLs, naming anything else', () => {
    expect(portFrom(undefined)).toBe(0);
    expect(portFrom('8080')).toBe(8080);
    expect(() => portFrom('-1')).toThrow(/--port "-1" is not a port number/);
    expect(actionUrlFrom('https://abc.lambda-url.us-east-1.on.aws/')).toBe(
      'https://abc.lambda-url.us-east-1.on.aws',
    );
    expect(() => actionUrlFrom('javascript:alert(1)')).toThrow(/--action-url "javascript:alert\(1\)"/);
    expect(() => actionUrlFrom('http://x/?t=1')).toThrow(/is not an http\(s\) URL/);
  });
});
