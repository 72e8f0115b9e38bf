import { Duration, TimeZone } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { REPORT_SCHEDULE_SOURCE } from '../../handlers/contract/billing.js';

/** Props of {@link ReportSchedule}. */
export interface ReportScheduleProps {
  /** The report Lambda. */
  readonly handler: lambda.IFunction;
  /** Times of day as "HH:MM" in `timeZone`. */
  readonly times: readonly string[];
  /** IANA time zone, e.g. `Asia/Seoul`. */
  readonly timeZone: string;
  /** Where runs that still fail after the retries go. */
  readonly deadLetterQueue: sqs.IQueue;
}

/** EventBridge Scheduler schedules that run the organisation report at local times of day. */
export class ReportSchedule extends Construct {
  /** One schedule per time of day. */
  readonly schedules: scheduler.Schedule[] = [];

  constructor(scope: Construct, id: string, props: ReportScheduleProps) {
    super(scope, id);
    if (props.times.length === 0) throw new Error('times must list at least one "HH:MM"');
    const target = new schedulerTargets.LambdaInvoke(props.handler, {
      // The scheduled time is the report's idempotency key: a run delivered twice mails once.
      input: scheduler.ScheduleTargetInput.fromObject({
        source: REPORT_SCHEDULE_SOURCE,
        scheduledTime: scheduler.ContextAttribute.scheduledTime,
      }),
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      deadLetterQueue: props.deadLetterQueue,
    });
    for (const time of new Set(props.times)) {
      const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
      if (!match) throw new Error(`times must be "HH:MM" (24 h), got "${time}"`);
      const [, hour, minute] = match;
      this.schedules.push(
        new scheduler.Schedule(this, `At${hour}${minute}`, {
          description: `Organisation cost report at ${time} ${props.timeZone}`,
          schedule: scheduler.ScheduleExpression.cron({
            minute: String(Number(minute)),
            hour: String(Number(hour)),
            timeZone: TimeZone.of(props.timeZone),
          }),
          target,
        }),
      );
    }
  }
}
