import type { Config } from '../../contract/config/schema.js';
import { alarmChannels, type ChatDelivery, chatDeliveries } from '../chat/chat-deliveries.js';
import type { ChatMessage } from '../chat/chat-message.js';
import { costExplorerUrl, formatter, nameText } from '../email/format.js';
import { translator } from '../email/messages.js';
import { type NoticeViewModel, noticeViewModel } from '../email/notice.js';
import type { FastBurnDetail } from '../publisher/fast-burn-event.js';
import type { Result } from '../result.js';
import { HOURS_30_DAYS, type RungCrossing } from './fast-burn.js';
import type { Launch, LaunchItem } from './launch-event.js';
import type { LaunchWindow } from './launch-window.js';
import type { HourlyPrice } from './price-list.js';

/** A launch item with its price, or why it has none. */
export interface PricedItem {
  readonly item: LaunchItem;
  readonly price: Result<HourlyPrice>;
}

/** Everything an estimate says: the launch, its prices, the window, the decision and the month so far. */
export interface Estimate {
  readonly launch: Launch;
  readonly accountName?: string;
  readonly items: readonly PricedItem[];
  /** This launch's hourly cost, priced items only. */
  readonly hourly: number;
  readonly window: LaunchWindow;
  readonly hourlyLimit: number;
  readonly crossing?: RungCrossing;
  readonly monthToDate: Result<number>;
  /** Set when nothing could be priced: the estimate is mailed so that someone looks. */
  readonly unpriced?: string;
}

/** `p5.48xlarge × 2, g5.2xlarge × 1`: what a launch starts, short. */
export function whatOf(launch: Launch): string {
  const parts = launch.items.map((i) => `${i.type} × ${i.count}`);
  return parts.length > 0 ? parts.slice(0, 3).join(', ') + (parts.length > 3 ? ', …' : '') : launch.call;
}

/** The estimate's email: a notice labelled as an estimate from launches, with who, what, the price and its source. */
export function launchNotice(config: Config, e: Estimate): NoticeViewModel {
  const t = translator(config.locale);
  const f = formatter(config.locale, config.currency, config.timeZone, config.displayCurrency);
  const account = e.accountName ? nameText(e.accountName) : e.launch.accountId;
  const what = whatOf(e.launch);
  const items = e.items.map(({ item, price }) =>
    price.ok
      ? t('launch.item', {
          type: item.type,
          count: item.count,
          perHour: f.money(price.value.perHour),
          hourly: f.money(price.value.perHour * item.count),
          sku: price.value.sku,
          effective: price.value.effectiveDate.slice(0, 10),
          source: price.value.source,
        })
      : t('launch.itemUnpriced', { type: item.type, count: item.count, reason: price.reason }),
  );
  const paragraphs = [
    t('launch.label'),
    t('launch.who', {
      who: e.launch.who,
      call: e.launch.call,
      region: e.launch.region,
      time: f.dateTime(e.launch.at),
    }),
    ...items,
    ...(e.unpriced
      ? [t('launch.unpriced', { reason: e.unpriced })]
      : [
          t('launch.cost', { hourly: f.money(e.hourly), thirty: f.money(e.hourly * HOURS_30_DAYS) }),
          t('launch.window', {
            count: e.window.launches,
            hourly: f.money(e.window.hourly),
            limit: f.money(e.hourlyLimit),
          }),
        ]),
    ...(e.crossing && e.monthToDate.ok
      ? [
          t('launch.crossing', {
            mtd: f.money(e.monthToDate.value),
            rung: e.crossing.rung.name,
            threshold: f.money(e.crossing.rung.threshold),
            date: f.date(e.crossing.on),
            days: Math.max(0.1, Math.round(e.crossing.days * 10) / 10),
          }),
        ]
      : []),
    ...(e.monthToDate.ok ? [] : [t('launch.mtdUnknown', { reason: e.monthToDate.reason })]),
  ];
  const today = e.launch.at.slice(0, 10);
  return noticeViewModel({
    lang: config.locale,
    subject: e.unpriced
      ? t('launch.subjectUnpriced', { account, accountId: e.launch.accountId, what })
      : t('launch.subject', { account, accountId: e.launch.accountId, what, hourly: f.money(e.hourly) }),
    headline: t('launch.headline'),
    body: paragraphs.join('\n\n'),
    accentColor: '#b45309',
    link: { url: costExplorerUrl({ start: today, end: today }, e.launch.accountId), label: t('launch.link') },
    footer: t('common.footer', { org: config.organization.id }),
  });
}

/** The estimate's automation detail (`Billing Fast Burn Estimate`). */
export function fastBurnDetail(config: Config, e: Estimate): FastBurnDetail {
  return {
    basis: 'launches',
    accountId: e.launch.accountId,
    accountName: e.accountName ?? null,
    who: e.launch.who,
    call: e.launch.call,
    region: e.launch.region,
    launchedAt: e.launch.at,
    items: e.items.map(({ item, price }) => ({
      type: item.type,
      count: item.count,
      perHour: price.ok ? price.value.perHour : null,
      sku: price.ok ? price.value.sku : null,
      effectiveDate: price.ok ? price.value.effectiveDate : null,
    })),
    hourly: e.hourly,
    thirtyDays: e.hourly * HOURS_30_DAYS,
    windowHourly: e.window.hourly,
    hourlyLimit: e.hourlyLimit,
    rung: e.crossing?.rung.name ?? null,
    rungThreshold: e.crossing?.rung.threshold ?? null,
    crossesOn: e.crossing?.on ?? null,
    monthToDate: e.monthToDate.ok ? e.monthToDate.value : null,
    currency: config.currency,
    eventId: e.launch.eventId,
  };
}

/** The estimate's chat messages for the account's alarm channels, threaded per account and month. */
export function launchChat(config: Config, e: Estimate, vm: NoticeViewModel, ouId?: string): ChatDelivery[] {
  const channels = alarmChannels(config, e.launch.accountId, ouId);
  if (channels.length === 0) return [];
  const [label = '', who = ''] = vm.paragraphs;
  const message: ChatMessage = {
    title: vm.headline,
    summary: vm.subject,
    facts: [],
    sections: [{ heading: label, lines: [who, ...vm.paragraphs.slice(2, 6)] }],
    link: vm.link,
    color: vm.accentColor,
    threadId: `fast-burn-${e.launch.accountId}-${e.launch.at.slice(0, 7)}`,
    keywords: ['billing', 'fast-burn', 'estimate', e.launch.accountId],
  };
  return chatDeliveries(config, channels, message);
}
