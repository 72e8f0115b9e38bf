import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesLocal from 'aws-ses-v2-local';
import { parseFaultList } from './faults.js';
import { close, forwardedHeaders, listen, readBody } from './http.js';
import { RequestLog } from './request-log.js';
import { type ServiceEvent, sendingEventsOf } from './ses-events.js';
import { standInControls } from './stand-in-controls.js';

/**
 * Faults in front of the SES stand-in: `throttle` answers the next N sends with
 * TooManyRequestsException (not accepted); `fail` answers every send with a 500 (not accepted, but
 * the sender cannot know), `failNext` the next N; `hang` never answers; `resetAfterAccept` lets the
 * next N sends through (accepted, stored, their events published) and then cuts the connection
 * before the answer; `acceptThenFail` accepts the next N and answers 500; `slowMs` accepts at once
 * and answers that much later; `after` lets the first N sends through untouched by any fault.
 */
export type SesFaults = {
  throttle?: number;
  fail?: boolean;
  failNext?: number;
  hang?: boolean;
  resetAfterAccept?: number;
  acceptThenFail?: number;
  slowMs?: number;
  after?: number;
};

/**
 * Parses `--ses-faults`: `throttle=N`, `fail`, `fail-next=N`, `hang`, `reset-after-accept=N`,
 * `accept-then-fail=N`, `slow=MS`, `after=N`, comma-separated.
 */
export function parseSesFaults(text: string | undefined): SesFaults {
  const f = parseFaultList('--ses-faults', text, {
    throttle: 'count',
    fail: 'flag',
    'fail-next': 'count',
    hang: 'flag',
    'reset-after-accept': 'count',
    'accept-then-fail': 'count',
    slow: 'ms',
    after: 'count',
  });
  const count = (name: string, field: keyof SesFaults) =>
    f[name] !== undefined ? { [field]: Number(f[name]) } : {};
  return {
    ...count('throttle', 'throttle'),
    ...(f.fail ? { fail: true } : {}),
    ...count('fail-next', 'failNext'),
    ...(f.hang ? { hang: true } : {}),
    ...count('reset-after-accept', 'resetAfterAccept'),
    ...count('accept-then-fail', 'acceptThenFail'),
    ...count('slow', 'slowMs'),
    ...count('after', 'after'),
  };
}

/** SES's rule for message tag names and values: ASCII letters, digits, `_` and `-`, 1–256 characters. */
const TAG_TEXT = /^[A-Za-z0-9_-]{1,256}$/;

/** An email as the SES stand-in stored it. */
export interface StoredEmail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { to: string[]; cc: string[]; bcc: string[] };
  readonly subject: string;
  readonly body: { html?: string; text?: string };
  readonly at: number;
}

/** A running SES v2 stand-in (aws-ses-v2-local) behind a fault-injecting front. */
export interface SesStandIn {
  /** The endpoint the SDK sends to (the fault-injecting front). */
  readonly endpoint: string;
  /** aws-ses-v2-local's own address: its web page lists the sent emails. */
  readonly viewerUrl: string;
  readonly stats: { sendAttempts: number; throttled: number; failed: number };
  /** The requests it served, as IAM authorizes them. */
  readonly requests: RequestLog;
  setFaults(faults: SesFaults): void;
  /** The emails sent since start, oldest first. */
  emails(): Promise<StoredEmail[]>;
  stop(): Promise<void>;
}

type StartSes = (config?: { host?: string; port?: number }) => Promise<Server>;

