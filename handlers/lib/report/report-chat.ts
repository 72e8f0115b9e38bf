import { CHAT_LINES, type ChatMessage } from '../chat/chat-message.js';
import { driversChatSection } from '../chat/drivers-chat.js';
import type { AlertsSection } from './alerts-section.js';
import type { ReportViewModel } from './report-view-model.js';

/** The organisation report as a short chat summary: the totals, the top accounts, pace, new spend, the link. */
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
      ...driversChatSection(vm.drivers),
      ...driversChatSection(vm.accountDrivers),
      ...(vm.pace
        ? [
            {
              heading: vm.pace.heading,
              lines: vm.pace.rows.slice(0, CHAT_LINES).map((r) => `${r.name}: ${r.detail}`),
            },
          ]
        : []),
      ...alertsChat(vm.alerts),
      // New this week: its rows (at most NEW_SPEND_ROWS, so "… and N more" stays true), else its
      // note (why it was not checked).
      ...(vm.newSpend
        ? [
            {
              heading: vm.newSpend.heading,
              lines:
                vm.newSpend.rows.length > 0
                  ? [...vm.newSpend.rows.map((r) => r.name), ...(vm.newSpend.more ? [vm.newSpend.more] : [])]
                  : [vm.newSpend.note],
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

/** The alerts in chat: the answered and open ones and what snoozes held, or why they are missing. */
function alertsChat(section: AlertsSection | null): ChatMessage['sections'] {
  if (!section) return [];
  if (section.unavailable) return [{ heading: section.heading, lines: [section.unavailable] }];
  const row = (r: { name: string; detail: string }) => `${r.name}: ${r.detail}`;
  return [section.current, section.held].flatMap((list) =>
    list && list.rows.length > 0
      ? [{ heading: list.heading, lines: list.rows.slice(0, CHAT_LINES).map(row) }]
      : [],
  );
}
