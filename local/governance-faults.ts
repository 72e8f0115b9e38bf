import { pause } from '../handlers/lib/deadline.js';
import { parseFaultList } from './faults.js';

/**
 * Faults of Organizations and CloudFormation: `deny` answers every call with AccessDenied (as a
 * billing account without the permissions would), `hang` never answers, `malformed` answers 200
 * with a body that is not the API's.
 */
export type GovernanceFaults = {
  deny?: boolean;
  hang?: boolean;
  malformed?: boolean;
  busy?: number;
  /** Every Organizations and CloudFormation answer takes this long (AWS's own latency, for the bench). */
  latencyMs?: number;
};

/** Parses `--org-faults`: `deny`, `hang`, `malformed`, `busy=N` (the next N StackSet updates meet another operation), `latency=MS` (every answer that slow), comma-separated. */
export function parseOrgFaults(text: string | undefined): GovernanceFaults {
  const f = parseFaultList('--org-faults', text, {
    deny: 'flag',
    hang: 'flag',
    malformed: 'flag',
    busy: 'count',
    latency: 'ms',
  });
  return {
    ...(f.deny ? { deny: true } : {}),
    ...(f.hang ? { hang: true } : {}),
    ...(f.malformed ? { malformed: true } : {}),
    ...(f.busy !== undefined ? { busy: Number(f.busy) } : {}),
    ...(f.latency !== undefined ? { latencyMs: Number(f.latency) } : {}),
  };
}

/** Waits out the injected latency; false when the stand-in is to never answer (`hang`). */
export async function answers(faults: GovernanceFaults): Promise<boolean> {
  if (faults.hang) return false;
  if (faults.latencyMs) await pause(faults.latencyMs);
  return true;
}
