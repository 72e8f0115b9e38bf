import { describe, expect, it } from 'vitest';
import { policyFor } from '../handlers/contract/config/thresholds.js';
import { alarmChatMessage } from '../handlers/lib/alarm/alarm-chat.js';
import { verifyBillingAlarm } from '../handlers/lib/alarm/alarm-event.js';
import { alarmText } from '../handlers/lib/alarm/alarm-text.js';
import { alarmViewModel } from '../handlers/lib/alarm/alarm-view-model.js';
import { serviceDrivers } from '../handlers/lib/analysis/drivers.js';
import { renderHtml } from '../handlers/lib/email/render.js';
import { ALARM_EMAIL } from '../handlers/lib/email/templates.generated.js';
import { found, missing } from '../handlers/lib/result.js';
import { exampleConfig } from './helpers/config.js';
import { eventFixture } from './helpers/events.js';
import { TEST_NOW, testFigures } from './helpers/snapshot.js';

const config = exampleConfig();
/** The example: +1,840 h of m7i.4xlarge at last month's $1.31 a hour, and a price rise. */
const ec2 = serviceDrivers({
  service: 'Amazon EC2',
  usageTypes: [
    {
      usageType: 'BoxUsage:m7i.4xlarge',
      unit: 'Hrs',
      mixedUnits: false,
      before: { cost: 2620, quantity: 2000 },
      after: { cost: 5260, quantity: 3840 },
    },
  ],
  adjustments: { before: 0, after: 0 },
});

function view(drivers: Parameters<typeof alarmViewModel>[0]['drivers'], creditsUnread = false) {
  const verdict = verifyBillingAlarm(eventFixture('critical-alarm'), { alarmNamePrefix: 'billing-alarm-' });
  if (!verdict.ok) throw new Error(verdict.reason);
  return alarmViewModel({
    alarm: verdict.value,
    policy: policyFor(config, verdict.value.accountId),
    figures: found({
      ...testFigures({ byService: { 'Amazon EC2': 5260 }, comparison: 2620 }),
      ...(creditsUnread ? { creditsUnread: true } : {}),
    }),
    ...(drivers ? { drivers } : {}),
    accountName: 'prod-payments',
    locale: 'en',
    timeZone: 'UTC',
    organizationId: 'o-a1b2c3d4e5',
    currency: 'USD',
    now: TEST_NOW,
  });
}

describe('the alarm email says why it moved', () => {
  it('shows each service’s change as usage, rate and credits in HTML, text and chat, with the method', () => {
    // Prepare / Act
    const vm = view(found([ec2]));
    const html = renderHtml(ALARM_EMAIL, vm);
    const text = alarmText(vm);
    const chat = alarmChatMessage(vm, { accountId: '210000000001', month: '2026-11' });

    // Assess
    const line =
      'Amazon EC2 +$2,640.00: usage +$2,410.40 (BoxUsage:m7i.4xlarge +1,840 h), rate +$229.60, credits +$0.00';
    expect(vm.drivers?.rows[0]).toMatchObject({ text: line, mostly: 'mostly usage', kind: 'usage' });
    expect(html).toContain(line);
    expect(text).toContain(`${line} — mostly usage`);
    expect(chat.sections.flatMap((s) => s.lines)).toContain(`${line} — mostly usage`);
    expect(vm.basis.some((b) => b.includes('rounding to the cent is carried by rate'))).toBe(true);
    expect(html).toContain('a usage type measured in more than one unit is priced as one');
  });

  it('says why the drivers are missing when their request failed, and shows nothing when none was made', () => {
    // Prepare / Act
    const failed = view(missing('throttled'));
    const none = view(undefined);

    // Assess
    expect(failed.drivers?.rows).toEqual([]);
    expect(failed.drivers?.notes[0]).toMatch(/^Why it moved \(usage, rate, credits\): /);
    expect(none.drivers).toBeNull();
    expect(renderHtml(ALARM_EMAIL, none)).not.toContain('Why it moved');
  });

  it('from the alarm’s one request (usage types, no credit lines): usage and rate only, credits said unread, never shown as zero', () => {
    // Prepare / Act
    const vm = view(found([ec2]), true);
    const html = renderHtml(ALARM_EMAIL, vm);
    const text = alarmText(vm);
    const chat = alarmChatMessage(vm, { accountId: '210000000001', month: '2026-11' });

    // Assess
    const line = 'Amazon EC2 +$2,640.00: usage +$2,410.40 (BoxUsage:m7i.4xlarge +1,840 h), rate +$229.60';
    expect(vm.drivers?.rows[0]).toMatchObject({ text: line, kind: 'usage' });
    expect(html).toContain(line);
    expect(html).not.toContain('credits +$0.00');
    expect(text).toContain(`${line} — mostly usage`);
    expect(chat.sections.flatMap((s) => s.lines)).toContain(`${line} — mostly usage`);
    expect(vm.basis.some((b) => b.includes('Credits and refunds are not in it'))).toBe(true);
    expect(vm.services?.totals).toContainEqual({
      label: 'Credits and refunds (the organisation report shows them)',
      amount: 'not read',
    });
    expect(text).toContain('Credits and refunds (the organisation report shows them): not read');
  });
});
