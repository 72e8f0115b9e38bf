import { describe, expect, it } from 'vitest';
import { escapeForTerminal, terminalText } from '../cli/terminal-text.js';
import { planTable } from '../cli/thresholds.js';
import { twoTierLadder } from '../handlers/contract/ladder.js';
import type { ThresholdPlan } from '../handlers/lib/governance/threshold-plan.js';

/** Names an attacker with an account in the organisation (or a tag) could choose. */
const HOSTILE = [
  'evil\u001b[2J\u001b[1;1Hcleared',
  'link\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007',
  'rtl \u202egnp.exe\u202c',
  'two\nPlan: 0 account(s) to update (0 threshold(s)), 0 payer alarm(s) to put or delete, 99 unchanged.',
  'cr\rPlan: 0',
  'c1 \u009b31m red',
  `${'x'.repeat(500)}`,
];
/** Anything a terminal acts on: C0 (but newline between lines), DEL, C1, bidi and other format characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

describe('what the command line prints', () => {
  it('keeps each name, tag and reason on one harmless line, cut to a documented length', () => {
    for (const name of HOSTILE) {
      const text = terminalText(name, 60);

      expect(text).not.toMatch(ACTIVE);
      expect(text).not.toContain('\n');
      expect(text.length).toBeLessThanOrEqual(60);
    }
  });

  it('prints a plan of hostile account names as exactly its rows and one summary line', () => {
    const plan: ThresholdPlan = {
      changes: HOSTILE.map((accountName, i) => ({
        accountId: String(210000000100 + i),
        accountName,
        ouId: 'ou-a1b2-workloads',
        rung: 'critical',
        deployed: 3000,
        desired: 6000,
        reason: accountName,
      })),
      updates: HOSTILE.map((_, i) => ({
        accountId: String(210000000100 + i),
        ouId: 'ou-a1b2-workloads',
        desired: twoTierLadder(0, 6000),
      })),
      unchanged: 3,
      warnings: [],
      ignoredTags: [],
      facts: [],
      stackSetDefaults: twoTierLadder(2000, 3000),
      payer: { changes: [], puts: [], removes: [], accounts: [], existing: new Map() },
    };

    const lines = planTable(plan, 'USD').join('\n').split('\n');

    expect(lines).toHaveLength(HOSTILE.length + 3);
    expect(lines.filter((l) => l.startsWith('Plan:'))).toEqual([
      'Plan: 7 account(s) to update (7 threshold(s)), 0 payer alarm(s) to put or delete, 3 unchanged.',
    ]);
    for (const line of lines) expect(line).not.toMatch(ACTIVE);
  });

  it('shows what escaped the per-field cleaning as visible escapes, keeping JSON valid', () => {
    const json = JSON.stringify({ name: 'a\u202eb\u009bc' });

    expect(escapeForTerminal(json)).toBe('{"name":"a\\u202eb\\u009bc"}');
    expect(JSON.parse(escapeForTerminal(json))).toEqual({ name: 'a\u202eb\u009bc' });
    expect(escapeForTerminal('line one\nline two')).toBe('line one\nline two');
  });
});
