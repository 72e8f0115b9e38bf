import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { policyFor } from '../handlers/contract/config/thresholds.js';
import { actionKeysOf, verifyActionToken } from '../handlers/lib/actions/action-token.js';
import { alarmChatMessage } from '../handlers/lib/alarm/alarm-chat.js';
import { verifyBillingAlarm } from '../handlers/lib/alarm/alarm-event.js';
import { alarmViewModel } from '../handlers/lib/alarm/alarm-view-model.js';
import { alertLinks } from '../handlers/lib/alarm/alert-links.js';
import { amazonQPayload, neutralize } from '../handlers/lib/chat/amazon-q.js';
import { alarmChannels, chatDeliveries } from '../handlers/lib/chat/chat-deliveries.js';
import { defuseLinks, teamsText } from '../handlers/lib/chat/markdown.js';
import { slackActionId, slackEscape, slackPayload } from '../handlers/lib/chat/slack.js';
import { teamsPayload } from '../handlers/lib/chat/teams.js';
import { translator } from '../handlers/lib/email/messages.js';
import { found } from '../handlers/lib/result.js';
import { exampleConfig } from './helpers/config.js';
import { eventFixture } from './helpers/events.js';
import { TEST_NOW, testFigures } from './helpers/snapshot.js';

const config = exampleConfig();
const HOSTILE =
  '<script>alert(1)</script> & *bold* _x_ [click](http://evil.example) `code` #1 <!here> https://evil.example/pay evil.example.com boss@example.com';

/** Slack's Block Kit, as far as these messages use it (limits from Slack's reference). */
const slackSchema = z.object({
  text: z.string().min(1).max(3000),
  blocks: z
    .array(
      z.discriminatedUnion('type', [
        z.object({
          type: z.literal('header'),
          text: z.object({
            type: z.literal('plain_text'),
            text: z.string().min(1).max(150),
            emoji: z.boolean(),
          }),
        }),
        z.object({
          type: z.literal('section'),
          text: z
            .object({ type: z.literal('mrkdwn'), text: z.string().max(3000), verbatim: z.literal(true) })
            .optional(),
          fields: z
            .array(
              z.object({ type: z.literal('mrkdwn'), text: z.string().max(2000), verbatim: z.literal(true) }),
            )
            .max(10)
            .optional(),
        }),
        z.object({
          type: z.literal('actions'),
          elements: z
            .array(
              z.union([
                z.object({
                  type: z.literal('button'),
                  action_id: z.string().max(255).optional(),
                  text: z.object({ type: z.literal('plain_text'), text: z.string().max(75) }),
                  url: z.string().url().max(3000),
                }),
                // An interactive button: Slack posts its value back to the app's request URL.
                z.strictObject({
                  type: z.literal('button'),
                  action_id: z.string().max(255),
                  text: z.object({ type: z.literal('plain_text'), text: z.string().max(75) }),
                  value: z.string().max(2000),
                }),
              ]),
            )
            .max(25),
        }),
      ]),
    )
    .max(50),
});

/** A Teams Workflows message with one Adaptive Card 1.5. */
const teamsSchema = z.object({
  type: z.literal('message'),
  attachments: z
    .array(
      z.object({
        contentType: z.literal('application/vnd.microsoft.card.adaptive'),
        content: z.object({
          $schema: z.literal('http://adaptivecards.io/schemas/adaptive-card.json'),
          type: z.literal('AdaptiveCard'),
          version: z.literal('1.5'),
          body: z.array(
            z.union([
              z
                .object({ type: z.literal('TextBlock'), text: z.string().min(1), wrap: z.literal(true) })
                .passthrough(),
              z.object({
                type: z.literal('FactSet'),
                facts: z.array(z.object({ title: z.string(), value: z.string() })),
              }),
            ]),
          ),
          actions: z.array(
            z.object({ type: z.literal('Action.OpenUrl'), title: z.string(), url: z.string().url() }),
          ),
        }),
      }),
    )
    .length(1),
});

