import { Logger } from '@aws-lambda-powertools/logger';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { AutomationDetail } from '../handlers/lib/publisher/automation-event.js';
import { destinationEvent, localFunctionArn } from '../handlers/lib/publisher/destination-event.js';
import { entriesOf, publish } from '../handlers/lib/publisher/publisher.js';
import { startEventBridge } from '../local/eventbridge.js';
import { useStandIn } from './helpers/stand-in.js';

const detail = (n: number): AutomationDetail => ({
  accountId: `21000000000${n % 10}`,
  accountName: 'acct <"&">',
  tier: 'critical',
  rung: 'critical',
  budget: null,
  threshold: 100,
  estimatedCharges: 120,
  monthToDate: 90,
  forecast: { amount: 150, method: 'last7DaysPace' },
  currency: 'USD',
  topServices: [{ service: 'AWS Lambda', amount: 50 }],
  eventId: `e-${n}`,
});
const logger = new Logger({ logLevel: 'SILENT' });

describe('automation publisher', () => {
  const eventBridge = useStandIn(startEventBridge, (config) => new EventBridgeClient(config));

  it('puts one crossing per mailed alarm and one forecast per mailed pace notice, ten per call', async () => {
    const { standIn: bus, client } = eventBridge();
    const crossing = destinationEvent(
      localFunctionArn('billing-alarm'),
      {},
      { status: 'sent', crossing: detail(0) },
    );
    const report = destinationEvent(
      localFunctionArn('billing-report'),
      {},
      {
        status: 'sent',
        forecasts: Array.from({ length: 12 }, (_, i) => detail(i + 1)),
      },
    );

    const first = await publish({ events: client, busName: 'billing-alarms', logger }, crossing);
    const second = await publish({ events: client, busName: 'billing-alarms', logger }, report);
    const put = bus.events();

    expect(first).toEqual({ status: 'published', events: 1 });
    expect(second).toEqual({ status: 'published', events: 12 });
    expect(put.map((e) => e['detail-type'])).toEqual([
      'Billing Threshold Crossed',
      ...Array(12).fill('Billing Threshold Forecast'),
    ]);
    expect(put[0]).toMatchObject({
      source: 'billing-alarm-forwarder',
      eventBusName: 'billing-alarms',
      detail: detail(0),
    });
  });

  it('publishes nothing for an answer without a crossing or a notice', async () => {
    const { standIn: bus, client } = eventBridge();
    const before = bus.events().length;

    const out = await publish(
      { events: client, busName: 'billing-alarms', logger },
      destinationEvent(localFunctionArn('billing-report'), {}, { status: 'sent' }),
    );

    expect(out.status).toBe('skipped');
    expect(bus.events()).toHaveLength(before);
    expect(entriesOf({}, 'b')).toEqual([]);
  });

  it('throws when EventBridge refuses an entry, so Lambda retries and the dead-letter queue keeps it', async () => {
    const mock = mockClient(EventBridgeClient);
    mock.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
    });
    try {
      await expect(
        publish(
          { events: new EventBridgeClient({ region: 'us-east-1' }), busName: 'b', logger },
          destinationEvent(localFunctionArn('billing-alarm'), {}, { status: 'sent', crossing: detail(0) }),
        ),
      ).rejects.toThrow(/PutEvents failed for 1 entr\(ies\): InternalFailure try again/);
    } finally {
      mock.restore();
    }
  });
});