/** Starts aws-ses-v2-local and a front that can throttle or fail sends, both on free loopback ports. */
export async function startSes(
  faults: SesFaults = {},
  /** Told after every send SES accepted (the DynamoDB stand-in's fail-after-send listens). */
  onAccepted: () => void = () => undefined,
  /** Where every request is recorded for the IAM check. */
  log: RequestLog = new RequestLog(),
  /**
   * Where SES publishes the sending events of a message sent through a configuration set (its
   * EventBridge destination: the default bus). Awaited before the answer, so that a test sees the
   * events of an accepted send whatever happens to the answer.
   */
  publish: (events: ServiceEvent[]) => Promise<void> = async () => undefined,
): Promise<SesStandIn> {
  const start = ((sesLocal as unknown as { default?: StartSes }).default ?? sesLocal) as unknown as StartSes;
  const backend = await start({ host: '127.0.0.1', port: 0 });
  const viewerUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  await fetch(`${viewerUrl}/clear-store`, { method: 'POST' });
  let current: SesFaults = { ...faults };
  const stats = { sendAttempts: 0, throttled: 0, failed: 0 };

  const front = createServer(async (req, res) => {
    const body = await readBody(req);
    const isSend = req.method === 'POST' && req.url?.startsWith('/v2/email/outbound-emails');
    const answer = (status: number, type: string, message: string) => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
      res.end(JSON.stringify({ message }));
    };
    let faults: SesFaults = {};
    let input: SendInput = {};
    if (isSend) {
      log.record(req, { action: 'ses:SendEmail', resources: sendResources(log, body) });
      stats.sendAttempts++;
      input = parseSend(body);
      const badTag = (input.EmailTags ?? []).find(
        (t) => !TAG_TEXT.test(t.Name ?? '') || !TAG_TEXT.test(t.Value ?? ''),
      );
      if (badTag)
        return answer(400, 'BadRequestException', `Invalid message tag: "${badTag.Name}"="${badTag.Value}"`);
      faults = stats.sendAttempts > (current.after ?? 0) ? current : {};
      if (faults.hang) return;
      if (faults.fail || (faults.failNext && faults.failNext > 0)) {
        if (faults.failNext) current = { ...current, failNext: faults.failNext - 1 };
        stats.failed++;
        return answer(500, 'InternalFailure', 'SES stand-in failure (injected)');
      }
      if (faults.throttle && faults.throttle > 0) {
        current = { ...current, throttle: faults.throttle - 1 };
        stats.throttled++;
        return answer(429, 'TooManyRequestsException', 'Maximum sending rate exceeded.');
      }
    }
    const headers = forwardedHeaders(req);
    const upstream = await fetch(`${viewerUrl}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body }),
    });
    const upstreamBody = Buffer.from(await upstream.arrayBuffer());
    if (isSend && upstream.ok) {
      await publishEventsOf(input, upstreamBody);
      onAccepted();
      if (faults.resetAfterAccept && faults.resetAfterAccept > 0) {
        // Accepted and stored, but the answer never arrives: the sender cannot tell whether SES has it.
        current = { ...current, resetAfterAccept: faults.resetAfterAccept - 1 };
        req.socket.destroy();
        return;
      }
      if (faults.acceptThenFail && faults.acceptThenFail > 0) {
        current = { ...current, acceptThenFail: faults.acceptThenFail - 1 };
        return answer(500, 'InternalFailure', 'SES stand-in failure after accepting (injected)');
      }
      if (faults.slowMs) await new Promise((r) => setTimeout(r, faults.slowMs));
    }
    if (res.destroyed) return;
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
    });
    res.end(upstreamBody);
  });

  /** SES publishes events only for mail sent through a configuration set (its event destination). */
  const publishEventsOf = async (input: SendInput, upstreamBody: Buffer) => {
    if (!input.ConfigurationSetName) return;
    const messageId = (JSON.parse(upstreamBody.toString('utf8') || '{}') as { MessageId?: string }).MessageId;
    if (!messageId) return;
    const d = input.Destination ?? {};
    await publish(
      sendingEventsOf({
        messageId,
        from: input.FromEmailAddress ?? '',
        recipients: [...(d.ToAddresses ?? []), ...(d.CcAddresses ?? []), ...(d.BccAddresses ?? [])],
        configurationSet: input.ConfigurationSetName,
        tags: input.EmailTags ?? [],
        account: log.account.accountId,
        region: log.account.region,
      }),
    );
  };
  const endpoint = await listen(front);
  return {
    endpoint,
    viewerUrl,
    ...standInControls(stats, log, (f: SesFaults) => {
      current = f;
    }),
    emails: async () => {
      const store = (await (await fetch(`${viewerUrl}/store`)).json()) as { emails: StoredEmail[] };
      return store.emails;
    },
    stop: async () => {
      await close(front);
      await close(backend);
    },
  };
}

/** The parts of a SendEmail request the stand-in reads. */
interface SendInput {
  FromEmailAddress?: string;
  ConfigurationSetName?: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  EmailTags?: { Name?: string; Value?: string }[];
}

function parseSend(body: Buffer): SendInput {
  try {
    return JSON.parse(body.toString('utf8') || '{}') as SendInput;
  } catch {
    return {};
  }
}

/**
 * What SES authorizes a SendEmail on: the sending identity (the From address; a verified domain
 * also covers it, which the policy may grant instead) and the configuration set it names.
 */
function sendResources(log: RequestLog, body: Buffer): string[] {
  try {
    const input = JSON.parse(body.toString('utf8') || '{}') as {
      FromEmailAddress?: string;
      ConfigurationSetName?: string;
    };
    const from = /<([^>]+)>/.exec(input.FromEmailAddress ?? '')?.[1] ?? input.FromEmailAddress ?? '';
    return [
      ...(from ? [log.arn('ses', `identity/${from}`)] : []),
      ...(input.ConfigurationSetName
        ? [log.arn('ses', `configuration-set/${input.ConfigurationSetName}`)]
        : []),
    ];
  } catch {
    return [];
  }
}
