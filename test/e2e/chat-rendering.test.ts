import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runMailThroughBundle } from '../../cli/run-events.js';
import { sampleEvent } from '../../cli/sample-event.js';
import { alarmChatMessage } from '../../handlers/lib/alarm/alarm-chat.js';
import type { AlarmViewModel } from '../../handlers/lib/alarm/alarm-view-types.js';
import { defuseLinks } from '../../handlers/lib/chat/markdown.js';
import { sampleOrganisationFixture } from '../../local/organization-fixture.js';
import { sampleOrganisationCosts } from '../../local/sample-org.js';
import { startStandIns } from '../../local/stand-ins.js';
import { useChromium } from '../helpers/browser.js';
import { tempOut, testBundles } from '../helpers/bundles.js';
import { exampleConfig } from '../helpers/config.js';

const config = exampleConfig();
const now = new Date('2026-11-20T09:00:00Z');
const rows = sampleOrganisationCosts(now);
const bundles = testBundles();
const ACCOUNT = '210000000003';
/** An account name with everything Markdown or Adaptive Cards would read as markup. */
const HOSTILE =
  '{{DATE(2026-11-20T09:00:00Z, SHORT)}} *prod* _pay_ [click](http://evil.example) `x` <mailto:a> &amp; ~~s~~';

/** A service name that starts a list item with a list of its own, and links and emphasises after. */
const HOSTILE_SERVICE = '- 1. *EC2* [x](http://evil.example) ~~y~~ # z';

/** Microsoft's Adaptive Cards renderer for the web, with the markdown-it it looks for on the page. */
const RENDERER_SCRIPTS = [
  'node_modules/markdown-it/dist/browser/markdown-it.umd.min.js',
  'node_modules/adaptivecards/dist/adaptivecards.min.js',
];

/** The text a reader should see in each TextBlock and Fact, in the card's order. */
function intendedTexts(vm: AlarmViewModel): string[] {
  const m = alarmChatMessage(vm, { accountId: ACCOUNT, month: '2026-11' });
  return [
    m.title,
    ...m.facts.flatMap((f) => [f.label, f.value]),
    ...m.sections.flatMap((s) => [s.heading, s.lines.join('\n')]),
  ].map((t) =>
    t
      .split('\n')
      .map((line) => defuseLinks(line).trim())
      .join('\n'),
  );
}

/** The Markdown of each TextBlock and Fact of a card as posted, in the card's order. */
function sourceTexts(card: unknown): string[] {
  const { body } = card as { body: ({ text: string } | { facts: { title: string; value: string }[] })[] };
  return body.flatMap((b) => ('text' in b ? [b.text] : b.facts.flatMap((f) => [f.title, f.value])));
}

describe('Teams cards as Microsoft’s Adaptive Cards renderer shows them, through the built bundles', () => {
  const browser = useChromium();

  it('an alarm of an account with a hostile name: every TextBlock and Fact reads as written, and nothing links', async () => {
    const outDir = tempOut();
    const fixture = sampleOrganisationFixture(config);
    const organisation = {
      ...fixture,
      accounts: fixture.accounts.map((a) => (a.id === ACCOUNT ? { ...a, name: HOSTILE } : a)),
    };
    // Organizations and Cost Explorer both name the account (and Cost Explorer its biggest service).
    const biggest = rows.find((r) => r.accountId === ACCOUNT)?.service;
    const costs = rows.map((r) =>
      r.accountId === ACCOUNT
        ? { ...r, accountName: HOSTILE, ...(r.service === biggest ? { service: HOSTILE_SERVICE } : {}) }
        : r,
    );
    const standIns = await startStandIns({ costs, now, organisation });
    try {
      const event = sampleEvent(config, { account: ACCOUNT, rung: 'critical', charges: 7471.5, now });
      const { lines } = await runMailThroughBundle({
        bundle: bundles.alarm,
        functionName: 'billing-alarm',
        events: [{ name: 'hostile', event }],
        costs,
        now,
        outDir,
        standIns,
        publisher: bundles.publisher,
      });
      const posted = standIns.chat.posts().find((p) => p.target.includes('finops-teams'));
      const card = (posted?.body as { attachments: { content: unknown }[] } | undefined)?.attachments[0]
        ?.content;
      const { viewModel } = JSON.parse(readFileSync(`${outDir}/hostile.json`, 'utf8')) as {
        viewModel: AlarmViewModel;
      };

      const page = await browser().newPage();
      await page.setContent('<!doctype html><html><body></body></html>');
      for (const path of RENDERER_SCRIPTS) await page.addScriptTag({ path });
      // A string expression: this file is compiled without the DOM library.
      const rendered = JSON.parse(
        await page.evaluate<string>(`(() => {
          const card = new AdaptiveCards.AdaptiveCard();
          card.parse(${JSON.stringify(card)});
          const element = card.render();
          document.body.appendChild(element);
          return JSON.stringify({
            texts: Array.from(element.querySelectorAll('.ac-textBlock')).map((e) => e.innerText.trim()),
            markup: element.querySelectorAll('a, em, strong, code, del, s, h1, h2, h3, ol, blockquote').length,
          });
        })()`),
      ) as { texts: string[]; markup: number };
      await page.close();

      expect(lines[0]).toMatchObject({ status: 'sent' });
      expect(lines[0]?.publisherFailed).toBeUndefined();
      expect(viewModel.headline).toContain('}} *prod* _pay_');
      expect(rendered.texts).toEqual(intendedTexts(viewModel));
      expect(rendered.markup).toBe(0);
      expect(rendered.texts.join('\n')).toContain('$7,471.50');
      expect(rendered.texts.join('\n')).toContain('- 1. *EC2* [x](http:∕∕evil․example) ~~y~~ # z');
      expect(rendered.texts.join('\n')).toContain('{{DATE(2026-11-20T09:00:00Z, SHORT)}}');
      // Only the hostile names carry backslashes; ordinary text and figures reach Teams without one
      // (Teams mobile would show it).
      const intended = intendedTexts(viewModel);
      const sources = sourceTexts(card);
      expect(sources).toHaveLength(intended.length);
      expect(
        sources.filter((text, i) => text.includes('\\') && !/\*(?:prod|EC2)\*/.test(intended[i] ?? '')),
      ).toEqual([]);
      expect(sources).toContain('$7,471.50');
    } finally {
      await standIns.stop();
    }
  }, 120_000);
});
