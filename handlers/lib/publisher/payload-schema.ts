import { z } from 'zod';
import { ALERT_EVENT_TYPES, ALERT_STATES } from '../../contract/alert-lifecycle.js';
import { DAILY_RUNG, RUNG_NAME_PATTERN } from '../../contract/ladder.js';
import { anomalyDetailSchema } from './anomaly-event.js';
import type { AutomationPayload } from './automation-event.js';
import { fastBurnDetailSchema } from './fast-burn-event.js';

/** A rung's name, or the daily-rate alarm's. */
const rungName = z.union([z.string().regex(RUNG_NAME_PATTERN), z.literal(DAILY_RUNG)]);

const detailSchema = z.object({
  accountId: z.string(),
  accountName: z.string().nullable(),
  tier: rungName,
  rung: rungName,
  threshold: z.number(),
  budget: z.number().nullable(),
  estimatedCharges: z.number().nullable(),
  monthToDate: z.number().nullable(),
  forecast: z
    .object({ amount: z.number(), method: z.enum(['last7DaysPace', 'monthAveragePace']) })
    .nullable(),
  currency: z.string(),
  topServices: z.array(z.object({ service: z.string(), amount: z.number() })),
  dailyRate: z
    .object({
      spentLast24Hours: z.number().nullable(),
      dailyLimit: z.number(),
      servicesOn: z.string().nullable(),
    })
    .optional(),
  eventId: z.string(),
});

const alertSchema = z.object({
  detailType: z.enum(Object.values(ALERT_EVENT_TYPES)),
  detail: z.object({
    accountId: z.string(),
    rung: rungName,
    state: z.enum(ALERT_STATES),
    previous: z.enum(ALERT_STATES).nullable(),
    by: z.string(),
    at: z.string(),
    until: z.string().nullable(),
    note: z.string().nullable(),
    cause: z.string().nullable(),
    eventId: z.string(),
  }),
});

const payloadSchema = z.object({
  crossing: detailSchema.optional(),
  forecasts: z.array(detailSchema).optional(),
  alerts: z.array(alertSchema).optional(),
  fastBurn: fastBurnDetailSchema.optional(),
  anomaly: anomalyDetailSchema.optional(),
  chat: z
    .array(
      z.object({ channel: z.string(), type: z.enum(['slack', 'teams', 'amazonQ']), payload: z.unknown() }),
    )
    .optional(),
  automationKey: z.string().optional(),
  alarmMailedAt: z.iso.datetime().optional(),
});

/** A Lambda success-destination event: the handler's answer is `detail.responsePayload`. */
const destinationSchema = z.object({ detail: z.object({ responsePayload: payloadSchema }) });

/**
 * The automation payload in a Lambda success-destination event, checked: an answer that is not
 * one (no payload, a malformed crossing) is nothing to publish.
 */
export function payloadOf(event: unknown): AutomationPayload | undefined {
  const parsed = destinationSchema.safeParse(event);
  if (!parsed.success) return undefined;
  const payload: AutomationPayload = parsed.data.detail.responsePayload;
  return payload;
}
