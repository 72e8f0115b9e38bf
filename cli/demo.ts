import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../handlers/contract/config/schema.js';
import { sum } from '../handlers/lib/costs/money.js';
import { toFocusCsv } from '../local/focus-csv.js';
import { sampleAlarmStates, sampleOrganisationFixture } from '../local/organization-fixture.js';
import { demoNow, SAMPLE_ACCOUNTS, SPIKE_ACCOUNT, sampleOrganisationCosts } from '../local/sample-org.js';
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
 * prod-payments, credits, one uncovered and one drifted account) behind the stand-ins; its critical
 * alarm goes through the built alarm bundle, the organisation report through the built report
 * bundle, and every email they send lands in the out folder.
 */
export async function demo(options: DemoOptions): Promise<RunLine[]> {
  const now = demoNow();
  const rows = sampleOrganisationCosts(now);
  const outDir = resolve(options.outDir);
  writeFileSync(join(outDir, 'sample-organisation.focus.csv'), toFocusCsv(rows));
  const monthStart = `${now.toISOString().slice(0, 7)}-01`;
  const spikeMtd = sum(
    rows
      .filter((r) => r.accountId === SPIKE_ACCOUNT && r.date >= monthStart && r.recordType === 'Usage')
      .map((r) => r.cost),
  );
  const event = sampleEvent(options.config, {
    account: SPIKE_ACCOUNT,
    charges: Math.round(spikeMtd * 100) / 100,
    now,
  });
  writeFileSync(join(outDir, 'demo-alarm-event.json'), `${JSON.stringify(event, null, 2)}\n`);

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
    const alarm = await runMailThroughBundle({
      bundle: bundles.alarm,
      functionName: 'billing-alarm',
      events: [{ name: 'demo-alarm', event }],
      costs: rows,
      outDir,
      now,
      standIns,
      publisher: bundles.publisher,
      sendingEvents: bundles.alarm,
      sentLog: false,
      env,
    });
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
    // The fast-burn signal: a GPU launch in the spike account, priced and mailed as an estimate.
    const launchLine = await demoLaunch({
      config: options.config,
      account: SPIKE_ACCOUNT,
      standIns,
      bundles,
      costs: rows,
      outDir,
      now,
    });
    // One sent.jsonl and one events.jsonl for the whole demo: the alarm's, the report's and the launch's.
    writeSentLog(outDir, await standIns.ses.emails());
    writeEventsLog(outDir, standIns.eventBridge.events());
    if (options.actionUrl) saveLocalAlerts(options.config, await standIns.alertItems());
    const lines = [...alarm.lines, ...orgReport.lines, ...(launchLine ? [launchLine] : [])];
    const [alarmLine, reportLine] = lines;
    const total = sum(
      rows.filter((r) => r.date >= monthStart && r.recordType === 'Usage').map((r) => r.cost),
    );
    options.print(
      [
        '',
        `Sample organisation: ${SAMPLE_ACCOUNTS.length} accounts with costs, ${total.toFixed(2)} USD month to date (usage), costs through the day before ${now.toISOString().slice(0, 10)}`,
        `alarm email:  ${alarmLine?.status} — ${alarmLine?.subject ?? alarmLine?.reason ?? ''}`,
        `report email: ${reportLine?.status} — ${reportLine?.subject ?? reportLine?.reason ?? ''}`,
        `fast burn:    ${launchLine?.status} — ${launchLine?.subject ?? launchLine?.reason ?? ''} (demo-launch-event.json)`,
        `emails sent: ${(await standIns.ses.emails()).length}; Cost Explorer requests: ${standIns.ce.stats.billed} (alarm ${alarmLine?.costExplorerRequests}, filtered to its account; fast burn ${launchLine?.costExplorerRequests ?? 0}, the account's month to date; report ${reportLine?.costExplorerRequests}, the whole organisation's snapshot)`,
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
