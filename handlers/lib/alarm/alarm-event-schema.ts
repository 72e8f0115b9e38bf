import * as z from 'zod/mini';

// The shape of a forwarded "CloudWatch Alarm State Change", as zod/mini schemas: the same Standard
// Schema that Powertools Parser takes, without the weight of zod's classic build in the bundle.
// Each is built on first use (`z.lazy`): building zod schemas at import was about a quarter of
// the alarm Lambda's own module init (DESIGN.md, "Cold start").

/** The EventBridge envelope every event carries (its shape; {@link eventBridgeEnvelopeSchema} the schema). */
const envelopeShape = () => ({
  version: z.string(),
  id: z.string(),
  'detail-type': z.string(),
  source: z.string(),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.unknown(),
});

/** The EventBridge envelope every event carries. */
export const eventBridgeEnvelopeSchema = z.lazy(() => z.object(envelopeShape()));

const stateSchema = () =>
  z.object({
    value: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']),
    reason: z._default(z.string(), ''),
    reasonData: z.optional(z.string()),
    timestamp: z.string(),
  });

const metricSchema = () =>
  z.object({
    /** The entry's id in a metric-math alarm (`e1`, `m1`). */
    id: z.optional(z.string()),
    /** Present on metric-math and anomaly-detection alarms: only the daily-rate alarm's is accepted. */
    expression: z.optional(z.string()),
    label: z.optional(z.string()),
    /** Whether the alarm watches this entry (metric-math alarms: exactly one). */
    returnData: z.optional(z.boolean()),
    metricStat: z.optional(
      z.object({
        metric: z.object({
          namespace: z.string(),
          name: z.string(),
          dimensions: z._default(z.record(z.string(), z.string()), {}),
        }),
        period: z.optional(z.number()),
        stat: z.optional(z.string()),
      }),
    ),
  });

const alarmDetail = () => {
  const state = stateSchema();
  return z.object({
    alarmName: z.string().check(z.minLength(1), z.maxLength(255)),
    state,
    previousState: z.optional(z.partial(state)),
    configuration: z._default(
      z.object({
        description: z.optional(z.string()),
        /** Present on composite alarms only. */
        alarmRule: z.optional(z.string()),
        metrics: z._default(z.array(metricSchema()), []),
      }),
      { metrics: [] },
    ),
  });
};

/** The detail of a "CloudWatch Alarm State Change" event. */
export const alarmDetailSchema = z.lazy(alarmDetail);

/** A forwarded alarm state change: the envelope with a typed detail. */
export const alarmEventSchema = z.lazy(() => z.object({ ...envelopeShape(), detail: alarmDetail() }));

/** A parsed, not yet trusted, alarm state change. */
export type AlarmEvent = z.infer<typeof alarmEventSchema>;

/** The JSON in `state.reasonData`: the evaluated datapoints and the threshold. */
export const reasonDataSchema = z.lazy(() =>
  z.object({
    threshold: z.optional(z.number().check(z.refine(Number.isFinite))),
    recentDatapoints: z.optional(z.array(z.number().check(z.refine(Number.isFinite)))),
  }),
);
