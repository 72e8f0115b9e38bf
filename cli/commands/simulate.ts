import { resolve } from 'node:path';
import { ACCOUNTS_HELP, costsOrganisation } from '../account-map.js';
import { ACTION_URL_HELP, ACTION_URL_OPTION, actionLinkEnv, actionUrlFrom } from '../action-url.js';
import { defineCommand, UsageError } from '../command.js';
import { deadLettersFile } from '../dead-letters.js';
import { FAULT_HELP } from '../fault-options.js';
import { loadLocalAlerts, saveLocalAlerts } from '../local-alerts.js';
import { loadLocalOrganisation, saveLocalOrganisation } from '../local-aws.js';
import { saveLocalClock } from '../local-clock.js';
import { configFrom, readJsonFile } from '../options.js';
import { exitCodeOf, printedRun, RUN_OPTIONS, runInputs } from '../run-options.js';
import { simulate } from '../simulate.js';

/** `billing-alarms simulate`. */
export const simulateCommand = defineCommand({
  name: 'simulate',
  summary: 'run events through the built alarm bundle against the stand-ins; one JSON line per event',
  help: `billing-alarms simulate --event FILE [--event FILE …] [--costs CSV [--accounts FILE]] [--now ISO] [--out DIR]
                        [--action-url URL] [--ce-faults F] [--org-faults F] [--ses-faults F]
                        [--dynamodb-faults F] [--verbose] [--config FILE]

  Runs the events in order through the built bundles (the assets cdk deploy uploads) against one
  set of local stand-ins, each as an asynchronous invoke: 30 s timeout, two retries spaced like
  Lambda's (60× faster). Billing-alarm events go to the alarm Lambda: one JSON line per event —
  status sent, duplicate, suppressed, skipped, rejected or failed — and <event>.html, .txt, .json
  and sent.jsonl (every message SES accepted). Organizations events (MoveAccount,
  CreateAccountResult, AccountJoinedOrganization) and StackSet instance events go to the governance Lambda:
  {"status":"applied"|"unchanged","accountId":…,"thresholds":{"warning":…,"critical":…}}, against
  the local organisation that thresholds --local keeps. Exits 1 when an event failed; such an
  event is kept in <out>/dead-letters.json with the state table, as the stack's dead-letter queue
  would keep it: billing-alarms redrive --local --out DIR delivers what it still owes.

  --event FILE    a forwarded event (repeat for several; try: billing-alarms sample-event > event.json)
  --costs CSV     a FOCUS 1.x cost export (default the bundled sample organisation)
${ACCOUNTS_HELP}
  --now ISO       the moment of the run (default: with --costs the day after its last cost, else now)
  --out DIR       where the emails go (default out)
${ACTION_URL_HELP}
${FAULT_HELP}
  --verbose       show the bundle build's output and SDK warnings
  --config FILE   the configuration (default billing-alarms.config.yaml)`,
  options: { event: { type: 'string', multiple: true }, ...RUN_OPTIONS, ...ACTION_URL_OPTION },
  async run(values, io) {
    if (!values.event?.length)
      throw new UsageError(
        'simulate needs at least one --event FILE (try: billing-alarms sample-event > event.json)',
      );
    const config = configFrom(values.config);
    const actionUrl = actionUrlFrom(values['action-url']);
    const eventFiles = values.event.map((path) => ({ path, event: readJsonFile(path) }));
    const { faults, costs, now } = await runInputs(values, io);
    // The local world's moment, which serve and alerts --local follow.
    saveLocalClock(config, now);
    const result = await simulate({
      config,
      eventFiles,
      costs,
      // The local organisation as `thresholds --local` and earlier runs left it; governance events change it.
      organisation: values.costs
        ? costsOrganisation(values, costs, config, io.note)
        : await loadLocalOrganisation(config),
      ...(values.costs ? {} : { onOrganisation: (state) => saveLocalOrganisation(config, state) }),
      // The alerts `alerts --local` answered (a snooze suppresses this run's crossing), kept for the next command.
      alertItems: loadLocalAlerts(config),
      onAlerts: (items) => saveLocalAlerts(config, items),
      now,
      outDir: values.out,
      env: actionLinkEnv(config, actionUrl),
      deadLetters: {
        file: deadLettersFile(values.out),
        run: {
          now: now.toISOString(),
          ...(values.costs ? { costs: resolve(values.costs) } : {}),
          ...(values.accounts ? { accounts: resolve(values.accounts) } : {}),
        },
      },
      ...faults,
      ...printedRun(io, values.verbose),
    });
    return exitCodeOf(result.lines);
  },
});
