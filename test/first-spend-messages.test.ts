import { describe, expect, it } from 'vitest';
import { firstSpendLines } from '../handlers/lib/alarm/first-spend-line.js';
import type { AccountFigures } from '../handlers/lib/costs/account-figures.js';
import { formatter } from '../handlers/lib/email/format.js';
import { translator } from '../handlers/lib/email/messages.js';
import { NEW_SPEND_ROWS } from '../handlers/lib/report/new-spend-section.js';
import { reportChatMessage } from '../handlers/lib/report/report-chat.js';
import { reportText } from '../handlers/lib/report/report-text.js';
import { reportViewModel } from '../handlers/lib/report/report-view-model.js';
import { missing } from '../handlers/lib/result.js';
import { type FirstSpendCheck, TOO_MANY_GROUPS } from '../handlers/lib/state/first-spend-store.js';
import { exampleConfig } from './helpers/config.js';
import { testSnapshot } from './helpers/snapshot.js';

const config = exampleConfig();
const t = translator('en');
const f = formatter('en', 'USD', 'UTC');
const now = new Date('2026-12-03T06:00:00Z');
const A = '210000000005';
const check = (
  outcome: FirstSpendCheck['outcome'],
  builtAt = '2026-12-03T05:00:00.000Z',
): FirstSpendCheck => ({
  builtAt,
  today: '2026-12-03',
  basis: 'UnblendedCost',
  week: { start: '2026-11-26', end: '2026-12-03' },
  lookback: { start: '2026-08-28', end: '2026-11-26' },
  outcome,
});
const bedrock = { accountId: A, kind: 'service', name: 'Amazon Bedrock', amount: 412 } as const;
const oregon = { accountId: A, kind: 'region', name: 'us-west-2', amount: 398.5 } as const;

describe('the alarm email’s first-spend lines', () => {
  const lines = (c: FirstSpendCheck | undefined, figures?: Pick<AccountFigures, 'dailyByService'>) =>
    firstSpendLines({ accountId: A, check: c, figures: figures as AccountFigures | undefined, now, t, f });

  it('names each new service with its first day and amount from the alarm’s own figures, and each new Region', () => {
    const out = lines(check({ ok: true, entries: [bedrock, oregon], more: 0 }), {
      dailyByService: {
        'Amazon Bedrock': { '2026-11-20': 5, '2026-11-28': 200, '2026-11-29': 0, '2026-12-02': 230 },
      },
    });

    expect(out.facts).toEqual([
      { label: 'First spend', value: 'Amazon Bedrock, $430.00 since Nov 28, 2026' },
      { label: 'First spend', value: 'Region us-west-2, $398.50 from Nov 26, 2026 to Dec 2, 2026' },
    ]);
    expect(out.notes).toEqual([]);
  });

  it('falls back to the report’s week total when the alarm has no days of the service', () => {
    const out = lines(check({ ok: true, entries: [bedrock], more: 0 }));
    expect(out.facts[0]?.value).toBe('Amazon Bedrock, $412.00 from Nov 26, 2026 to Dec 2, 2026');
  });

  it('says nothing for an account without new spend, and that the list was cut when it was', () => {
    const other = { ...bedrock, accountId: '210000000001' };
    expect(lines(check({ ok: true, entries: [other], more: 0 }))).toEqual({ facts: [], notes: [] });
    expect(lines(check({ ok: true, entries: [other], more: 4 })).notes[0]?.value).toMatch(/cut at 1/);
  });

  it('says it was not checked without a check, with one older than 48 hours, or with one that failed', () => {
    const stale = check({ ok: true, entries: [bedrock], more: 0 }, '2026-12-01T05:00:00.000Z');
    for (const c of [undefined, stale])
      expect(lines(c)).toEqual({
        facts: [],
        notes: [
          {
            label: 'First spend',
            value: 'not checked: no organisation report has checked it in the last 48 hours',
          },
        ],
      });
    expect(lines(check({ ok: false, reason: 'throttled' })).notes[0]?.value).toBe(
      'not checked: Cost Explorer kept throttling the requests',
    );
    expect(lines(check({ ok: false, reason: TOO_MANY_GROUPS })).notes[0]?.value).toMatch(
      /^not checked: the organisation has more account × service pairs/,
    );
  });
});

describe('the report’s "New this week" section', () => {
  const view = (firstSpend?: FirstSpendCheck) =>
    reportViewModel({
      snapshot: testSnapshot([{ id: A, name: 'ml-research', current: 900 }]),
      coverage: missing('denied'),
      config,
      ...(firstSpend ? { firstSpend } : {}),
    });

  it('lists the new spends in the HTML’s view-model, the text and the chat summary, with what was left out', () => {
    const entries = Array.from({ length: NEW_SPEND_ROWS + 2 }, (_, i) => ({
      ...bedrock,
      name: `Service ${i}`,
      amount: 100 - i,
    }));
    const vm = view(check({ ok: true, entries, more: 1 }));

    expect(vm.newSpend?.rows[0]).toMatchObject({
      name: `Service 0 in ml-research (${A}), $100.00`,
      parts: { id: A },
    });
    expect(vm.newSpend?.rows).toHaveLength(NEW_SPEND_ROWS);
    expect(vm.newSpend?.more).toBe('… and 3 more.');
    const text = reportText(vm);
    expect(text).toContain(`New this week\n  - Service 0 in ml-research (${A}), $100.00\n`);
    expect(text).toContain('since Aug 28, 2026 (90 days)');
    const chat = reportChatMessage(vm, '2026-12').sections.find((s) => s.heading === 'New this week');
    expect(chat?.lines).toHaveLength(NEW_SPEND_ROWS + 1);
  });

  it('has no section when nothing is new or the run had no check, and says why when the check was not made', () => {
    expect(view(check({ ok: true, entries: [], more: 0 })).newSpend).toBeNull();
    expect(view().newSpend).toBeNull();
    const vm = view(check({ ok: false, reason: TOO_MANY_GROUPS }));
    expect(vm.newSpend).toMatchObject({
      rows: [],
      note: expect.stringMatching(/^Not checked: the organisation has more/),
    });
    expect(reportChatMessage(vm, '2026-12').sections.at(-1)?.lines[0]).toMatch(/^Not checked/);
  });
});
