import { createServer } from 'node:http';
import { close, listen, readBody, xmlText } from './http.js';
import { RequestLog } from './request-log.js';

/** A message a chat channel received: a webhook post (Slack, Teams) or an SNS message (Amazon Q). */
export interface ChatPost {
  /** The webhook's path name, or the SNS topic ARN. */
  readonly target: string;
  readonly kind: 'webhook' | 'sns';
  readonly body: unknown;
}

/**
 * Chat stand-ins on one port: incoming webhooks (`POST /hook/<name>`), Secrets Manager
 * `GetSecretValue` (any secret ARN holds the URL of the webhook named after its last part) and SNS
 * `Publish` (for Amazon Q). Faults: `setFailing` answers every webhook with 500;
 * `setFaults({ resetAfterAccept: n })` takes the next n posts (they reach the channel) and then
 * drops the connection without an answer, as a webhook whose answer is lost.
 */
export interface ChatStandIn {
  readonly endpoint: string;
  posts(): ChatPost[];
  /** The AWS requests it served (Secrets Manager, SNS), as IAM authorizes them; webhooks are not AWS. */
  readonly requests: RequestLog;
  setFailing(failing: boolean): void;
  setFaults(faults: ChatFaults): void;
  stop(): Promise<void>;
}

/** Webhook faults: posts taken and then left without an answer (the connection reset). */
export interface ChatFaults {
  readonly resetAfterAccept?: number;
}

/** Starts the chat stand-ins on a free loopback port. */
export async function startChat(
  /** Where every AWS request is recorded for the IAM check. */
  log: RequestLog = new RequestLog(),
): Promise<ChatStandIn> {
  const posts: ChatPost[] = [];
  let failing = false;
  let faults: ChatFaults = {};
  let endpoint = '';
  const server = createServer(async (req, res) => {
    const raw = (await readBody(req)).toString('utf8');
    const url = req.url ?? '/';
    if (url.startsWith('/hook/')) {
      if (failing) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end('webhook stand-in failure (injected)');
      }
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        res.writeHead(400);
        return res.end('invalid JSON');
      }
      posts.push({ target: decodeURIComponent(url.slice('/hook/'.length)), kind: 'webhook', body });
      if (faults.resetAfterAccept && faults.resetAfterAccept > 0) {
        faults = { ...faults, resetAfterAccept: faults.resetAfterAccept - 1 };
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('ok');
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target === 'secretsmanager.GetSecretValue') {
      const { SecretId = '' } = JSON.parse(raw || '{}') as { SecretId?: string };
      log.record(req, {
        action: 'secretsmanager:GetSecretValue',
        resources: [SecretId.startsWith('arn:') ? SecretId : log.arn('secretsmanager', `secret:${SecretId}`)],
      });
      const name = SecretId.split(':').pop() ?? 'hook';
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      return res.end(
        JSON.stringify({
          ARN: SecretId,
          Name: name,
          SecretString: `${endpoint}/hook/${encodeURIComponent(name)}`,
        }),
      );
    }
    const form = new URLSearchParams(raw);
    if (form.get('Action') === 'Publish') {
      const topic = form.get('TopicArn') ?? '';
      log.record(req, { action: 'sns:Publish', resources: [topic] });
      posts.push({ target: topic, kind: 'sns', body: JSON.parse(form.get('Message') ?? 'null') as unknown });
      res.writeHead(200, { 'content-type': 'text/xml' });
      return res.end(
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>local-${posts.length}</MessageId></PublishResult><ResponseMetadata><RequestId>local</RequestId></ResponseMetadata></PublishResponse>`,
      );
    }
    res.writeHead(400, { 'content-type': 'text/xml' });
    res.end(
      `<ErrorResponse><Error><Code>InvalidAction</Code><Message>${xmlText(target || url)} is not supported</Message></Error></ErrorResponse>`,
    );
  });
  endpoint = await listen(server);
  return {
    endpoint,
    posts: () => [...posts],
    requests: log,
    setFailing: (f) => {
      failing = f;
    },
    setFaults: (f) => {
      faults = f;
    },
    stop: () => close(server),
  };
}