/** Amazon Q Developer's custom notification schema. */
const amazonQSchema = z.object({
  version: z.literal('1.0'),
  source: z.literal('custom'),
  content: z.object({
    textType: z.literal('client-markdown'),
    title: z.string().min(1).max(250),
    description: z.string().max(8000),
    nextSteps: z.array(z.string()).max(5),
    keywords: z.array(z.string()).max(10),
  }),
  metadata: z
    .object({ threadId: z.string().min(1).max(128), summary: z.string(), eventType: z.string() })
    .passthrough(),
});

/** The alarm view-model of the fixture's alarm, for an account and a service both named `name`. */
function alarmViewModelNamed(name: string, actions?: ReturnType<typeof alertLinks>) {
  const verdict = verifyBillingAlarm(eventFixture('critical-alarm'), { alarmNamePrefix: 'billing-alarm-' });
  if (!verdict.ok) throw new Error(verdict.reason);
  return alarmViewModel({
    alarm: verdict.value,
    policy: policyFor(config, verdict.value.accountId),
    figures: found(testFigures({ byService: { [name]: 4000, 'AWS Lambda': 10 } })),
    accountName: name,
    locale: 'en',
    timeZone: 'Asia/Seoul',
    organizationId: 'o-a1b2c3d4e5',
    currency: 'USD',
    now: TEST_NOW,
    ...(actions ? { actions } : {}),
  });
}

const thread = { accountId: '210000000001', month: '2026-11' };

function hostileAlarm() {
  return alarmChatMessage(alarmViewModelNamed(HOSTILE), thread);
}

/** What markdown-it (the parser the Adaptive Cards renderer for the web uses) makes of a text: its HTML. */
const markdown = new MarkdownIt();

/** The text a reader sees of Markdown as markdown-it renders it: tags dropped, its four entities decoded. */
function renderedText(source: string): string {
  return markdown
    .render(source)
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
}

