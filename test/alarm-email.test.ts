import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { policyFor } from '../handlers/contract/config/thresholds.js';
import { verifyBillingAlarm } from '../handlers/lib/alarm/alarm-event.js';
import { alarmText } from '../handlers/lib/alarm/alarm-text.js';
import { alarmViewModel } from '../handlers/lib/alarm/alarm-view-model.js';
import type { AccountFigures } from '../handlers/lib/costs/account-figures.js';
import { renderHtml } from '../handlers/lib/email/render.js';
import { ALARM_EMAIL } from '../handlers/lib/email/templates.generated.js';
import { found, missing, type Result } from '../handlers/lib/result.js';
import { compileTemplates, HANDLEBARS_OPTIONS, withoutLookupFallback } from '../templates/compile.js';
import { exampleConfig } from './helpers/config.js';
import { eventFixture } from './helpers/events.js';
import { TEST_NOW, testFigures } from './helpers/snapshot.js';

const config = exampleConfig();
const services = Object.fromEntries(
  Array.from({ length: 11 }, (_, i) => [`Service ${String.fromCharCode(65 + i)}`, 1000 - i * 80]),
);
const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;
/** Two weeks at $200 a day, then Service A jumps on the last three days. */
const dailyByService = {
  'Service A': Object.fromEntries(
    Array.from({ length: 14 }, (_, i) => [day(6 + i), 6 + i >= 17 ? 900 : 150]),
  ),
  'Service B': Object.fromEntries(Array.from({ length: 14 }, (_, i) => [day(6 + i), 50])),
};
const daily = Object.fromEntries(
  Array.from({ length: 14 }, (_, i) => [day(6 + i), (6 + i >= 17 ? 900 : 150) + 50]),
);

function figures(partial: Partial<AccountFigures> = {}): Result<AccountFigures> {
  return found(
    testFigures({ byService: services, daily, dailyByService, comparison: 5000, credits: -20, ...partial }),
  );
}

function view(
  event = eventFixture('critical-alarm'),
  extra: Partial<Parameters<typeof alarmViewModel>[0]> = {},
) {
  const verdict = verifyBillingAlarm(event, { alarmNamePrefix: 'billing-alarm-' });
  if (!verdict.ok) throw new Error(verdict.reason);
  return alarmViewModel({
    alarm: verdict.value,
    policy: policyFor(config, verdict.value.accountId),
    figures: figures(),
    accountName: 'prod-payments',
    locale: 'en',
    timeZone: 'Asia/Seoul',
    organizationId: 'o-a1b2c3d4e5',
    currency: 'USD',
    now: TEST_NOW,
    ...extra,
  });
}

const fact = (vm: ReturnType<typeof view>, label: string | RegExp) =>
  vm.facts.find((f) => (typeof label === 'string' ? f.label === label : label.test(f.label)))?.value;

