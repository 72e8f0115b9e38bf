import { isTwoTierLadder, type Ladder, thresholdOf, usedRungs } from '../../contract/ladder.js';
import { type Formatter, singleLine } from '../email/format.js';
import type { Translate } from '../email/messages.js';
import type { Coverage } from '../governance/coverage.js';
import type { IgnoredTag } from '../state/org-copy.js';
import type { PlacementRecord } from '../state/placements.js';
import type { RecipientFeedbackRecord } from '../state/recipient-feedback.js';
import type { ConflictCount } from '../state/rejection-log.js';
import type { AlarmHealth } from './alarm-health.js';

/** Rows of the coverage lists at most. */
export const COVERAGE_ROWS = 20;

/** A list of accounts with what is wrong with each, cut to {@link COVERAGE_ROWS} rows. */
export interface CoverageList {
  readonly heading: string;
  readonly rows: { name: string; detail: string }[];
  readonly more: string | null;
}

/** Which accounts have the alarms, and whether their thresholds match the configuration. */
export interface CoverageSection {
  readonly heading: string;
  readonly summary: string;
  readonly uncovered: CoverageList | null;
  readonly drifted: CoverageList | null;
  /** Alarms in INSUFFICIENT_DATA for over a day. */
  readonly stuck: CoverageList | null;
  /** Covered accounts never heard from. */
  readonly silent: CoverageList | null;
  /** Accounts watched from the management account (payer alarms), each with why. */
  readonly payer: CoverageList | null;
  /** Recipients SES reported bounced, complained or rejected (its sending events). */
  readonly recipients: CoverageList | null;
  /** Threshold tags that were ignored (not a valid threshold), each with the account, tag and why. */
  readonly ignoredTags: CoverageList | null;
  readonly note: string | null;
  /** How to fix drift, when there is any. */
  readonly driftFix: string | null;
  /** Said when no alarm state was recorded yet, or the states could not be read. */
  readonly statesNote: string | null;
  /** Event ids that arrived again with another payload (this month and the last), for operators. */
  readonly conflicts: string[];
}

/** The governance section: accounts without the alarms and accounts whose thresholds drifted. */
export function coverageSection(
  coverage: Coverage,
  byId: Map<string, { name: string }>,
  t: Translate,
  f: Formatter,
  health?: AlarmHealth,
  placements: readonly PlacementRecord[] = [],
  feedback: readonly RecipientFeedbackRecord[] = [],
  ignoredTags: readonly (IgnoredTag & { readonly accountId: string })[] = [],
  conflicts: readonly ConflictCount[] = [],
): CoverageSection {
  const payer = placements.filter((p) => p.placement === 'payer');
  const pair = (l: Ladder) =>
    isTwoTierLadder(l)
      ? `${f.money(thresholdOf(l, 'warning'))} / ${f.money(thresholdOf(l, 'critical'))}`
      : usedRungs(l)
          .map((r) =>
            r.name === String(r.threshold) ? f.money(r.threshold) : `${r.name} ${f.money(r.threshold)}`,
          )
          .join(' / ');
  const list = <T>(items: T[], row: (i: T) => { name: string; detail: string }) => ({
    rows: items.slice(0, COVERAGE_ROWS).map(row),
    more: items.length > COVERAGE_ROWS ? t('report.more', { count: items.length - COVERAGE_ROWS }) : null,
  });
  const label = (id: string, fallback: string) =>
    id === '*' ? t('report.drift.stackSetName') : `${singleLine(byId.get(id)?.name ?? fallback, 60)} (${id})`;
  const driftNote = {
    defaults: 'report.drift.defaults',
    override: 'report.drift.override',
    stackSet: 'report.drift.stackSet',
  } as const;
  return {
    heading: t('report.coverage'),
    summary: t('report.coverageSummary', {
      covered: f.count(coverage.covered),
      total: f.count(coverage.activeAccounts),
    }),
    uncovered:
      coverage.uncovered.length > 0
        ? {
            heading: t('report.uncovered'),
            ...list(coverage.uncovered, (u) => ({
              name: label(u.id, u.name),
              detail: u.status
                ? t('report.reason.status', { status: u.status })
                : t('report.reason.noInstance'),
            })),
          }
        : null,
    drifted:
      coverage.drifted.length > 0
        ? {
            heading: t('report.drifted'),
            ...list(coverage.drifted, (d) => ({
              name: label(d.id, d.name),
              detail: t('report.driftRow', {
                expected: pair(d.expected),
                deployed: pair(d.deployed),
                note: t(driftNote[d.kind]),
              }),
            })),
          }
        : null,
    stuck:
      health && health.stuck.length > 0
        ? {
            heading: t('report.stuck'),
            ...list(health.stuck, (s) => ({
              name: label(s.id, s.id),
              detail: t('report.stuckRow', { tier: s.rung, since: f.dateTime(s.since) }),
            })),
          }
        : null,
    silent:
      health && health.silent.length > 0
        ? {
            heading: t('report.silent'),
            ...list(health.silent, (id) => ({ name: label(id, id), detail: t('report.silentRow') })),
          }
        : null,
    payer:
      payer.length > 0
        ? {
            heading: t('report.payer', { count: f.count(payer.length), total: f.count(coverage.covered) }),
            ...list(payer, (p) => ({
              name: label(p.accountId, p.accountId),
              detail: singleLine(p.reason, 160),
            })),
          }
        : null,
    recipients:
      feedback.length > 0
        ? {
            heading: t('report.recipients', { count: f.count(feedback.length) }),
            ...list([...feedback], (r) => ({
              name: singleLine(r.address, 80),
              detail: t('report.recipientRow', {
                kind: t(`report.feedback.${r.kind}`),
                detail: singleLine(r.detail, 120),
                count: f.count(r.count),
                at: f.dateTime(r.at),
              }),
            })),
          }
        : null,
    ignoredTags:
      ignoredTags.length > 0
        ? {
            heading: t('report.ignoredTags'),
            ...list([...ignoredTags], (i) => ({
              name: label(i.accountId, coverage.names[i.accountId] ?? i.accountId),
              detail: t('report.ignoredTagRow', {
                tag: singleLine(i.tag, 60),
                value: singleLine(i.value, 40),
                why: singleLine(i.why, 160),
              }),
            })),
          }
        : null,
    driftFix: coverage.drifted.length > 0 ? t('report.driftFix') : null,
    conflicts: conflicts.map((c) =>
      t('report.conflicts', {
        count: f.count(c.count),
        month: c.month,
        eventId: singleLine(c.last?.eventId ?? '-', 60),
        date: c.last ? f.dateTime(c.last.at) : '-',
        key: singleLine(c.last?.key ?? 'conflict#', 80),
      }),
    ),
    statesNote: !health ? t('report.statesUnavailable') : health.recorded === 0 ? t('report.noStates') : null,
    note: coverage.driftCheckLimited
      ? t('report.driftLimited', { count: coverage.driftChecked })
      : coverage.uncovered.length === 0 && coverage.drifted.length === 0
        ? t('report.allCovered')
        : null,
  };
}
