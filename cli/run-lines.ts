import type { AttemptError, Invocation } from './lambda-process.js';

/** What an event ended in. */
export type RunStatus =
  | 'sent'
  | 'duplicate'
  | 'suppressed'
  | 'skipped'
  | 'rejected'
  | 'failed'
  /** Governance events: the account's thresholds were updated, or already right, or submitted and still running. */
  | 'applied'
  | 'unchanged'
  | 'pending';

/** The line of an alarm or report event (or of any event whose every attempt failed). */
export interface RunLine {
  status: RunStatus;
  reason?: string;
  /** The event's id was delivered before with another payload: handled on its own, recorded as a conflict. */
  conflict?: string;
  recipients: string[];
  subject?: string;
  /** SES's message ids: of this delivery, or (for a duplicate) of the first one. */
  messageIds?: string[];
  files: string[];
  costExplorerRequests: number;
  /** Set when every attempt failed: on AWS the event now waits in the dead-letter queue. */
  deadLetter?: boolean;
  /** The report: accounts on pace to cross a tier this month. */
  paceAlerts?: {
    accountId: string;
    tier: string;
    monthToDate: number;
    forecast: number;
    threshold: number;
  }[];
  /** Set when the publisher (automation events, chat) failed after its retries: on AWS its dead-letter queue. */
  publisherFailed?: string;
  /** A launch (fast burn): what it was priced at — who, what, the prices and their sources, the hour's total. */
  estimate?: Record<string, unknown>;
}

/** The line of a governance event: the account and its thresholds. */
export interface GovernanceLine {
  status: 'applied' | 'unchanged' | 'pending';
  accountId: string;
  thresholds: { warning: number; critical: number };
  /** Where the account's alarms live: its own (member) or the management account's (payer). */
  placement?: 'member' | 'payer';
}

/** The line of a scheduled governance sweep: the governance Lambda's answer as it came. */
export interface SweepLine {
  status: RunStatus;
  /** How many covered accounts are on member and on payer alarms. */
  placements: { member: number; payer: number };
  /** Accounts put on payer alarms, and back on member alarms, by this sweep. */
  toPayer?: string[];
  toMember?: string[];
  payerAlarms?: { created: number; updated: number; deleted: number; left: number };
}

/** The one-line JSON `simulate` and `report` print per event. */
export type EventLine = RunLine | GovernanceLine | SweepLine;

/** Whether a line is an alarm's or report's (or a failure's): it names files and Cost Explorer requests. */
export function isMailLine(line: EventLine): line is RunLine {
  return 'files' in line;
}

/** The lines of a run through the alarm or report bundle, which answer only with mail lines. */
export function mailLines(lines: readonly EventLine[]): RunLine[] {
  return lines.map((line) => {
    if (!isMailLine(line))
      throw new Error(`expected an alarm's or report's line, got ${JSON.stringify(line)}`);
    return line;
  });
}

/** The handler's answer, as far as a line needs it. */
export interface HandlerAnswer {
  status?: RunStatus;
  reason?: string;
  conflict?: string;
  recipients?: string[];
  subject?: string;
  messageIds?: string[];
  costExplorerRequests?: number;
  viewModel?: unknown;
  /** Alert lifecycle changes the alarm made: handed to the publisher like a mailed answer. */
  alerts?: unknown[];
  accountId?: string;
  thresholds?: { warning: number; critical: number };
  placement?: 'member' | 'payer';
  /** The scheduled governance sweep's answer. */
  placements?: { member: number; payer: number };
  paceAlerts?: RunLine['paceAlerts'];
  estimate?: RunLine['estimate'];
  chat?: { channel: string; type: 'slack' | 'teams' | 'amazonQ'; payload: unknown }[];
}

/**
 * The line of one event: a failure (every attempt failed), a sweep's or governance event's answer,
 * or an alarm's or report's delivery with the files written for it.
 */
export function lineOf(
  invocation: Invocation,
  answer: HandlerAnswer,
  files: string[],
  costExplorerRequests: number,
): EventLine {
  if (!invocation.ok) {
    return {
      status: 'failed',
      reason: realCause(invocation.errors),
      recipients: [],
      files,
      costExplorerRequests,
      deadLetter: true,
    };
  }
  if (answer.placements) {
    return { ...answer, status: answer.status ?? 'applied', placements: answer.placements };
  }
  if (
    (answer.status === 'applied' || answer.status === 'unchanged' || answer.status === 'pending') &&
    answer.accountId &&
    answer.thresholds
  ) {
    return {
      status: answer.status,
      accountId: answer.accountId,
      thresholds: answer.thresholds,
      ...(answer.placement ? { placement: answer.placement } : {}),
    };
  }
  return {
    status: answer.status ?? 'sent',
    ...(answer.reason ? { reason: answer.reason } : {}),
    ...(answer.conflict ? { conflict: answer.conflict } : {}),
    recipients: answer.recipients ?? [],
    ...(answer.subject ? { subject: answer.subject } : {}),
    ...(answer.messageIds?.length ? { messageIds: answer.messageIds } : {}),
    files,
    costExplorerRequests,
    ...(answer.paceAlerts ? { paceAlerts: answer.paceAlerts } : {}),
    ...(answer.estimate ? { estimate: answer.estimate } : {}),
  };
}

/**
 * The real cause of a failed invocation: the first attempt's error, with its innermost cause —
 * later attempts often fail only because of the first ("in progress", "not sent again").
 */
export function realCause(errors: readonly AttemptError[]): string {
  const first = errors.find((e) => e.name !== 'DeliveryInProgressError') ?? errors[0];
  if (!first) return 'failed';
  const root = first.causes?.at(-1);
  const text = `${first.name}: ${first.message}`;
  return root && !text.includes(root.message) ? `${text} (cause: ${root.name}: ${root.message})` : text;
}
