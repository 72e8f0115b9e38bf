import { RECIPIENTS_TAG, THRESHOLD_TAGS } from '../../contract/account-tags.js';
import type { Config } from '../../contract/config/schema.js';
import { policyFor } from '../../contract/config/thresholds.js';
import { rungAmounts } from '../../contract/ladder.js';
import { routeAlarm } from '../delivery/routing.js';
import type { OrgCopy, OrgCopyReader, OrgCopyRecord } from '../state/org-copy.js';
import { canonicalJson } from '../state/table.js';
import { desiredThresholds } from './desired-thresholds.js';

/** What one read of the organisation found about an account (tags absent when not read). */
export type OrgFacts = Pick<OrgCopyRecord, 'accountId' | 'name' | 'ouId' | 'ouPath' | 'tags'>;

/** A copy not rewritten for this long is rewritten even when nothing changed (its date says how fresh it is). */
export const ORG_COPY_REFRESH_MS = 24 * 3_600_000;

/** The tags the copy keeps: only the tool's own (thresholds and recipients). */
function toolTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  const own = new Set<string>([...Object.values(THRESHOLD_TAGS), RECIPIENTS_TAG]);
  return Object.fromEntries(Object.entries(tags).filter(([k]) => own.has(k)));
}

/** The copy of what a reader found: the thresholds and recipients the facts resolve to under `config`. */
export function orgCopyRecord(
  config: Config,
  facts: OrgFacts,
  readAt: Date,
  readBy: OrgCopyReader,
): OrgCopyRecord {
  const tags = facts.tags ? toolTags(facts.tags) : undefined;
  const desired = desiredThresholds(config, facts.accountId, facts.ouId, tags ?? {});
  const description = policyFor(config, facts.accountId, facts.ouId).description;
  const routing = routeAlarm(config, {
    accountId: facts.accountId,
    ...(facts.ouId ? { ouId: facts.ouId } : {}),
    ...(tags ? { tags } : {}),
  });
  return {
    accountId: facts.accountId,
    ...(facts.name ? { name: facts.name } : {}),
    ...(facts.ouId ? { ouId: facts.ouId } : {}),
    ouPath: [...facts.ouPath],
    ...(tags ? { tags } : {}),
    policy: {
      thresholds: rungAmounts(desired.ladder),
      ...(desired.budget !== undefined ? { budget: desired.budget } : {}),
      source: desired.source,
      ...(description ? { description } : {}),
    },
    recipients: routing.recipients,
    ignoredTags: desired.ignoredTags,
    readAt: readAt.toISOString(),
    readBy,
  };
}

/**
 * What a reader that knows less keeps of an earlier copy: the name always comes from `facts` when
 * it has one; tags never read now are kept; the OU found by walking up (a nested configured OU) is
 * kept while the OU the reader saw is still on that path.
 */
export function mergeFacts(earlier: OrgCopyRecord | undefined, facts: OrgFacts): OrgFacts {
  if (!earlier) return facts;
  const name = facts.name ?? earlier.name;
  const tags = facts.tags ?? earlier.tags;
  const seenOu = facts.ouPath[0];
  // Nothing seen (an account without an instance), or only the OU the walk already passed through.
  const keepOu = seenOu === undefined || (earlier.ouPath.includes(seenOu) && facts.ouPath.length <= 1);
  return {
    accountId: facts.accountId,
    ...(name ? { name } : {}),
    ...(keepOu
      ? { ...(earlier.ouId ? { ouId: earlier.ouId } : {}), ouPath: earlier.ouPath }
      : { ...(facts.ouId ? { ouId: facts.ouId } : {}), ouPath: facts.ouPath }),
    ...(tags ? { tags } : {}),
  };
}

/**
 * The report's coverage pass: every active account's name and the OU its instance was deployed
 * through, merged into the earlier copies (one BatchGetItem per 100 accounts) and written where
 * something changed or the copy is a day old (BatchWriteItem, 25 a call). Answers every account's
 * copy as it now stands, for the report's list of ignored threshold tags.
 */
export async function refreshOrgCopy(
  copy: Pick<OrgCopy, 'getMany' | 'putMany'>,
  config: Config,
  accounts: readonly { accountId: string; name?: string; ouId?: string }[],
  now: Date,
  signal?: AbortSignal,
): Promise<{ records: OrgCopyRecord[]; written: number }> {
  const earlier = await copy.getMany(
    accounts.map((a) => a.accountId),
    signal,
  );
  const records: OrgCopyRecord[] = [];
  const changed: OrgCopyRecord[] = [];
  for (const a of accounts) {
    const before = earlier.get(a.accountId);
    const facts = mergeFacts(before, {
      accountId: a.accountId,
      ...(a.name ? { name: a.name } : {}),
      ...(a.ouId ? { ouId: a.ouId } : {}),
      ouPath: a.ouId ? [a.ouId] : [],
    });
    const next = orgCopyRecord(config, facts, now, 'report');
    if (copyWorthWriting(before, next)) changed.push(next);
    records.push(copyWorthWriting(before, next) ? next : (before ?? next));
  }
  await copy.putMany(changed, signal);
  return { records, written: changed.length };
}

/** Whether `next` says something `earlier` does not, or `earlier` is older than {@link ORG_COPY_REFRESH_MS}. */
export function copyWorthWriting(earlier: OrgCopyRecord | undefined, next: OrgCopyRecord): boolean {
  if (!earlier) return true;
  if (Date.parse(next.readAt) - Date.parse(earlier.readAt) >= ORG_COPY_REFRESH_MS) return true;
  const { readAt: _a, readBy: _b, ...was } = earlier;
  const { readAt: _c, readBy: _d, ...now } = next;
  return canonicalJson(was) !== canonicalJson(now);
}
