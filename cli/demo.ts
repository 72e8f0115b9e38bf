import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../handlers/contract/config/schema.js';
import { DAILY_RUNG } from '../handlers/contract/ladder.js';
import { sum } from '../handlers/lib/costs/money.js';
import { isoDate } from '../handlers/lib/costs/periods.js';
import { toFocusCsv } from '../local/focus-csv.js';
import { sampleAlarmStates, sampleOrganisationFixture } from '../local/organization-fixture.js';
import {
  demoNow,
  NEW_SPEND,
  SAMPLE_ACCOUNTS,
  SPIKE_ACCOUNT,
  SPIKE_LAUNCH,
  sampleOrganisationCosts,
} from '../local/sample-org.js';
import { startStandIns } from '../local/stand-ins.js';
import { actionLinkEnv } from './action-url.js';
import { type BundleOptions, lambdaBundles } from './bundles.js';
import { demoLaunch } from './demo-launch.js';
import { loadLocalAlerts, saveLocalAlerts } from './local-alerts.js';
import { saveLocalClock } from './local-clock.js';
import { report } from './report.js';
import { runMailThroughBundle } from './run-events.js';
import type { RunLine } from './run-lines.js';
import { writeEventsLog, writeSentLog } from './run-logs.js';
import { sampleEvent } from './sample-event.js';

/** Options of {@link demo}. */
export interface DemoOptions {
  readonly config: Config;
  readonly outDir: string;
  /**
   * The action page the alarm email's answer links point at (`serve`'s url): the links are signed
   * with the local key, and the alerts the demo opens are kept in `.build/local-aws/` for it.
   */
  readonly actionUrl?: string;
  /** The mail viewer to name in the summary (`serve`'s); by default the SES stand-in's, which closes with the demo. */
  readonly viewerUrl?: string;
  readonly print: (text: string) => void;
  /** How the bundles are found or built. */
  readonly bundleOptions?: BundleOptions;
}

/**
 * The embedded default: the sample organisation (14 accounts, 30+ services, 60 days, a spike in
 * prod-payments, credits, one uncovered and one drifted account) behind the stand-ins. In the
 * order each signal needs: the spike's launch three days ago and two more now through the built
 * alarm bundle (fast-burn estimates), the organisation report through the built report bundle
 * (first spend checked, the estimates reconciled with billed hours), then prod-payments' critical
 * alarm (which reads the report's first-spend check); every email lands in the out folder.
 */
