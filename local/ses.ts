import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesLocal from 'aws-ses-v2-local';
import { parseFaultList } from './faults.js';
import { close, forwardedHeaders, listen, readBody } from './http.js';
import { RequestLog } from './request-log.js';
import { standInControls } from './stand-in-controls.js';

/**
 * Faults in front of the SES stand-in: `throttle` answers the next N sends with
 * TooManyRequestsException (not accepted); `fail` answers every send with a 500 (not accepted, but
 * the sender cannot know); `hang` never answers; `resetAfterAccept` lets the next N sends through
 * (accepted and stored) and then cuts the connection before the answer.
 */
export type SesFaults = { throttle?: number; fail?: boolean; hang?: boolean; resetAfterAccept?: number };

/** Parses `--ses-faults`: `throttle=N`, `fail`, `hang`, `reset-after-accept=N`, comma-separated. */
export function parseSesFaults(text: string | undefined): SesFaults {
  const f = parseFaultList('--ses-faults', text, {
    throttle: 'count',
    fail: 'flag',
    hang: 'flag',
    'reset-after-accept': 'count',
  });
  return {
    ...(f.throttle !== undefined ? { throttle: Number(f.throttle) } : {}),
    ...(f.fail ? { fail: true } : {}),
    ...(f.hang ? { hang: true } : {}),
    ...(f['reset-after-accept'] !== undefined ? { resetAfterAccept: Number(f['reset-after-accept']) } : {}),
  };
}

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
    if (isSend) {
      log.record(req, { action: 'ses:SendEmail', resources: sendResources(log, body) });
      stats.sendAttempts++;
      if (current.hang) return;
      if (current.fail) {
        stats.failed++;
        res.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalFailure' });
        return res.end(JSON.stringify({ message: 'SES stand-in failure (injected)' }));
      }
      if (current.throttle && current.throttle > 0) {
        current = { ...current, throttle: current.throttle - 1 };
        stats.throttled++;
        res.writeHead(429, {
          'content-type': 'application/json',
          'x-amzn-errortype': 'TooManyRequestsException',
        });
        return res.end(JSON.stringify({ message: 'Maximum sending rate exceeded.' }));
      }
    }
    const headers = forwardedHeaders(req);
    const upstream = await fetch(`${viewerUrl}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body }),
    });
    const answer = Buffer.from(await upstream.arrayBuffer());
    if (isSend && upstream.ok) onAccepted();
    if (isSend && upstream.ok && current.resetAfterAccept && current.resetAfterAccept > 0) {
      // Accepted and stored, but the answer never arrives: the sender cannot tell whether SES has it.
      current = { ...current, resetAfterAccept: current.resetAfterAccept - 1 };
      req.socket.destroy();
      return;
    }
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
    });
    res.end(answer);
  });
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