describe('alarm view-model: what crossed and why, first', () => {
  it('puts account, tier and the CloudWatch estimate against the threshold in a one-line subject', () => {
    const vm = view();

    expect(vm.subject).toBe(
      '[Critical] prod-payments (210000000001): estimated $6,720.00 vs $6,000.00 threshold',
    );
    expect(vm.facts.slice(0, 5)).toEqual([
      { label: 'Account', value: 'prod-payments (210000000001)' },
      { label: 'Tier', value: 'Critical' },
      { label: 'Estimated charges (CloudWatch alarm, USD)', value: '$6,720.00' },
      { label: 'Threshold', value: '$6,000.00' },
      { label: 'Over by', value: '$720.00 (+12.0%)' },
    ]);
  });

  it('names the cause in one line: the service that rose most over the last 3 days, and since when', () => {
    const vm = view();

    expect(fact(vm, 'Biggest rise')).toBe(
      'Service A +$2,250.00 over the last 3 days vs the 3 before (since Nov 17, 2026)',
    );
  });

  it('labels Cost Explorer’s month to date as Cost Explorer’s, with its date and currency', () => {
    const vm = view();

    expect(fact(vm, 'Month to date (Cost Explorer, USD)')).toBe('$6,600.00, as of Nov 19, 2026');
  });

  it('says when the alarm carries no datapoint (a manual test), never passing Cost Explorer’s figure off as CloudWatch’s', () => {
    const event = eventFixture('critical-alarm');
    event.detail.state.reasonData = '{"version":"1.0"}';
    event.detail.state.reason = 'testing the alarm';

    const vm = view(event);

    expect(fact(vm, /CloudWatch alarm/)).toBe(
      'no datapoint in the alarm — possibly a manual test (set-alarm-state)',
    );
    expect(vm.subject).toBe(
      '[Critical] prod-payments (210000000001): critical threshold of $6,000.00 crossed',
    );
    expect(vm.reason).toEqual({ label: 'CloudWatch’s reason', text: 'testing the alarm' });
  });

  it('shows the alarm’s own reason text', () => {
    expect(view().reason?.text).toMatch(/^Threshold Crossed: 1 out of the last 1 datapoints \[6720/);
  });
});

describe('alarm view-model: sections', () => {
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

  it('says "1 other service" in the singular', () => {
    const vm = view(undefined, {
      figures: figures({ byService: Object.fromEntries(Object.entries(services).slice(0, 9)) }),
    });

    expect(vm.services?.rows[8]?.name).toBe('1 other service');
  });

  it('draws 14 daily bars with a legend for their colours, the scale and what the threshold pace is', () => {
    const vm = view();

    expect(vm.trend?.bars).toHaveLength(14);
    // $950 on an axis up to $1,000.
    expect(vm.trend?.bars[13]?.height).toBe(91);
    expect(vm.trend?.axis.rows.map((r) => r.label)).toEqual(['$1K', '$500', '$0']);
    expect(vm.trend?.legend.map((l) => l.name)).toEqual([
      'at or under the threshold pace',
      'above the threshold pace',
      'threshold pace, $200.00 a day',
    ]);
    expect(new Set(vm.trend?.bars.map((b) => b.color))).toEqual(
      new Set(vm.trend?.legend.slice(0, 2).map((l) => l.color)),
    );
    expect(vm.trend?.scale).toBe('Tallest bar: $950.00 on Nov 17, 2026.');
    expect(vm.trend?.pace).toBe(
      'Threshold pace (the line): $200.00 a day, which spends exactly the critical threshold ($6,000.00) over the 30 days of the month.',
    );
  });

  it('names the forecast’s method, and adds the recent pace when the last 3 days run above 1.5× the 7-day pace', () => {
    const vm = view();

    expect(vm.forecast?.lines.map((l) => l.text)).toEqual([
      // $6,600 so far + 11 days × (4 × $200 + 3 × $950) / 7.
      '$12,335.71 by Nov 30, 2026 at the last 7 days’ pace ($521.43 a day): 205.6% of the critical threshold ($6,000.00)',
      // $6,600 + 11 × $950; $950 / $521.43 = 1.8.
      'At the last 3 days’ pace ($950.00 a day, 1.8× the 7-day pace): $17,050.00, 284.2% of the critical threshold ($6,000.00)',
    ]);
  });

  it('adds Cost Explorer’s forecast when asked for, named as such, and says why when it is missing', () => {
    const flat = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [day(6 + i), 200]));

    const asked = view(undefined, {
      figures: figures({ daily: flat }),
      costExplorerForecast: found({ amount: 2400, unit: 'USD' }),
    });
    const failed = view(undefined, {
      figures: figures({ daily: flat }),
      costExplorerForecast: missing('insufficientHistory'),
    });

    expect(asked.forecast?.lines.map((l) => l.text)).toEqual([
      '$8,800.00 by Nov 30, 2026 at the last 7 days’ pace ($200.00 a day): 146.7% of the critical threshold ($6,000.00)',
      // $6,600 so far + Cost Explorer's $2,400 for the days left.
      '$9,000.00 by Nov 30, 2026, Cost Explorer’s forecast (month to date plus its forecast of the days left): 150.0% of the critical threshold ($6,000.00)',
    ]);
    expect(failed.forecast?.lines[1]?.text).toMatch(/^Cost Explorer’s forecast unavailable: .+\.$/);
    expect(view(undefined, { figures: figures({ daily: flat }) }).forecast?.lines).toHaveLength(1);
  });

  it('shows one forecast when the recent pace is ordinary', () => {
    const flat = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [day(6 + i), 200]));

    const vm = view(undefined, { figures: figures({ daily: flat }) });

    expect(vm.forecast?.lines).toHaveLength(1);
    expect(vm.forecast?.lines[0]?.text).toMatch(/at the last 7 days’ pace \(\$200\.00 a day\)/);
  });

  it('says which details are missing, in words, when Cost Explorer did not answer, and still has the alarm facts', () => {
    const vm = view(undefined, { figures: missing('throttled') });

    expect(vm.missing?.items).toEqual([
      'Cost Explorer figures (breakdown, chart, change, forecast): Cost Explorer kept throttling the requests.',
    ]);
    expect(fact(vm, 'Biggest rise')).toBe('unknown: Cost Explorer kept throttling the requests');
    expect(vm.services).toBeNull();
    expect(vm.subject).toContain('$6,720.00 vs $6,000.00');
  });

  it('says in the email, and does not relabel, when Cost Explorer reports another currency than configured', () => {
    const vm = view(undefined, { figures: figures({ unit: 'EUR', units: ['EUR'] }) });

    expect(fact(vm, /Cost Explorer/)).toBe('€6,600.00, as of Nov 19, 2026');
    expect(vm.basis).toContain(
      'Cost Explorer reports these amounts in EUR, not in USD as configured: they are shown in EUR, as billed.',
    );
  });

  it('shows converted amounts beside the billed ones at the configured rate, labelled with it', () => {
    const vm = view(undefined, { displayCurrency: { code: 'KRW', rate: 1380, asOf: '2026-11-01' } });

    expect(fact(vm, 'Threshold')).toBe('$6,000.00 (≈ ₩8,280,000)');
    expect(vm.basis).toContain(
      'Amounts marked ≈ are in KRW at 1,380 KRW per USD (rate of Nov 1, 2026, from the configuration), for reading only.',
    );
  });

  it('makes a subject with line breaks, markup and bidi overrides in the account name one clean line', () => {
    const vm = view(undefined, {
      accountName: 'evil\r\nBcc: x@example.com <b>bold</b>\u202Egnp.exe\u0085',
    });

    expect(vm.subject).not.toMatch(/[\r\n\u202E\u0085]/);
    expect(vm.subject).toContain('evil Bcc: x@example.com <b>bold</b>gnp.exe');
  });
});