export async function demo(options: DemoOptions): Promise<RunLine[]> {
  const now = demoNow();
  const rows = sampleOrganisationCosts(now);
  const outDir = resolve(options.outDir);
  writeFileSync(join(outDir, 'sample-organisation.focus.csv'), toFocusCsv(rows));
  const monthStart = `${now.toISOString().slice(0, 7)}-01`;
  const usage = (account: string, from: string) =>
    Math.round(
      sum(
        rows
          .filter((r) => r.accountId === account && r.date >= from && r.recordType === 'Usage')
          .map((r) => r.cost),
      ) * 100,
    ) / 100;
  const spikeMtd = usage(SPIKE_ACCOUNT, monthStart);
  const yesterday = isoDate(new Date(now.getTime() - 86_400_000));
  // The spike's critical rung; its daily rate (yesterday's spend, the 24-hour increase the
  // daily-rate alarm watches); ml-research's warning rung, whose email names its first spend.
  const alarms = [
    {
      name: 'demo-alarm',
      event: sampleEvent(options.config, { account: SPIKE_ACCOUNT, charges: spikeMtd, now }),
    },
    {
      name: 'demo-daily-rate',
      event: sampleEvent(options.config, {
        account: SPIKE_ACCOUNT,
        rung: DAILY_RUNG,
        charges: usage(SPIKE_ACCOUNT, yesterday),
        now,
      }),
    },
    {
      name: 'demo-first-spend-alarm',
      event: sampleEvent(options.config, {
        account: NEW_SPEND.accountId,
        rung: 'warning',
        charges: usage(NEW_SPEND.accountId, monthStart),
        now,
      }),
    },
  ];
  for (const a of alarms)
    writeFileSync(join(outDir, `${a.name}-event.json`), `${JSON.stringify(a.event, null, 2)}\n`);

  const bundles = await lambdaBundles(options.config, options.bundleOptions);
  const organisation = sampleOrganisationFixture(options.config);
  const env = actionLinkEnv(options.config, options.actionUrl);
  // The links are signed at the demo's moment: serve follows it.
  if (options.actionUrl) saveLocalClock(options.config, now);
  const standIns = await startStandIns({
    costs: rows,
    now,
    organisation,
    alarmStates: sampleAlarmStates(organisation, now),
    // With links, the alerts the action page answers: as earlier commands left them.
    ...(options.actionUrl ? { alertItems: loadLocalAlerts(options.config) } : {}),
  });
  try {
    // Launches first: the spike's p5.48xlarge three days ago (billed since) and two more now, so the
    // report reconciles one estimate with billed hours and shows the other awaiting billing data.
    const launch = (name: string, at: Date, count: number) =>
      demoLaunch({
        config: options.config,
        name,
        account: SPIKE_ACCOUNT,
        instanceType: SPIKE_LAUNCH.instanceType,
        count,
        standIns,
        bundles,
        costs: rows,
        outDir,
        now: at,
      });
    const spikeLaunchAt = new Date(
      Date.parse(`${isoDate(now)}T00:20:00Z`) - SPIKE_LAUNCH.daysBefore * 86_400_000,
    );
    const earlierLine = await launch('demo-launch-earlier', spikeLaunchAt, SPIKE_LAUNCH.count);
    const launchLine = await launch('demo-launch', now, 2);
    // The report before the alarm: its first-spend check is what the alarm email's line reads.
    const orgReport = await report({
      config: options.config,
      costs: rows,
      organisation,
      now,
      outDir,
      bundle: bundles.report,
      publisher: bundles.publisher,
      sendingEvents: bundles.alarm,
      standIns,
      sentLog: false,
      env,
    });
    const alarm = await runMailThroughBundle({
      bundle: bundles.alarm,
      functionName: 'billing-alarm',
      events: alarms,
      costs: rows,
      outDir,
      now,
      standIns,
      publisher: bundles.publisher,
      sendingEvents: bundles.alarm,
      sentLog: false,
      env,
    });
    // One sent.jsonl and one events.jsonl for the whole demo: the launches', the report's and the alarm's.
    writeSentLog(outDir, await standIns.ses.emails());
    writeEventsLog(outDir, standIns.eventBridge.events());
    if (options.actionUrl) saveLocalAlerts(options.config, await standIns.alertItems());
    const launchLines = [earlierLine, launchLine].filter((l): l is RunLine => l !== undefined);
    const [alarmLine, dailyLine, firstSpendLine] = alarm.lines;
    const [reportLine] = orgReport.lines;
    const lines = [...alarm.lines, ...orgReport.lines, ...launchLines];
    const total = sum(
      rows.filter((r) => r.date >= monthStart && r.recordType === 'Usage').map((r) => r.cost),
    );
    const fastBurnRequests = sum(launchLines.map((l) => l.costExplorerRequests ?? 0));
    const fastBurn = (l: RunLine | undefined) => `${l?.status} — ${l?.subject ?? l?.reason ?? ''}`;
    options.print(
      [
        '',
        `Sample organisation: ${SAMPLE_ACCOUNTS.length} accounts with costs, ${total.toFixed(2)} USD month to date (usage), costs through the day before ${now.toISOString().slice(0, 10)}`,
        `fast burn:    ${fastBurn(earlierLine)} (${SPIKE_LAUNCH.daysBefore} days ago, demo-launch-earlier-event.json)`,
        `fast burn:    ${fastBurn(launchLine)} (now, demo-launch-event.json)`,
        `report email: ${reportLine?.status} — ${reportLine?.subject ?? reportLine?.reason ?? ''} (reconciles the estimates with billed hours)`,
        `alarm email:  ${alarmLine?.status} — ${alarmLine?.subject ?? alarmLine?.reason ?? ''}`,
        `daily rate:   ${dailyLine?.status} — ${dailyLine?.subject ?? dailyLine?.reason ?? ''}`,
        `first spend:  ${firstSpendLine?.status} — ${firstSpendLine?.subject ?? firstSpendLine?.reason ?? ''} (its email names the service and Region new this week)`,
        `emails sent: ${(await standIns.ses.emails()).length}; Cost Explorer requests: ${standIns.ce.stats.billed} (fast burn ${fastBurnRequests}, each launch's account month to date; report ${reportLine?.costExplorerRequests}, the whole organisation's snapshot and the estimates' billed hours; alarms ${sum(alarm.lines.map((l) => l.costExplorerRequests ?? 0))}, each filtered to its account)`,
        `look at: ${lines
          .flatMap((l) => l.files)
          .filter((f) => f.endsWith('.html'))
          .join(', ')}`,
        options.viewerUrl
          ? `mail viewer and action page: ${options.viewerUrl} (the alarm email's links answer there)`
          : `mail viewer: ${standIns.ses.viewerUrl} (closes when the demo ends; add --serve to keep one open with the action page)`,
      ].join('\n'),
    );
    return lines;
  } finally {
    await standIns.stop();
  }
}
