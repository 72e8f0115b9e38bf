import { createServer } from 'node:http';
import { close, listen, readBody } from './http.js';
import { RequestLog } from './request-log.js';
import type { ServiceEvent } from './ses-events.js';

/** An event put on the local bus, as EventBridge would deliver it to a rule's target. */
export interface PutEvent {
  readonly id: string;
  readonly source: string;
  readonly 'detail-type': string;
  readonly time: string;
  readonly eventBusName: string;
  readonly detail: unknown;
}

/** The EventBridge stand-in: PutEvents (JSON 1.1, `AWSEvents.PutEvents`), kept in order. */
export interface EventBridgeStandIn {
  readonly endpoint: string;
  /** Every event put so far. */
  events(): PutEvent[];
  /** The requests it served, as IAM authorizes them. */
  readonly requests: RequestLog;
  /**
   * AWS services' own events on the default bus (SES's sending events): kept, and handed to every
   * rule target whose pattern matches, one event at a time and awaited, as EventBridge invokes them.
   */
  deliver(events: readonly ServiceEvent[]): Promise<void>;
  /** Every service event delivered so far. */
  serviceEvents(): ServiceEvent[];
  /** Adds a rule on the default bus: its pattern as a predicate, and its target. */
  addRule(matches: (event: ServiceEvent) => boolean, target: (event: ServiceEvent) => Promise<void>): void;
  stop(): Promise<void>;
}

/** Starts the EventBridge stand-in on a free loopback port. */
export async function startEventBridge(
  /** Where every request is recorded for the IAM check. */
  log: RequestLog = new RequestLog(),
): Promise<EventBridgeStandIn> {
  const events: PutEvent[] = [];
  const serviceEvents: ServiceEvent[] = [];
  const rules: { matches: (e: ServiceEvent) => boolean; target: (e: ServiceEvent) => Promise<void> }[] = [];
  let delivering: Promise<void> = Promise.resolve();
  const server = createServer(async (req, res) => {
    const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as {
      Entries?: { Source?: string; DetailType?: string; Detail?: string; EventBusName?: string }[];
    };
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(payload));
    };
    const operation =
      String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    // Each entry is authorized on its own bus, with its source and detail type as condition keys.
    log.record(
      req,
      ...(body.Entries?.length ? body.Entries : [{}]).map((e) => ({
        action: `events:${operation}`,
        resources: [busArn(log, e.EventBusName)],
        context: {
          ...(e.Source ? { 'events:source': e.Source } : {}),
          ...(e.DetailType ? { 'events:detail-type': e.DetailType } : {}),
        },
      })),
    );
    if (operation !== 'PutEvents')
      return send(400, { __type: 'UnknownOperationException', message: 'only PutEvents is supported' });
    const entries = body.Entries ?? [];
    if (entries.length === 0 || entries.length > 10)
      return send(400, { __type: 'ValidationException', message: 'Entries must hold 1 to 10 events' });
    const out = entries.map((e) => {
      let detail: unknown;
      try {
        detail = JSON.parse(e.Detail ?? '');
      } catch {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON' };
      }
      if (!e.Source || !e.DetailType)
        return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Source and DetailType are required' };
      const id = `local-${events.length + 1}`;
      events.push({
        id,
        source: e.Source,
        'detail-type': e.DetailType,
        time: new Date().toISOString(),
        eventBusName: e.EventBusName ?? 'default',
        detail,
      });
      return { EventId: id };
    });
    send(200, { FailedEntryCount: out.filter((o) => 'ErrorCode' in o).length, Entries: out });
  });
  const endpoint = await listen(server);
  const deliver = async (batch: readonly ServiceEvent[]) => {
    // One at a time across callers, as a target with concurrency one would see them.
    const run = delivering.then(async () => {
      for (const event of batch) {
        serviceEvents.push(event);
        for (const rule of rules) if (rule.matches(event)) await rule.target(event);
      }
    });
    delivering = run.catch(() => undefined);
    await run;
  };
  return {
    endpoint,
    events: () => [...events],
    requests: log,
    deliver,
    serviceEvents: () => [...serviceEvents],
    addRule: (matches, target) => {
      rules.push({ matches, target });
    },
    stop: () => close(server),
  };
}

/** The ARN of the bus an entry names (by name or ARN; none is the default bus). */
function busArn(log: RequestLog, bus: string | undefined): string {
  if (bus?.startsWith('arn:')) return bus;
  return log.arn('events', `event-bus/${bus ?? 'default'}`);
}
