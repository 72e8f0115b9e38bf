import { describe, expect, it } from 'vitest';
import { policyFor } from '../handlers/contract/config/thresholds.js';
import { alarmText } from '../handlers/lib/alarm/alarm-text.js';
import { alarmViewModel } from '../handlers/lib/alarm/alarm-view-model.js';
import { renderHtml } from '../handlers/lib/email/render.js';
import { COMPILED_TEMPLATES } from '../handlers/lib/email/templates.generated.js';
import { verifyBillingAlarm } from '../handlers/lib/events/alarm-event.js';
import { found, missing } from '../handlers/lib/result.js';
import { exampleConfig } from './helpers/config.js';
import { eventFixture } from './helpers/events.js';
import { testSnapshot } from './helpers/snapshot.js';

const config = exampleConfig();
const services = Object.fromEntries(
  Array.from({ length: 11 }, (_, i) => [`Service ${String.fromCharCode(65 + i)}`, 1000 - i * 80]),
);
const daily = Object.fromEntries(
  Array.from({ length: 14 }, (_, i) => [`2026-11-${String(6 + i).padStart(2, '0')}`, i === 12 ? 900 : 200]),
);

function view(
  event = eventFixture('critical-alarm'),
  name = 'prod-payments',
  extra: Partial<Parameters<typeof alarmViewModel>[0]> = {},
) {
  const verdict = verifyBillingAlarm(event, { alarmNamePrefix: 'billing-alarm-' });
  if (!verdict.ok) throw new Error(verdict.reason);
  return alarmViewModel({
    alarm: verdict.value,
    policy: policyFor(config, verdict.value.accountId),
    snapshot: found(
      testSnapshot([
        { id: '210000000001', name, byService: services, daily, sameDaysLastMonth: 5000, credits: -20 },
      ]),
    ),
    dailyByService: found({ 'Service A': { '2026-11-14': 10, '2026-11-17': 500 } }),
    locale: 'en',
    timeZone: 'Asia/Seoul',
    organizationId: 'o-a1b2c3d4e5',
    now: new Date('2026-11-20T09:00:00Z'),
    ...extra,
  });
}

describe('alarm view-model', () => {
  it('puts account, tier and estimated charges against the threshold in a one-line subject', () => {
    const vm = view();

    expect(vm.subject).toBe(
      '[Critical] prod-payments (210000000001): estimated $6,720.00 vs $6,000.00 threshold',
    );
    expect(vm.facts).toContainEqual({ label: 'Over by', value: '$720.00 (+12.0%)' });
  });

  it('lists the top 8 services and one others row, then usage, credits and net totals', () => {
    const vm = view();

    expect(vm.services?.rows).toHaveLength(9);
    expect(vm.services?.rows[8]).toEqual({ name: '3 other services', amount: '$840.00', share: '12.7%' });
    expect(vm.services?.totals.map((t) => t.label)).toEqual([
      'Usage month to date',
      'Credits',
      'Net after credits and refunds',
    ]);
  });

  it('draws 14 daily bars scaled to the highest day and names it', () => {
    const vm = view();

    expect(vm.trend?.bars).toHaveLength(14);
    expect(vm.trend?.bars[12]?.height).toBe(96);
    expect(vm.trend?.caption).toBe('Highest day: $900.00 on Nov 18, 2026');
  });

  it('says which details are missing when Cost Explorer did not answer, and still has the alarm facts', () => {
    const vm = view(undefined, undefined, {
      snapshot: missing('ServiceUnavailableException'),
      dailyByService: missing('no cost snapshot'),
    });

    expect(vm.missing?.items).toEqual([
      'Cost breakdown, trend and change: Cost Explorer did not answer (ServiceUnavailableException).',
    ]);
    expect(vm.services).toBeNull();
    expect(vm.subject).toContain('$6,720.00 vs $6,000.00');
  });

  it('makes a subject with line breaks and markup in the account name one line', () => {
    const vm = view(undefined, 'evil\r\nBcc: x@example.com <b>bold</b>');

    expect(vm.subject).not.toMatch(/[\r\n]/);
    expect(vm.subject).toContain('evil Bcc: x@example.com <b>bold</b>');
  });
});

describe('alarm email rendering', () => {
  it('keeps every Handlebars placeholder through MJML compilation', () => {
    const html = COMPILED_TEMPLATES['alarm-email'] ?? '';
    for (const placeholder of [
      '{{headline}}',
      '{{#each facts}}',
      '{{#each trend.bars}}',
      '{{#if missing}}',
      '{{link.url}}',
      '{{#each services.rows}}',
    ]) {
      expect(html).toContain(placeholder);
    }
  });

  it('escapes markup from the alarm description and account name, and links to Cost Explorer', () => {
    const event = eventFixture('critical-alarm');
    event.detail.configuration.description = '<script>alert(1)</script>';
    const vm = view(event, '<img src=x onerror=alert(2)>');

    const html = renderHtml('alarm-email', vm);

    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;');
    expect(html).toMatch(
      /href="https:\/\/us-east-1\.console\.aws\.amazon\.com\/costmanagement\/home#\/cost-explorer\?/,
    );
  });

  it('has a plain-text part with the same figures', () => {
    const text = alarmText(view());

    expect(text).toContain('Estimated charges (CloudWatch): $6,720.00');
    expect(text).toContain('Service A: $1,000.00');
    expect(text).toContain('Open in Cost Explorer: https://');
  });
});

describe('Korean and Japanese', () => {
  it.each([
    ['ko', '[위험] prod-payments (210000000001): 예상 요금 US$6,720.00 / 임계값 US$6,000.00', '서비스'],
    ['ja', '[重大] prod-payments (210000000001): 見積額 $6,720.00 / しきい値 $6,000.00', 'サービス'],
  ] as const)('writes the %s alarm email from the same view-model', (locale, subject, serviceColumn) => {
    const vm = view(undefined, undefined, { locale });
    const html = renderHtml('alarm-email', vm);

    expect(vm.subject).toBe(subject);
    expect(vm.services?.columns.name).toBe(serviceColumn);
    expect(html).toContain(`<html lang="${locale}"`);
  });
});
