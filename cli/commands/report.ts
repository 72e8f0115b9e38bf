import { sampleAlarmStates, sampleOrganisationFixture } from '../../local/organization-fixture.js';
import { ACCOUNTS_HELP, costsOrganisation } from '../account-map.js';
import { ACTION_URL_HELP, ACTION_URL_OPTION, actionLinkEnv, actionUrlFrom } from '../action-url.js';
import { defineCommand } from '../command.js';
import { FAULT_HELP } from '../fault-options.js';
import { loadLocalAlerts } from '../local-alerts.js';
import { saveLocalClock } from '../local-clock.js';
import { configFrom } from '../options.js';
import { report } from '../report.js';
import { exitCodeOf, printedRun, RUN_OPTIONS, runInputs } from '../run-options.js';

/** `billing-alarms report`. */
export const reportCommand = defineCommand({
  name: 'report',
  summary: 'build and send the organisation report through the built report bundle; one JSON line',
  help: `billing-alarms report [--costs CSV [--accounts FILE]] [--now ISO] [--out DIR]
                      [--action-url URL] [--ce-faults F] [--org-faults F] [--ses-faults F]
                      [--dynamodb-faults F] [--verbose] [--config FILE]

  Runs the scheduled payload through the built report bundle against the local stand-ins (Cost
  Explorer, SES, DynamoDB, Organizations, CloudFormation): 5 min timeout, two retries spaced like
  Lambda's (60× faster). Prints one JSON line — sent, duplicate or failed — and writes
  org-report.html, .txt, .json and sent.jsonl. The alerts kept in .build/local-aws by simulate
  and alerts --local are in the state table, so the report lists them. Exits 1 when the run failed.

  --costs CSV           a FOCUS 1.x cost export (default the bundled sample organisation)
${ACCOUNTS_HELP}
  --now ISO             the scheduled time (default: with --costs the day after its last cost, else now)
  --out DIR             where the email goes (default out)
${ACTION_URL_HELP}
${FAULT_HELP}
  --verbose             show the bundle build's output and SDK warnings
  --config FILE         the configuration (default billing-alarms.config.yaml)`,
  options: { ...RUN_OPTIONS, ...ACTION_URL_OPTION },
  async run(values, io) {
    const config = configFrom(values.config);
    const actionUrl = actionUrlFrom(values['action-url']);
    const { faults, costs, now } = await runInputs(values, io);
    // Links are signed at this moment: serve follows it.
    if (actionUrl) saveLocalClock(config, now);
    const organisation = values.costs
      ? costsOrganisation(values, costs, config, io.note)
      : sampleOrganisationFixture(config);
    const result = await report({
      config,
      costs,
      organisation,
      // The sample organisation comes with its member alarms' states; an unseen one has none yet.
      ...(values.costs ? {} : { alarmStates: sampleAlarmStates(organisation, now) }),
      // The alerts simulate opened and `alerts --local` answered: the report's alerts section lists them.
      alertItems: loadLocalAlerts(config),
      now,
      outDir: values.out,
      env: actionLinkEnv(config, actionUrl),
      ...faults,
      ...printedRun(io, values.verbose),
    });
    return exitCodeOf(result.lines);
  },
});
