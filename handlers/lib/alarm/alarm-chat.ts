import type { Config } from '../../contract/config/schema.js';
import { alarmChannels, type ChatDelivery, chatDeliveries } from '../chat/chat-deliveries.js';
import { CHAT_LINES, type ChatMessage } from '../chat/chat-message.js';
import { driversChatSection } from '../chat/drivers-chat.js';
import type { BillingAlarm } from './alarm-event.js';
import type { AlarmViewModel } from './alarm-view-types.js';
import type { Explanation } from './explain.js';

/** The alarm's chat messages for its channels (central, OU, account), threaded per account and month. */
export function alarmChat(
  config: Config,
  alarm: BillingAlarm,
  explained: Explanation,
  vm: AlarmViewModel,
): ChatDelivery[] {
  const channels = alarmChannels(config, alarm.accountId, explained.ouId);
  if (channels.length === 0) return [];
  const month = explained.figures.ok ? explained.figures.value.periods.month.start : alarm.changedAt;
  return chatDeliveries(
    config,
    channels,
    alarmChatMessage(vm, { accountId: alarm.accountId, month: month.slice(0, 7) }),
  );
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
    ...driversChatSection(vm.drivers),
    ...(vm.missing ? [{ heading: vm.missing.heading, lines: vm.missing.items.slice(0, CHAT_LINES) }] : []),
  ];
  return {
    title: vm.headline,
    summary: vm.subject,
    facts: vm.facts.slice(0, 10),
    sections,
    link: vm.link,
    ...(vm.actions && vm.actions.links.length > 0 ? { answers: vm.actions.links } : {}),
    color: vm.accentColor,
    threadId: `billing-alarm-${thread.accountId}-${thread.month}`,
    keywords: ['billing', 'alarm', thread.accountId],
  };
}