describe('alarm email rendering', () => {
  it('keeps every Handlebars placeholder, the title and the preview text through MJML compilation', async () => {
    const html = (await compileTemplates())['alarm-email'] ?? '';
    for (const placeholder of [
      '<title>{{subject}}</title>',
      '{{preheader}}',
      '{{headline}}',
      '{{#each facts}}',
      '{{reason.text}}',
      '{{#each trend.bars}}',
      '{{#each trend.legend}}',
      '{{#if missing}}',
      '{{link.url}}',
      '{{#each services.rows}}',
      '{{#each forecast.lines}}',
    ]) {
      expect(html).toContain(placeholder);
    }
  });

  it('escapes markup from the alarm reason, description and account name, and links to Cost Explorer', () => {
    const event = eventFixture('critical-alarm');
    event.detail.configuration.description = '<script>alert(1)</script>';
    event.detail.state.reason = '<b onmouseover="x()">hi</b>';
    const vm = view(event, { accountName: '<img src=x onerror=alert(2)>' });

    const html = renderHtml(ALARM_EMAIL, vm);

    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b onmouseover');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;');
    expect(html).toContain('<title>[Critical] &lt;img src&#x3D;x onerror&#x3D;alert(2)&gt; (210000000001)');
    expect(html).toMatch(
      /href="https:\/\/us-east-1\.console\.aws\.amazon\.com\/costmanagement\/home#\/cost-explorer\?/,
    );
  });

  it('renders the same HTML without the lookup fallback Handlebars repeats in each template function', async () => {
    const html = (await compileTemplates())['alarm-email'] ?? '';
    const precompiled = String(Handlebars.precompile(html, HANDLEBARS_OPTIONS));
    const spec = (js: string) => new Function(`return ${js};`)() as TemplateSpecification;
    const stripped = withoutLookupFallback(precompiled);

    expect(stripped.length).toBeLessThan(precompiled.length);
    expect(stripped).not.toContain('container.lookupProperty ||');
    expect(renderHtml(spec(stripped), view())).toBe(renderHtml(spec(precompiled), view()));
    expect(renderHtml(ALARM_EMAIL, view())).toBe(renderHtml(spec(precompiled), view()));
  });

  it('has a plain-text part with the same figures', () => {
    const text = alarmText(view());

    expect(text).toContain('Estimated charges (CloudWatch alarm, USD): $6,720.00');
    expect(text).toContain('Service A: $1,000.00');
    expect(text).toContain('Open in Cost Explorer: https://');
  });
});

