import type { AlarmViewModel } from '../alarm/alarm-view-model.js';
import type { ReportViewModel } from '../report/report-view-model.js';

/** Lines per section in chat: a chat message points to the email and Cost Explorer, it does not replace them. */
const CHAT_LINES = 5;

/** What a chat message says, before any channel's format: taken from the email's view-model. */
export interface ChatMessage {
  readonly title: string;
  /** One line: the email's subject. */
  readonly summary: string;
  readonly facts: { label: string; value: string }[];
  readonly sections: { heading: string; lines: string[] }[];
  readonly link: { url: string; label: string };
  readonly color: string;
  /** Messages about one account and month share a thread (Amazon Q). */
  readonly threadId: string;
  readonly keywords: string[];
}

/** The alarm email as a chat message: headline, the summary facts, top services and movers, the link. */
export function alarmChatMessage(
  vm: AlarmViewModel,
  thread: { accountId: string; month: string },
): ChatMessage {
  const sections = [
    ...(vm.services
      ? [
          {
            heading: vm.services.heading,
            lines: vm.services.rows.slice(0, CHAT_LINES).map((r) => `${r.name}: ${r.amount} (${r.share})`),
          },
        ]
      : []),
    ...(vm.movers && vm.movers.rows.length > 0
      ? [
          {
            heading: vm.movers.heading,
            lines: vm.movers.rows.slice(0, CHAT_LINES).map((r) => `${r.name}: ${r.delta} (${r.detail})`),
          },
        ]
      : []),
    ...(vm.missing ? [{ heading: vm.missing.heading, lines: vm.missing.items.slice(0, CHAT_LINES) }] : []),
  ];
  return {
    title: vm.headline,
    summary: vm.subject,
    facts: vm.facts.slice(0, 10),
    sections,
    link: vm.link,
    color: vm.accentColor,
    threadId: `billing-alarm-${thread.accountId}-${thread.month}`,
    keywords: ['billing', 'alarm', thread.accountId],
  };
}

/** The organisation report as a short chat summary: the totals, the top accounts, the link. */
export function reportChatMessage(vm: ReportViewModel, month: string): ChatMessage {
  return {
    title: vm.headline,
    summary: vm.subject,
    facts: vm.facts.slice(0, 10),
    sections: [
      {
        heading: vm.accounts.heading,
        lines: vm.accounts.rows.slice(0, CHAT_LINES).map((r) => `${r.name}: ${r.amount} (${r.share})`),
      },
      ...(vm.pace
        ? [
            {
              heading: vm.pace.heading,
              lines: vm.pace.rows.slice(0, CHAT_LINES).map((r) => `${r.name}: ${r.detail}`),
            },
          ]
        : []),
    ],
    link: vm.link,
    color: vm.accentColor,
    threadId: `billing-report-${month}`,
    keywords: ['billing', 'report'],
  };
}
