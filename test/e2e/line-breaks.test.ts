import { describe, expect, it } from 'vitest';
import { reconcileEstimates } from '../../handlers/lib/analysis/estimate-reconciliation.js';
import { renderHtml } from '../../handlers/lib/email/render.js';
import { ORG_REPORT, PACE_NOTICE } from '../../handlers/lib/email/templates.generated.js';
import { paceAlerts } from '../../handlers/lib/report/pace.js';
import { paceNoticeViewModel } from '../../handlers/lib/report/pace-notice-view-model.js';
import type { ReportReconciliation } from '../../handlers/lib/report/report-reconciliation.js';
import { reportViewModel } from '../../handlers/lib/report/report-view-model.js';
import { found, missing } from '../../handlers/lib/result.js';
import type { KeptEstimate } from '../../handlers/lib/state/estimate-log.js';
import { measureAt, useChromium } from '../helpers/browser.js';
import { tempOut } from '../helpers/bundles.js';
import { exampleConfig } from '../helpers/config.js';
import { testFigures, testSnapshot } from '../helpers/snapshot.js';

const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;
const KOREAN = [
  '데이터 플랫폼 운영팀 공용 계정',
  '결제 서비스 프로덕션',
  '개발자 샌드박스 실험실',
  '머신러닝 연구 클러스터',
];

/** Korean account names with 12-digit ids through every section that names accounts. */
function snapshot() {
  const accounts = Array.from({ length: 12 }, (_, i) => ({
    id: `2100000000${String(i).padStart(2, '0')}`,
    name: KOREAN[i % KOREAN.length] ?? 'x',
    current: 2_900 - i * 150,
    comparison: 1_000,
  }));
  const daily = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [day(6 + i), 500 + i * 20]));
  return testSnapshot(accounts, {
    daily,
    services: [
      {
        name: 'Amazon Elastic Compute Cloud - Compute',
        current: 20_000,
        comparison: 9_000,
        last: 900,
        before: 300,
      },
    ],
    topAccountsDaily: accounts.slice(0, 6).map((a, i) => ({
      id: a.id,
      daily: Object.fromEntries(
        Array.from({ length: 14 }, (_, d) => [day(6 + d), d > 10 ? 100 + i * 40 : 20]),
      ),
    })),
  });
}

/** Two accounts' GPU launches: one billed since, one awaiting billing data. */
function reconciliation(): ReportReconciliation {
  const estimate = (accountId: string, at: string): KeptEstimate => ({
    accountId,
    at,
    who: `arn:aws:sts::${accountId}:assumed-role/ml-research-admin/alice@example.com`,
    call: 'ec2:RunInstances',
    region: 'ap-northeast-2',
    items: [
      { type: 'p5.48xlarge', count: 2, perHour: 55.04, usageType: 'APN2-BoxUsage:p5.48xlarge', sku: 'X' },
    ],
    hourly: 110.08,
    currency: 'USD',
    source: 'AWS Price List API (AmazonEC2)',
    alerted: true,
  });
  const estimates = [
    estimate('210000000001', `${day(17)}T00:20:00Z`),
    estimate('210000000002', `${day(19)}T20:00:00Z`),
  ];
  const billed = [17, 18, 19].map((d) => ({
    start: day(d),
    keys: ['210000000001', 'APN2-BoxUsage:p5.48xlarge'],
    amount: 2_500,
  }));
  return { estimates, dropped: 0, lines: found(reconcileEstimates(estimates, billed, day(20))), requests: 1 };
}

function emails(locale: 'ko' | 'en') {
  const config = { ...exampleConfig(), locale };
  const snap = snapshot();
  const pace = paceAlerts(snap, config, {});
  const report = renderHtml(
    ORG_REPORT,
    reportViewModel({
      snapshot: snap,
      coverage: missing('denied'),
      config,
      pace,
      reconciliation: reconciliation(),
    }),
  );
  const [alert] = pace;
  if (!alert) throw new Error('no pace alert');
  const notice = renderHtml(
    PACE_NOTICE,
    paceNoticeViewModel({
      config,
      alert,
      snapshot: snap,
      figures: found(
        testFigures({ id: alert.accountId, byService: { '아마존 일래스틱 컴퓨트 클라우드': 2_000 } }),
      ),
    }),
  );
  return { report, notice };
}

/** Ids split over two lines, and Hangul words split over two lines, as Chromium lays the email out. */
const BROKEN = `(() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (const [re, kind] of [[/\\d{12}/g, 'id'], [/[\\uAC00-\\uD7A3]+/g, 'word']]) {
      for (const m of n.textContent.matchAll(re)) {
        const r = document.createRange();
        r.setStart(n, m.index);
        r.setEnd(n, m.index + m[0].length);
        if (new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1) out.push(kind + ' ' + m[0]);
      }
    }
  }
  return out;
})()`;

async function brokenAt(browser: ReturnType<ReturnType<typeof useChromium>>, html: string, width: number) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  try {
    await page.setContent(html, { waitUntil: 'load' });
    return await page.evaluate<string[]>(BROKEN);
  } finally {
    await page.close();
  }
}

describe('line breaks at 375 and 600 px (Chromium)', () => {
  const browser = useChromium();

  it('lays out the fast-burn reconciliation too (its rows name accounts)', () => {
    expect(emails('ko').report).toContain('빠른 지출 추정과 청구 금액');
    expect(emails('en').report).toContain('awaiting billing data');
  });

  it('never breaks an account id inside, nor a Korean word, even where the body class is dropped (Yahoo)', async () => {
    for (const locale of ['ko', 'en'] as const) {
      for (const [name, html] of Object.entries(emails(locale))) {
        // Yahoo drops the body's class: the head's `.lang-ko` rule no longer applies.
        const yahoo = html.replace(/class="lang-ko"/g, '');
        for (const width of [375, 600]) {
          expect({ locale, name, width, broken: await brokenAt(browser(), html, width) }).toEqual({
            locale,
            name,
            width,
            broken: [],
          });
          expect({ locale, name, width, yahoo: await brokenAt(browser(), yahoo, width) }).toEqual({
            locale,
            name,
            width,
            yahoo: [],
          });
        }
      }
    }
  });

  it('still fits the width: no horizontal scroll at 375 px', async () => {
    for (const locale of ['ko', 'en'] as const) {
      for (const [name, html] of Object.entries(emails(locale))) {
        const size = await measureAt(browser(), html, 375, `${tempOut()}/${locale}-${name}-375.png`);
        expect({ locale, name, scroll: size.scrollWidth }).toEqual({
          locale,
          name,
          scroll: size.clientWidth,
        });
      }
    }
  });
});
