import { once } from '../once.js';

/**
 * The alarm Lambda's deferred module (`deferred.ts`), imported once per execution environment:
 * started by the first invocation that may need it, so that its compile overlaps that invocation's
 * first requests instead of preceding every cold start at init.
 */
export const loadDeferred = once(() => import('./deferred.js'));
