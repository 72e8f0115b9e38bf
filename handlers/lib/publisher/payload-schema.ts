import { z } from 'zod';
import { RUNG_NAME_PATTERN } from '../../contract/ladder.js';
import type { AutomationPayload } from './automation-event.js';
import { fastBurnDetailSchema } from './fast-burn-event.js';

const detailSchema = z.object({
  accountId: z.string(),
  accountName: z.string().nullable(),
  tier: z.string().regex(RUNG_NAME_PATTERN),
  rung: z.string().regex(RUNG_NAME_PATTERN),
  threshold: z.number(),
  budget: z.number().nullable(),
  estimatedCharges: z.number().nullable(),
  monthToDate: z.number().nullable(),
  forecast: z
    .object({ amount: z.number(), method: z.enum(['last7DaysPace', 'monthAveragePace']) })
    .nullable(),
  currency: z.string(),
  topServices: z.array(z.object({ service: z.string(), amount: z.number() })),
  eventId: z.string(),
});

const payloadSchema = z.object({
  crossing: detailSchema.optional(),
  forecasts: z.array(detailSchema).optional(),
  fastBurn: fastBurnDetailSchema.optional(),
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
