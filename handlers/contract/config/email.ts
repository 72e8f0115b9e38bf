import * as z from 'zod';
import { email } from './field-formats.js';
import { strict } from './strict-object.js';

/** `email:` — the sender, who gets every alarm, the operators, and how often alarms are mailed. */
export const emailSection = strict({
  sender: email,
  centralRecipients: z.array(email).min(1, 'list at least one central recipient').max(40),
  // Each operator is an SNS email subscription, one CloudFormation resource each (500 per stack).
  operatorRecipients: z
    .array(email)
    .max(50, 'list at most 50 operators (each is an SNS subscription); use a mailing list address for more')
    .default([]),
  notifyOnOk: z.boolean().default(false),
  /** One ALARM email per account and tier per this many hours; later transitions are counted, not mailed. */
  realertAfterHours: z
    .number()
    .min(0)
    .max(24 * 31)
    .default(24),
  /** Alarm emails per hour across the organisation before one digest goes out instead. */
  maxAlarmEmailsPerHour: z.number().int().min(1).max(10_000).default(100),
  configurationSetName: z.string().min(1).optional(),
  /** Also mail each account's BILLING alternate contact (Account API; trusted access for AWS Account Management). */
  billingAlternateContact: z.boolean().default(false),
});
