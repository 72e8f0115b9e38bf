import type { Config } from '../../contract/config/schema.js';
import type { ServiceDrivers } from '../analysis/drivers.js';
import { alarmChannels, type ChatDelivery, chatDeliveries } from '../chat/chat-deliveries.js';
import type { ChatMessage } from '../chat/chat-message.js';
import { driversChatSection } from '../chat/drivers-chat.js';
import type { AccountFigures } from '../costs/account-figures.js';
import { type DriversSection, driversSection } from '../email/drivers-section.js';
import { costExplorerUrl, formatter, nameText, singleLine } from '../email/format.js';
import { reasonText, translator } from '../email/messages.js';
import type { NoticeViewModel } from '../email/notice.js';
import type { AnomalyDetail } from '../publisher/anomaly-event.js';
import type { Result } from '../result.js';
import type { Anomaly } from './anomaly-event.js';

/** The feedback links of an anomaly email, or why there are none. */
export interface FeedbackLinks {
  readonly heading: string;
  readonly links: readonly { readonly label: string; readonly url: string }[];
  readonly note: string;
}

/** Everything an anomaly email says: AWS's anomaly, the account's figures, the drivers, the links. */
export interface AnomalyFacts {
  readonly anomaly: Anomaly;
  readonly accountName?: string;
  readonly figures: Result<AccountFigures>;
  readonly drivers?: Result<ServiceDrivers[]>;
  readonly links: FeedbackLinks;
  /** Set when an earlier, smaller update of the same anomaly was mailed. */
  readonly grown: boolean;
}

/** The anomaly email's view-model (`templates/anomaly-email.mjml`). */
export interface AnomalyViewModel extends NoticeViewModel {
  readonly rootCauses: { readonly heading: string; readonly rows: string[] };
  readonly drivers: DriversSection | null;
  readonly actions: FeedbackLinks;
}

const ACCENT = '#7c3aed';

/** The service an anomaly is about, for the subject: the monitor's dimension, else the largest root cause's. */
function serviceOf(a: Anomaly): string {
  return nameText(a.dimensionValue ?? a.rootCauses[0]?.service ?? 'AWS');
}

/** The anomaly email: AWS's words (impact, root causes) beside the account's own figures and drivers. */
export function anomalyViewModel(config: Config, facts: AnomalyFacts): AnomalyViewModel {
  const t = translator(config.locale);
  const f = formatter(config.locale, config.currency, config.timeZone, config.displayCurrency);
  const a = facts.anomaly;
  const account = facts.accountName ? nameText(facts.accountName) : a.accountId;
  const day = (d: string | undefined) => (d ? f.date(d.slice(0, 10)) : '—');
  const i = a.impact;
  const impact =
    i.totalExpectedSpend !== undefined &&
    i.totalActualSpend !== undefined &&
    i.totalImpactPercentage !== undefined
      ? t('anomaly.impact', {
          impact: f.money(i.totalImpact),
          expected: f.money(i.totalExpectedSpend),
          actual: f.money(i.totalActualSpend),
          percent: `${new Intl.NumberFormat(config.locale, { maximumFractionDigits: 1 }).format(i.totalImpactPercentage)} %`,
          start: day(a.startDate),
          end: day(a.endDate ?? a.startDate),
        })
      : t('anomaly.impactShort', {
          impact: f.money(i.totalImpact),
          start: day(a.startDate),
          end: day(a.endDate ?? a.startDate),
        });
  const figures = facts.figures;
  const paragraphs = [
    t('anomaly.label'),
    impact,
    ...(facts.grown ? [t('anomaly.update')] : []),
    figures.ok
      ? t('anomaly.mtd', {
          mtd: f.money(figures.value.current),
          through: figures.value.dataThrough ? f.date(figures.value.dataThrough) : '—',
        })
      : t('anomaly.mtdUnknown', { reason: reasonText(t, figures.reason) }),
    ...(a.otherAccounts.length > 0
      ? [t('anomaly.otherAccounts', { accounts: a.otherAccounts.join(', ') })]
      : []),
    t('anomaly.monitor', { monitor: nameText(a.monitorName ?? a.monitorArn), id: a.anomalyId }),
  ];
  const rows = a.rootCauses.map((c) =>
    t('anomaly.rootCause', {
      service: nameText(c.service ?? '—'),
      region: c.region ?? '—',
      usageType: nameText(c.usageType ?? '—'),
      account: c.linkedAccountName
        ? `${nameText(c.linkedAccountName)} (${c.linkedAccount ?? ''})`
        : (c.linkedAccount ?? '—'),
      contribution:
        c.contribution !== undefined ? t('anomaly.contribution', { amount: f.money(c.contribution) }) : '',
    }),
  );
  const start = (a.startDate ?? a.at).slice(0, 10);
  const subject = t('anomaly.subject', {
    account,
    accountId: a.accountId,
    service: serviceOf(a),
    impact: f.money(i.totalImpact),
  });
  return {
    lang: config.locale,
    subject: singleLine(subject, 250),
    preheader: singleLine(impact, 200),
    headline: t('anomaly.headline'),
    accentColor: ACCENT,
    paragraphs,
    rootCauses: {
      heading: t('anomaly.rootCausesHeading'),
      rows: rows.length > 0 ? rows : [t('anomaly.noRootCause')],
    },
    drivers: figures.ok
      ? driversSection(facts.drivers, figures.value.periods, Math.max(1, figures.value.current), {
          t,
          f,
          locale: config.locale,
        })
      : null,
    actions: facts.links,
    link: a.detailsLink
      ? { url: a.detailsLink, label: t('anomaly.link') }
      : {
          url: costExplorerUrl({ start, end: (a.endDate ?? start).slice(0, 10) }, a.accountId),
          label: t('launch.link'),
        },
    asOf: null,
    basis: [],
    footer: t('common.footer', { org: config.organization.id }),
  };
}

