import type { RequestLog } from './request-log.js';

/** What a fault-injecting stand-in hands its caller besides its endpoints: counters, requests, faults. */
export interface StandInControls<S, F> {
  readonly stats: S;
  readonly requests: RequestLog;
  setFaults(faults: F): void;
}

/** A stand-in's controls; `replace` receives a copy of the faults given to `setFaults`. */
export function standInControls<S, F extends object>(
  stats: S,
  requests: RequestLog,
  replace: (faults: F) => void,
): StandInControls<S, F> {
  return { stats, requests, setFaults: (f) => replace({ ...f }) };
}
