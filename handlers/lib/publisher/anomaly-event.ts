import { z } from 'zod';

/**
 * The `detail` of `Billing Cost Anomaly`, put after a mailed Cost Anomaly Detection anomaly: AWS's
 * anomaly (id, monitor, dates, impact, root causes) and the account it was routed as.
 */
export const anomalyDetailSchema = z.object({
  anomalyId: z.string(),
  accountId: z.string(),
  accountName: z.string().nullable(),
  monitorArn: z.string(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  totalImpact: z.number(),
  totalImpactPercentage: z.number().nullable(),
  totalActualSpend: z.number().nullable(),
  totalExpectedSpend: z.number().nullable(),
  rootCauses: z.array(
    z.object({
      service: z.string().nullable(),
      region: z.string().nullable(),
      usageType: z.string().nullable(),
      linkedAccount: z.string().nullable(),
      contribution: z.number().nullable(),
    }),
  ),
  monthToDate: z.number().nullable(),
  currency: z.string(),
  /** Unique per mailed update (the anomaly id and its impact in cents): consumers deduplicate on it. */
  eventId: z.string(),
});

/** A mailed anomaly's automation detail. */
export type AnomalyDetail = z.infer<typeof anomalyDetailSchema>;
