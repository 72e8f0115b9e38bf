import { defineCommand } from '../command.js';
import { doctorLines, runDoctor } from '../doctor/doctor.js';
import { configFrom } from '../options.js';

/** `billing-alarms doctor`. */
export const doctorCommand = defineCommand({
  name: 'doctor',
  summary: 'check the AWS prerequisites and the operator runbook in order, each ✓/✗/! with a one-line fix',
  help: `billing-alarms doctor [--json] [--local] [--config FILE]

  Checks, in order: credentials and whether this is the management or a delegated-admin account;
  billing alerts on (EstimatedCharges in us-east-1); the dimension set of member metrics against
  memberMetricDimensions; Cost Explorer enabled (one small query: $0.01); StackSets trusted access
  or the delegated-admin registration; the SES sender (verified, DKIM); SES production access
  (the sandbox refuses unverified recipients); a CloudTrail trail logging write management events
  in us-east-1 (the governance rule's Organizations events); the Lambda concurrency quota against
  the stack's reservations (reservedConcurrency); the billing stack deployed; the member stack
  instances by status; member alarms stuck in INSUFFICIENT_DATA for over 24 hours (the alarm
  states in the state table); the billing metric per account on the payer and member side against
  alarms.placement; the operators' SNS subscriptions confirmed. Exits 1 when a check fails.

  --json           print {"checks":[{"name","status":"ok"|"warn"|"fail","detail","fix"?}]}
  --local          against the local stand-ins (all ok) instead of AWS
  --config FILE    the configuration (default billing-alarms.config.yaml)`,
  options: {
    json: { type: 'boolean', default: false },
    local: { type: 'boolean', default: false },
  },
  async run(values, io) {
    const checks = await runDoctor({ config: configFrom(values.config), local: values.local });
    if (values.json) io.print(JSON.stringify({ checks }));
    else for (const line of doctorLines(checks)) io.print(line);
    return checks.some((c) => c.status === 'fail') ? 1 : 0;
  },
});
