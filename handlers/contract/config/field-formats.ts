import * as z from 'zod';

/** A 12-digit AWS account id. */
export const accountId = z
  .string()
  .regex(/^\d{12}$/, 'must be a 12-digit AWS account id in quotes, e.g. "123456789012"');
/** An organizational unit id (or the root's). */
export const ouId = z
  .string()
  .regex(
    /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/,
    'must be an organizational unit id such as "ou-ab12-cd34ef56" (or the root, "r-ab12")',
  );
/** An e-mail address (a recipient or the sender). */
export const email = z.email('must be an e-mail address such as "finops@example.com"');
/** A time of day as `HH:MM`. */
export const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as "HH:MM", e.g. "12:00"');
/** An IANA time zone, written exactly (case included) as IANA names it. */
export const timeZone = z.string().superRefine((tz, ctx) => {
  const problem = timeZoneProblem(tz);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * Why a time zone is not an exact IANA name, or undefined. Intl accepts any case ("asia/seoul"),
 * but EventBridge Scheduler and readers need the exact name, so the case must match too.
 */
function timeZoneProblem(tz: string): string | undefined {
  const hint = 'must be an IANA time zone such as "UTC", "Europe/Berlin" or "Asia/Seoul"';
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return `${hint}; "${tz}" is not one`;
  }
  const exact =
    tz === resolved || Intl.supportedValuesOf('timeZone').includes(tz) || /^(Etc\/)?(UTC|GMT)$/.test(tz);
  if (exact) return undefined;
  const sameCase = [resolved, ...Intl.supportedValuesOf('timeZone')].find(
    (z) => z.toLowerCase() === tz.toLowerCase(),
  );
  return sameCase ? `time zones are case-sensitive: write "${sameCase}", not "${tz}"` : undefined;
}
