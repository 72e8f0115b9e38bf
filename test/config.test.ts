import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfig } from '../handlers/contract/config/load.js';
import { BrokenSealError, openSealedConfig, sealConfig } from '../handlers/contract/config/sealed.js';
import { policyFor } from '../handlers/contract/config/thresholds.js';
import { twoTierLadder } from '../handlers/contract/ladder.js';
import { EXAMPLE_CONFIG_PATH, exampleConfigInput } from './helpers/config.js';

type Mutate = (cfg: Record<string, any>) => void;

function rejects(mutate: Mutate): string {
  const cfg = exampleConfigInput() as Record<string, any>;
  mutate(cfg);
  try {
    parseConfig(cfg, 'test.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('configuration', () => {
  it('accepts the committed example and fills defaults', () => {
    const config = loadConfigFile(EXAMPLE_CONFIG_PATH);

    expect(config.thresholds.default).toEqual({ warning: 2000, critical: 3000 });
    expect(config.report).toEqual({ times: ['12:00', '18:00'], topN: 5 });
    expect(config.timeZone).toBe('Asia/Seoul');
  });

  it.each<[string, Mutate, RegExp]>([
    [
      'a negative threshold',
      (c) => (c.thresholds.default.critical = -5),
      /thresholds\.default\.critical: must be/,
    ],
    [
      'a missing threshold',
      (c) => delete c.thresholds.default.critical,
      /thresholds\.default\.critical: must be a number/,
    ],
    [
      'warning not below critical',
      (c) => (c.thresholds.default.warning = 3000),
      /thresholds\.default\.warning: warning must be less than critical/,
    ],
    [
      'an override whose warning is not below its critical',
      (c) => (c.thresholds.accounts[0].warning = 7000),
      /thresholds\.accounts\[0\]\.warning: warning \(7000\) must be less than critical \(6000\)/,
    ],
    [
      'a bad account id',
      (c) => (c.thresholds.accounts[0].id = '12345'),
      /thresholds\.accounts\[0\]\.id: must be a 12-digit/,
    ],
    [
      'an account id written as a number',
      (c) => (c.organization.managementAccountId = 100000000001),
      /organization\.managementAccountId/,
    ],
    [
      'a bad e-mail',
      (c) => (c.email.centralRecipients[1] = 'not-an-address'),
      /email\.centralRecipients\[1\]: must be an e-mail/,
    ],
    ['an unknown time zone', (c) => (c.timeZone = 'Mars/Olympus'), /timeZone: must be an IANA time zone/],
    [
      'an unknown key',
      (c) => (c.thresholds.default.critcal = 5),
      /thresholds\.default: unknown key "critcal"; allowed keys: warning, critical/,
    ],
    [
      'an OU override on the root',
      (c) => (c.thresholds.organizationalUnits[0].id = 'r-a1b2'),
      /thresholds\.organizationalUnits\[0\]\.id: r-a1b2 is the root/,
    ],
    [
      'callAs DELEGATED_ADMIN (the StackSet deploys from the management account)',
      (c) => (c.organization.callAs = 'DELEGATED_ADMIN'),
      /organization\.callAs: DELEGATED_ADMIN is not supported.*set callAs: SELF/,
    ],
    [
      'a billing currency other than USD',
      (c) => (c.currency = 'EUR'),
      /currency: must be "USD": AWS publishes EstimatedCharges in USD only.*displayCurrency/,
    ],
    ['an unknown alarm placement', (c) => (c.alarms = { placement: 'inside' }), /alarms\.placement/],
    ['a bad report time', (c) => (c.report.times = ['25:00']), /report\.times\[0\]: must be a time of day/],
    [
      'a duplicate account override',
      (c) => c.thresholds.accounts.push({ ...c.thresholds.accounts[0] }),
      /thresholds\.accounts\[2\]\.id: duplicate id/,
    ],
  ])('rejects %s, naming the field', (_kind, mutate, message) => {
    expect(rejects(mutate)).toMatch(message);
  });

  it('reports a file that is not YAML with its path', () => {
    const path = join(tmpdir(), `bad-${process.pid}.yaml`);
    writeFileSync(path, 'organization: [unclosed');

    expect(() => loadConfigFile(path)).toThrow(new RegExp(`${path} is not valid YAML`));
  });

  it('resolves thresholds: account override, then OU override, then default', () => {
    const config = parseConfig(exampleConfigInput());

    // The example gives prod-payments a daily limit of 500 (the ladder's daily-rate slot).
    expect(policyFor(config, '210000000001')).toMatchObject({
      ladder: twoTierLadder(4000, 6000, 500),
      source: 'account',
    });
    expect(policyFor(config, '299999999999', 'ou-a1b2-sandboxes')).toMatchObject({
      ladder: twoTierLadder(150, 300),
      source: 'organizationalUnit',
      recipients: ['sandbox-owners@example.com'],
    });
    expect(policyFor(config, '299999999999')).toMatchObject({
      ladder: twoTierLadder(2000, 3000),
      source: 'default',
    });
  });
});

describe('configuration edges', () => {
  const withInput = (change: (input: Record<string, any>) => void) => {
    const input = exampleConfigInput() as Record<string, any>;
    change(input);
    return () => parseConfig(input);
  };

  it('wants IANA time zones exactly, case included, and says which one was meant', () => {
    expect(withInput((i) => (i.timeZone = 'asia/seoul'))).toThrow(
      /timeZone: time zones are case-sensitive: write "Asia\/Seoul", not "asia\/seoul"/,
    );
    expect(withInput((i) => (i.timeZone = 'Mars/Olympus'))).toThrow(/timeZone: must be an IANA time zone/);
    expect(withInput((i) => (i.timeZone = 'Etc/UTC'))).not.toThrow();
  });

  it('takes a billing view ARN for a delegated admin, and names a malformed one', () => {
    const arn = 'arn:aws:billing::100000000001:billingview/custom-1a2b3c4d';

    expect(withInput((i) => (i.costExplorer = { billingViewArn: arn }))).not.toThrow();
    expect(withInput((i) => (i.costExplorer = { billingViewArn: 'arn:aws:ce::1:view/x' }))).toThrow(
      /costExplorer\.billingViewArn: must be a billing view ARN/,
    );
  });

  it('checks chat channels: the right target per type, unique names, and references that exist', () => {
    expect(
      withInput((i) => {
        i.chat.channels[0].webhookSecretArn = undefined;
      }),
    ).toThrow(/chat\.channels\[0\]\.webhookSecretArn: a slack channel needs webhookSecretArn/);
    expect(
      withInput((i) => {
        i.chat.channels[2].topicArn = undefined;
      }),
    ).toThrow(/chat\.channels\[2\]\.topicArn: an amazonQ channel needs the SNS topicArn/);
    expect(withInput((i) => i.chat.central.push('ops-slack'))).toThrow(
      /chat\.central: ops-slack is not a channel in chat\.channels \(finops-slack, finops-teams, finops-q, payments-slack\)/,
    );
    expect(withInput((i) => (i.thresholds.accounts[0].chatChannels = ['nope']))).toThrow(
      /thresholds\.accounts\[0\]\.chatChannels: nope is not a channel/,
    );
    expect(withInput((i) => i.chat.channels.push({ ...i.chat.channels[0] }))).toThrow(
      /duplicate channel finops-slack/,
    );
  });

  it('refuses 500 operator recipients with a limit that says what to do', () => {
    const many = Array.from({ length: 500 }, (_, n) => `op${n}@example.com`);

    expect(withInput((i) => (i.email.operatorRecipients = many))).toThrow(
      /email\.operatorRecipients: list at most 50 operators \(each is an SNS subscription\); use a mailing list address for more/,
    );
  });

  it('takes the noise bounds, with defaults', () => {
    const config = parseConfig(exampleConfigInput());

    expect(config.email).toMatchObject({ realertAfterHours: 24, maxAlarmEmailsPerHour: 100 });
  });
});

describe('sealed configuration (what the Lambdas load)', () => {
  const config = parseConfig(exampleConfigInput());

  it('opens to the validated configuration', () => {
    expect(openSealedConfig(sealConfig(config), 'billing-alarms.config.json')).toEqual(config);
  });

  it('refuses a file changed after synth, or one that was never sealed', () => {
    const sealed = sealConfig(config);
    const changed = sealed.replace('"maxAlarmEmailsPerHour":100', '"maxAlarmEmailsPerHour":1000');

    expect(changed).not.toBe(sealed);
    expect(() => openSealedConfig(changed, 'cfg.json')).toThrow(BrokenSealError);
    expect(() => openSealedConfig(changed, 'cfg.json')).toThrow(/cfg\.json does not match its sha256/);
    expect(() => openSealedConfig(JSON.stringify(config), 'cfg.json')).toThrow(/not a sealed configuration/);
    expect(() => openSealedConfig(sealed.slice(0, -10), 'cfg.json')).toThrow(BrokenSealError);
  });
});
