import { THRESHOLD_TAGS } from '../../contract/account-tags.js';
import { type Config, tierThreshold } from '../../contract/config/schema.js';
import { policyFor } from '../../contract/config/thresholds.js';
import type { Tier } from '../../contract/member-template.js';
import { singleLine } from '../email/format.js';
import type { IgnoredTag } from '../state/org-copy.js';

/** Where an account's desired thresholds come from, lowest precedence first. */
export type ThresholdSource = 'default' | 'organizationalUnit' | 'account' | 'tag';

/** An account's desired thresholds, where they come from, and tags that were ignored. */
export interface DesiredThresholds {
  readonly warning: number;
  readonly critical: number;
  readonly source: ThresholdSource;
  /** Tags that could not be used, each with why (the configured value applies instead), as one line each. */
  readonly tagProblems: string[];
  /** The same tags, as tag, value and why (for `thresholds plan --json`, the report and the organisation copy). */
  readonly ignoredTags: IgnoredTag[];
}

/**
 * An account's desired thresholds. Precedence, lowest first: the configuration's default, the
 * override of the account's OU, the account override, then the account's own tags
 * `billing-alarms:warning` / `billing-alarms:critical` (each tier on its own). A tag that is not a
 * non-negative number, or that would put the warning at or above the critical threshold, is ignored
 * and named.
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
  const fromTag = (tier: Tier): number | undefined => {
    const text = tags[THRESHOLD_TAGS[tier]];
    if (text === undefined) return undefined;
    // The configuration's own rules: the same schema, so a tag can do nothing a file could not.
    const parsed = tierThreshold[tier].safeParse(text.trim() === '' ? Number.NaN : Number(text.trim()));
    if (!parsed.success) {
      const why = parsed.error.issues[0]?.message ?? 'not a threshold';
      problems.push(`tag ${THRESHOLD_TAGS[tier]}="${singleLine(text, 40)}" ignored: ${why}`);
      ignoredTags.push({ tag: THRESHOLD_TAGS[tier], value: singleLine(text, 40), why });
      return undefined;
    }
    return parsed.data;
  };
  let warning = fromTag('warning');
  let critical = fromTag('critical');
  const w = warning ?? policy.warning;
  const c = critical ?? policy.critical;
  if ((warning !== undefined || critical !== undefined) && w > 0 && c > 0 && w >= c) {
    const why = `would put the warning threshold (${w}) at or above the critical one (${c})`;
    problems.push(`tags ${why}`);
    ignoredTags.push({
      tag: `${THRESHOLD_TAGS.warning}, ${THRESHOLD_TAGS.critical}`,
      value: `${singleLine(tags[THRESHOLD_TAGS.warning] ?? '-', 40)} / ${singleLine(tags[THRESHOLD_TAGS.critical] ?? '-', 40)}`,
      why,
    });
    warning = undefined;
    critical = undefined;
  }
  const tagged = warning !== undefined || critical !== undefined;
  return {
    warning: warning ?? policy.warning,
    critical: critical ?? policy.critical,
    source: tagged ? 'tag' : policy.source,
    tagProblems: problems,
    ignoredTags,
  };
}
