import type * as z from 'zod';
import { THRESHOLD_TAGS } from '../../contract/account-tags.js';
import { budgetAmount, dailyLimitAmount, tierThreshold } from '../../contract/config/amounts.js';
import { rungList } from '../../contract/config/rungs.js';
import type { Config } from '../../contract/config/schema.js';
import { type LadderFields, policyFor, resolveLadder } from '../../contract/config/thresholds.js';
import type { Ladder } from '../../contract/ladder.js';
import { singleLine } from '../email/format.js';
import type { IgnoredTag } from '../state/org-copy.js';

/** Where an account's desired thresholds come from, lowest precedence first. */
export type ThresholdSource = 'default' | 'organizationalUnit' | 'account' | 'tag';

/** An account's desired ladder, where it comes from, and tags that were ignored. */
export interface DesiredThresholds {
  readonly ladder: Ladder;
  /** The budget percentages refer to, when one applies. */
  readonly budget?: number;
  readonly source: ThresholdSource;
  /** Tags that could not be used, each with why (the configured value applies instead), as one line each. */
  readonly tagProblems: string[];
  /** The same tags, as tag, value and why (for `thresholds plan --json`, the report and the organisation copy). */
  readonly ignoredTags: IgnoredTag[];
}

type TagField = keyof typeof THRESHOLD_TAGS;

/** A rungs tag's text as a list: `50% 80% 100%`, `1500, 2400` (numbers without `%` are amounts). */
function rungsOfTag(text: string): (string | number)[] {
  return text
    .split(/[\s,;]+/)
    .filter((w) => w !== '')
    .map((w) => (w.endsWith('%') ? w : w.trim() === '' ? Number.NaN : Number(w)));
}

/**
 * An account's desired ladder. Precedence, lowest first: the configuration's default, the override
 * of the account's OU, the account override, then the account's own tags: `billing-alarms:budget`,
 * `billing-alarms:rungs`, or `billing-alarms:warning` / `billing-alarms:critical` (each tier on its
 * own, over the two-rung ladder), and `billing-alarms:daily-limit` (the daily-rate alarm's limit). A tag the configuration's own schema refuses is ignored and named;
 * tags that together make no valid ladder are all ignored and named.
 */
export function desiredThresholds(
  config: Config,
  accountId: string,
  ouId: string | undefined,
  tags: Readonly<Record<string, string>> = {},
): DesiredThresholds {
  const policy = policyFor(config, accountId, ouId);
  const problems: string[] = [];
  const ignoredTags: IgnoredTag[] = [];
  const ignore = (tag: string, value: string, why: string, line: string) => {
    problems.push(line);
    ignoredTags.push({ tag, value, why });
  };
  const tagText = (field: TagField) => singleLine(tags[THRESHOLD_TAGS[field]] ?? '-', 40);
  // The configuration's own rules: the same schemas, so a tag can do nothing a file could not.
  const read = <T>(field: TagField, schema: z.ZodType<T>): T | undefined => {
    const text = tags[THRESHOLD_TAGS[field]];
    if (text === undefined) return undefined;
    const value =
      field === 'rungs' ? rungsOfTag(text) : text.trim() === '' ? Number.NaN : Number(text.trim());
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const why = parsed.error.issues[0]?.message ?? 'not a threshold';
    const shown = singleLine(text, 40);
    ignore(THRESHOLD_TAGS[field], shown, why, `tag ${THRESHOLD_TAGS[field]}="${shown}" ignored: ${why}`);
    return undefined;
  };
  const tagged: LadderFields = {
    warning: read('warning', tierThreshold.warning),
    critical: read('critical', tierThreshold.critical),
    budget: read('budget', budgetAmount),
    rungs: read('rungs', rungList),
    dailyLimit: read('dailyLimit', dailyLimitAmount),
  };
  const untagged = {
    ladder: policy.ladder,
    ...(policy.budget !== undefined ? { budget: policy.budget } : {}),
    source: policy.source,
    tagProblems: problems,
    ignoredTags,
  };
  if (Object.values(tagged).every((v) => v === undefined)) return untagged;
  if (tagged.rungs && (tagged.warning !== undefined || tagged.critical !== undefined)) {
    const why = `set both ${THRESHOLD_TAGS.rungs} and ${THRESHOLD_TAGS.warning}/${THRESHOLD_TAGS.critical}: all ignored`;
    ignore(
      `${THRESHOLD_TAGS.rungs}, ${THRESHOLD_TAGS.warning}, ${THRESHOLD_TAGS.critical}`,
      `${tagText('rungs')} / ${tagText('warning')} / ${tagText('critical')}`,
      why,
      `tags ${why}`,
    );
    return untagged;
  }
  const resolved = resolveLadder(tagged, policy.fields);
  if (!resolved.ok) {
    const w = tagged.warning ?? policy.fields.warning ?? 0;
    const c = tagged.critical ?? policy.fields.critical;
    const why =
      resolved.field === 'warning' && c !== undefined
        ? `would put the warning threshold (${w}) at or above the critical one (${c})`
        : resolved.problem;
    const used = (Object.keys(tagged) as TagField[]).filter((f) => tagged[f] !== undefined);
    ignore(
      used.map((f) => THRESHOLD_TAGS[f]).join(', '),
      used.map(tagText).join(' / '),
      why,
      resolved.field === 'warning' && c !== undefined ? `tags ${why}` : `tags ignored: ${why}`,
    );
    return untagged;
  }
  return {
    ladder: resolved.ladder,
    ...(resolved.budget !== undefined ? { budget: resolved.budget } : {}),
    source: 'tag',
    tagProblems: problems,
    ignoredTags,
  };
}
