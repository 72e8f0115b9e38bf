import * as z from 'zod';
import { REPORT_SCHEDULE_SOURCE } from '../../contract/billing.js';
import { found, missing, type Result } from '../result.js';

/** The payload EventBridge Scheduler hands the report Lambda (see the stack's ReportSchedule). */
export const scheduledRunSchema = z.object({
  source: z.literal(REPORT_SCHEDULE_SOURCE),
  /** Scheduler's `<aws.scheduler.scheduled-time>`: the run's identity, so a repeat delivery mails once. */
  scheduledTime: z.iso.datetime({ offset: true }),
});

/** One scheduled report run. */
export type ScheduledRun = z.infer<typeof scheduledRunSchema>;

/** The scheduled run an event describes, or why it is not one (a permanent rejection). */
export function parseScheduledRun(event: unknown): Result<ScheduledRun> {
  const parsed = scheduledRunSchema.safeParse(event);
  if (parsed.success) return found(parsed.data);
  const issue = parsed.error.issues[0];
  return missing(
    `not a scheduled report run: ${issue?.path.join('.') || '(payload)'}: ${issue?.message ?? 'invalid'}`,
  );
}