describe('chat messages from the alarm view-model', () => {
  const message = hostileAlarm();

  it('renders Slack Block Kit within its limits, with Slack’s own escaping and a text fallback', () => {
    const payload = slackPayload(message);
    const text = JSON.stringify(payload.blocks.filter((b) => b.type !== 'header'));

    expect(slackSchema.safeParse(payload).success).toBe(true);
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('<!here>');
    expect(text).toContain('&lt;script&gt;');
    // Bare URLs, domains and addresses in names never become links or mentions.
    const sections = JSON.stringify([payload.text, payload.blocks.filter((b) => b.type === 'section')]);
    expect(sections).not.toMatch(/https?:\/\/|evil\.example|@example/);
    expect(slackEscape('a & <b>')).toBe('a &amp; &lt;b&gt;');
    expect(payload.text).toContain('[Critical]');
  });

  it('renders a Teams Adaptive Card 1.5 whose Markdown reads as written, with no link from a name', () => {
    const payload = teamsPayload(message);
    const card = teamsSchema.parse(payload).attachments[0]?.content;
    const texts = (card?.body ?? []).flatMap((b) =>
      'text' in b ? [b.text] : b.facts.flatMap((f) => [f.title, f.value]),
    );

    expect(renderedText(texts[0] ?? '')).toBe(defuseLinks(message.title));
    expect(JSON.stringify(card?.body)).not.toMatch(/https?:\/\/|evil\.example|@example/);
    for (const text of texts) expect(markdown.render(text)).not.toMatch(MARKUP_TAGS);
    expect(texts.map(renderedText).join('\n')).toContain(defuseLinks(HOSTILE).slice(0, 60));
    // Ordinary figures and names carry no backslash (Teams mobile would show it: AdaptiveCards#5590).
    expect(
      JSON.stringify(teamsPayload(alarmChatMessage(alarmViewModelNamed('prod-payments (eu)'), thread))),
    ).not.toContain('\\\\');
  });

  it('renders Amazon Q’s custom notification, threaded per account and month', () => {
    const payload = amazonQPayload(message);

    expect(amazonQSchema.safeParse(payload).success).toBe(true);
    const text = JSON.stringify(payload.content);
    expect(payload.metadata.threadId).toBe('billing-alarm-210000000001-2026-11');
    // Unique per notification, stable for the same one; the thread is metadata.threadId.
    expect(payload.id).toMatch(/^billing-alarm-210000000001-2026-11-[0-9a-f]{16}$/);
    expect(amazonQPayload(message).id).toBe(payload.id);
    expect(amazonQPayload({ ...message, summary: `${message.summary} (later)` }).id).not.toBe(payload.id);
    expect(text).not.toMatch(/<script>|<!here>|\[click\]\(|\*bold\*|https?:\/\/evil|evil\.example|@example/);
    expect(text).toContain('‹script›alert(1)‹/script›');
    // Emphasis markers become look-alikes; an underscore inside a word stays (no dialect emphasises it).
    expect(neutralize('_x_ *y* my_account_name')).toBe('＿x＿ ∗y∗ my_account_name');
  });

  it('routes to the central channels plus the account’s and OU’s own, each once, rendered per format', () => {
    const names = alarmChannels(config, '210000000001');
    const deliveries = chatDeliveries(config, names, message);

    expect(names).toEqual(['finops-slack', 'finops-teams', 'finops-q', 'payments-slack']);
    expect(deliveries.map((d) => [d.channel, d.type])).toEqual([
      ['finops-slack', 'slack'],
      ['finops-teams', 'teams'],
      ['finops-q', 'amazonQ'],
      ['payments-slack', 'slack'],
    ]);
    expect(deliveries[3]?.payload).toBe(deliveries[0]?.payload);
    expect(alarmChannels(config, '299999999999')).toEqual(config.chat.central);
  });
});

/** Names that Markdown would read as markup in some position, and ordinary ones that it would not. */
const MARKUP_NAMES = [
  '$7,471.50',
  'prod-payments (210000000001)',
  '+$12.00 (+5%)',
  'my_account_name',
  'a * b',
  'C:\\path\\to',
  '*bold* **b** a*b*c',
  '_x_ __y__',
  '[click](http://evil.example)',
  '![img](x)',
  '[ref]: http://x',
  '`code` ```',
  '# heading',
  '> quote',
  '- item',
  '+ item',
  '* item',
  '1. first',
  '2) second',
  '---',
  '- - -',
  '***',
  '___',
  '~~strike~~ ~~~',
  '<mailto:x> <b>bold</b>',
  '&amp; &copy; &#42;',
  'a\\*b\\',
  '{{DATE(2017-02-14T06:08:39Z, SHORT)}} {{TIME(2017-02-14T06:08:39Z)}}',
  'https://evil.example/pay evil.example.com boss@example.com',
];
const MARKUP_TAGS = /<(?:a|em|strong|code|pre|h\d|ol|blockquote|hr|s|img)\b/;

describe('Teams text: escaped only where Markdown would read it', () => {
  it.each(MARKUP_NAMES)('%s reads as written, alone and as a list line', (name) => {
    const text = teamsText(name);
    const list = markdown.render(`- ${text}\n- ${text}`);

    expect(renderedText(text)).toBe(defuseLinks(name));
    expect(markdown.render(text)).not.toMatch(MARKUP_TAGS);
    expect(list).not.toMatch(MARKUP_TAGS);
    expect(list.match(/<li>/g)).toHaveLength(2);
    expect(list.match(/<ul>/g)).toHaveLength(1);
    // Adaptive Cards' date and time functions never see a name (they run before Markdown).
    expect(text).not.toMatch(/\{\{(?:DATE|TIME)\(/);
  });

  it('leaves ordinary figures and names untouched: no backslash for Teams mobile to show', () => {
    for (const plain of [
      '$7,471.50',
      'prod-payments (210000000001)',
      '+$12.00 (+5%)',
      'my_account_name',
      'a * b',
    ])
      expect(teamsText(plain)).toBe(plain);
  });
});

describe('names cut to a documented length everywhere', () => {
  it('keeps a 100 KB service name from swelling the alarm email and its chat messages', async () => {
    const { renderHtml } = await import('../handlers/lib/email/render.js');
    const { ALARM_EMAIL } = await import('../handlers/lib/email/templates.generated.js');
    const { NAME_MAX } = await import('../handlers/lib/email/format.js');
    const huge = `Amazon ${'X'.repeat(100_000)}`;
    const vm = alarmViewModelNamed(huge);
    const html = renderHtml(ALARM_EMAIL, vm);
    const chat = JSON.stringify(
      slackPayload(alarmChatMessage(vm, { accountId: '210000000001', month: '2026-11' })),
    );

    expect(Buffer.byteLength(html)).toBeLessThan(100_000);
    expect(chat.length).toBeLessThan(20_000);
    expect(html).not.toContain('X'.repeat(NAME_MAX + 1));
  });
});

describe('answers in chat (acknowledge, snooze, planned)', () => {
  const keys = actionKeysOf(Buffer.alloc(32, 7).toString('base64'));
  const links = alertLinks('https://abc123.lambda-url.us-east-1.on.aws', keys, {
    accountId: '210000000001',
    rung: 'critical',
    maxSnoozeDays: 14,
    now: TEST_NOW,
    t: translator('en'),
    dateTime: (iso) => iso,
  });
  const message = alarmChatMessage(alarmViewModelNamed('prod-payments', links), thread);
  const slackButtons = (payload: unknown) =>
    slackSchema.parse(payload).blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));

  it('Slack with interactivity: a button per answer whose value is the signed token (no secret, no address), then the details link', () => {
    const buttons = slackButtons(slackPayload(message, { interactive: true }));

    expect(buttons.map((b) => b.text.text)).toEqual([
      'Acknowledge',
      'Snooze 1 day',
      'Snooze 7 days',
      'Planned (7 days)',
      'Open in Cost Explorer',
    ]);
    const answers = buttons.slice(0, 4);
    expect(answers.map((b) => ('action_id' in b ? b.action_id : ''))).toEqual([
      slackActionId('ack', 0),
      slackActionId('snooze', 1),
      slackActionId('snooze', 2),
      slackActionId('plan', 3),
    ]);
    for (const [i, b] of answers.entries()) {
      expect('value' in b && b.value).toBe(links.links[i]?.token);
      expect('url' in b).toBe(false);
      const verified = verifyActionToken('value' in b ? b.value : '', keys, TEST_NOW);
      expect(verified.ok && verified.claims.accountId).toBe('210000000001');
    }
    const json = JSON.stringify(slackPayload(message, { interactive: true }));
    expect(json).not.toMatch(/@/);
    expect(json).not.toContain(Buffer.alloc(32, 7).toString('base64'));
  });

  it('Slack without a signing secret: the answers link to the signed page; chatDeliveries picks by the configuration', () => {
    const buttons = slackButtons(slackPayload(message));
    const withSecret = exampleConfig();
    const configured = {
      ...withSecret,
      chat: {
        ...withSecret.chat,
        channels: [{ name: 'ops', type: 'slack' as const }],
        slackSigningSecretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:slack-signing-AbCdEf',
      },
    };
    const unconfigured = { ...configured, chat: { ...configured.chat, slackSigningSecretArn: undefined } };

    expect(buttons.slice(0, 4).map((b) => ('url' in b ? b.url : ''))).toEqual(links.links.map((l) => l.url));
    const [interactive] = chatDeliveries(configured, ['ops'], message);
    const [linked] = chatDeliveries(unconfigured, ['ops'], message);
    expect(slackButtons(interactive?.payload).some((b) => 'value' in b)).toBe(true);
    expect(slackButtons(linked?.payload).some((b) => 'value' in b)).toBe(false);
  });

  it('Teams: an Action.OpenUrl per answer to the signed page, then the details', () => {
    const card = teamsSchema.parse(teamsPayload(message)).attachments[0]?.content;

    expect(card?.actions.map((a) => [a.title, a.url])).toEqual([
      ...links.links.map((l) => [l.label, l.url]),
      [message.link.label, message.link.url],
    ]);
  });

  it('Amazon Q: the answers as links in the description, kept whole when the description is cut to 8,000 characters', () => {
    const long = {
      ...message,
      sections: [
        { heading: 'Long', lines: Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(30)}`) },
      ],
    };

    const short = amazonQSchema.parse(amazonQPayload(message)).content.description;
    const cut = amazonQSchema.parse(amazonQPayload(long)).content.description;

    for (const l of links.links) {
      expect(short).toContain(`${l.label}: ${l.url}`);
      expect(cut).toContain(`${l.label}: ${l.url}`);
    }
    expect(cut.length).toBeLessThanOrEqual(8000);
    expect(cut.endsWith(`Planned (7 days): ${links.links[3]?.url}`)).toBe(true);
  });
});