describe('Korean and Japanese', () => {
  it.each([
    [
      'ko',
      '[위험] prod-payments (210000000001): 예상 요금 US$6,720.00 / 임계값 US$6,000.00',
      '서비스',
      '오후 6:00',
    ],
    ['ja', '[重大] prod-payments (210000000001): 見積額 $6,720.00 / しきい値 $6,000.00', 'サービス', '18:00'],
  ] as const)(
    'writes the %s alarm email from the same view-model, times through Intl',
    (locale, subject, serviceColumn, time) => {
      const vm = view(undefined, { locale });
      const html = renderHtml(ALARM_EMAIL, vm);

      expect(vm.subject).toBe(subject);
      expect(vm.services?.columns.name).toBe(serviceColumn);
      expect(vm.facts.at(-1)?.value).toContain(time);
      expect(html).toContain(`<html lang="${locale}"`);
      expect(html).toContain(`class="lang-${locale}"`);
    },
  );

  it.each(['ko', 'ja'] as const)(
    'leaves no English in the %s email but names, AWS terms and codes',
    (locale) => {
      const event = eventFixture('critical-alarm');
      event.detail.configuration.description = '';
      event.detail.state.reason = '';
      const named = Object.fromEntries(Object.values(services).map((v, i) => [`S${i}`, v]));
      const vm = view(event, {
        locale,
        policy: { ...policyFor(config, '210000000001'), description: undefined } as ReturnType<
          typeof policyFor
        >,
        accountName: '결제',
        figures: figures({
          byService: named,
          dailyByService: { S0: dailyByService['Service A'], S1: dailyByService['Service B'] },
        }),
      });

      const text = alarmText(vm)
        .replace(/https?:\/\/\S+/g, '')
        .replace(/billing-alarm-critical|billing-alarm-forwarder|o-a1b2c3d4e5/g, '');
      const words = new Set(text.match(/[A-Za-z]{2,}/g) ?? []);
      const allowed = new Set([
        'Cost',
        'Explorer',
        'CloudWatch',
        'UnblendedCost',
        'EstimatedCharges',
        'AWS',
        'Lambda',
        'USD',
        'US',
        'GMT',
      ]);
      expect([...words].filter((w) => !allowed.has(w))).toEqual([]);
    },
  );
});