/** The plain-text part of the anomaly email: every paragraph, root cause, driver and link. */
export function anomalyText(vm: AnomalyViewModel): string {
  return [
    vm.headline,
    '',
    ...vm.paragraphs.flatMap((p) => [p, '']),
    vm.rootCauses.heading,
    ...vm.rootCauses.rows.map((r) => `- ${r}`),
    '',
    ...(vm.drivers
      ? [
          vm.drivers.heading,
          ...vm.drivers.rows.map((r) => `- ${r.text} — ${r.mostly}`),
          ...vm.drivers.notes,
          vm.drivers.method,
          '',
        ]
      : []),
    vm.actions.heading,
    ...vm.actions.links.map((l) => `${l.label}: ${l.url}`),
    vm.actions.note,
    '',
    `${vm.link.label}: ${vm.link.url}`,
    '',
    vm.footer,
    '',
  ].join('\n');
}

/** The anomaly's chat messages for the account's alarm channels (the feedback links stay in the email). */
export function anomalyChat(
  config: Config,
  facts: AnomalyFacts,
  vm: AnomalyViewModel,
  ouId?: string,
): ChatDelivery[] {
  const a = facts.anomaly;
  const channels = alarmChannels(config, a.accountId, ouId);
  if (channels.length === 0) return [];
  const message: ChatMessage = {
    title: vm.headline,
    summary: vm.subject,
    facts: [],
    sections: [
      { heading: vm.paragraphs[0] ?? '', lines: vm.paragraphs.slice(1, 4) },
      { heading: vm.rootCauses.heading, lines: vm.rootCauses.rows },
      ...driversChatSection(vm.drivers),
    ],
    link: vm.link,
    color: vm.accentColor,
    threadId: `anomaly-${a.accountId}-${a.anomalyId.slice(0, 64)}`,
    keywords: ['billing', 'anomaly', a.accountId],
  };
  return chatDeliveries(config, channels, message);
}

/** The automation detail of a mailed anomaly (`Billing Cost Anomaly`). */
export function anomalyDetail(config: Config, facts: AnomalyFacts, eventId: string): AnomalyDetail {
  const a = facts.anomaly;
  return {
    anomalyId: a.anomalyId,
    accountId: a.accountId,
    accountName: facts.accountName ?? null,
    monitorArn: a.monitorArn,
    startDate: a.startDate ?? null,
    endDate: a.endDate ?? null,
    totalImpact: a.impact.totalImpact,
    totalImpactPercentage: a.impact.totalImpactPercentage ?? null,
    totalActualSpend: a.impact.totalActualSpend ?? null,
    totalExpectedSpend: a.impact.totalExpectedSpend ?? null,
    rootCauses: a.rootCauses.map((c) => ({
      service: c.service ?? null,
      region: c.region ?? null,
      usageType: c.usageType ?? null,
      linkedAccount: c.linkedAccount ?? null,
      contribution: c.contribution ?? null,
    })),
    monthToDate: facts.figures.ok ? facts.figures.value.current : null,
    currency: config.currency,
    eventId,
  };
}
