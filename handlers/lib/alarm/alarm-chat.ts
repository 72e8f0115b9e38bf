import type { Config } from '../../contract/config/schema.js';
import { alarmChannels, type ChatDelivery, chatDeliveries } from '../chat/chat-deliveries.js';
import { alarmChatMessage } from '../chat/chat-message.js';
import type { BillingAlarm } from '../events/alarm-event.js';
import type { AlarmViewModel } from './alarm-view-model.js';
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
