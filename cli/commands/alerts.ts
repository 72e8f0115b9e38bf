import { userInfo } from 'node:os';
import type { AlertAction } from '../../handlers/contract/alert-lifecycle.js';
import { effectiveState } from '../../handlers/lib/state/alert-rules.js';
import { alertJson, answerAlerts, withAlertStore } from '../alerts.js';
import { defineCommand } from '../command.js';
import { localClock } from '../local-clock.js';
import { configFrom, nowFrom } from '../options.js';
import { terminalText } from '../terminal-text.js';

const WHERE = `  --local          against the local stand-ins: the alerts are kept in .build/local-aws between
                   commands (simulate opens them, the next simulate is suppressed by a snooze)
  --now ISO        the moment of the command (default now; with --local, the local clock: the moment
                   the last simulate ran at, running on since)
  --config FILE    the configuration (default billing-alarms.config.yaml)`;

/** `billing-alarms alerts list`. */
export const alertsListCommand = defineCommand({
  name: 'alerts list',
  summary: 'alerts per account and rung: open, acknowledged, snoozed, planned, resolved, with history',
  help: `billing-alarms alerts list [--json] [--local] [--now ISO] [--config FILE]

  Lists every alert: account, rung, state as it holds now (a snooze past its end reads as open, an
  alert from an earlier month as resolved), who changed it last and until when.

  --json           print {"alerts":[{"accountId","rung","state","by","until","history":[…]}]}
${WHERE}`,
  options: {
    json: { type: 'boolean', default: false },
    local: { type: 'boolean', default: false },
    now: { type: 'string' },
  },
  async run(values, io) {
    const config = configFrom(values.config);
    const now = nowFrom(values.now) ?? (values.local ? localClock(config) : undefined) ?? new Date();
    const alerts = await withAlertStore({ config, local: values.local }, ({ alerts }) => alerts.list());
    if (values.json) {
      io.print(JSON.stringify({ alerts: alerts.map((a) => alertJson(a, now)) }));
      return 0;
    }
    if (alerts.length === 0) io.print('no alerts');
    for (const a of alerts) {
      const state = effectiveState(a, now) ?? a.state;
      const until = a.until && (state === 'snoozed' || state === 'planned') ? ` until ${a.until}` : '';
      io.print(
        terminalText(
          `${a.accountId}  ${a.rung}  ${state}  by ${a.by} at ${a.at}${until}${a.note ? `  (${a.note})` : ''}`,
        ),
      );
    }
    return 0;
  },
});

/** One of `alerts ack|snooze|plan|resolve`. */
function answerCommand(action: AlertAction, summary: string, untilHelp: string) {
  const snoozing = action === 'snooze' || action === 'plan';
  return defineCommand({
    name: `alerts ${action}`,
    summary,
    positional: 'account',
    help: `billing-alarms alerts ${action} ACCOUNT [--rung R]${snoozing ? ' --until ISO-DATE' : ''} [--note TEXT] [--by NAME] [--local]

  ${summary}. Without --rung, every alert of the account that is not resolved. Prints one JSON
  line per change and puts its event (Billing Alert …) on the billing bus. Exit 2 on bad input.

  ACCOUNT          the 12-digit account id
  --rung R         the rung (warning, critical, 120%, 1500)
${untilHelp}  --note TEXT      why (kept in the history)
  --by NAME        who answers (default the login name)
${WHERE}`,
    options: {
      account: { type: 'string' },
      rung: { type: 'string' },
      until: { type: 'string' },
      note: { type: 'string' },
      by: { type: 'string' },
      local: { type: 'boolean', default: false },
      now: { type: 'string' },
    },
    async run(values, io) {
      const config = configFrom(values.config);
      const now = nowFrom(values.now) ?? (values.local ? localClock(config) : undefined) ?? new Date();
      await withAlertStore({ config, local: values.local }, (store) =>
        answerAlerts(
          store,
          {
            action,
            account: values.account,
            rung: values.rung,
            until: values.until,
            note: values.note,
            by: values.by ?? userInfo().username,
            now,
          },
          config.lifecycle.maxSnoozeDays,
          io,
        ),
      );
      return 0;
    },
  });
}

const UNTIL_HELP = `  --until ISO-DATE until when (at most lifecycle.maxSnoozeDays away)\n`;

/** `billing-alarms alerts ack|snooze|plan|resolve`. */
export const alertsAnswerCommands = [
  answerCommand(
    'ack',
    'acknowledge an alert: its rung mails again only once resolved; a higher rung mails',
    '',
  ),
  answerCommand(
    'snooze',
    'snooze an alert until a date: no email or chat for its rung until then',
    UNTIL_HELP,
  ),
  answerCommand(
    'plan',
    'mark an alert as planned (a load test) until a date: no email or chat until then',
    UNTIL_HELP,
  ),
  answerCommand(
    'resolve',
    'resolve an alert by hand (an OK transition or the month start also resolve it)',
    '',
  ),
];
