import { readFileSync } from 'node:fs';
import chromiumPkg from '@sparticuz/chromium';
import { chromium } from 'playwright-core';

const [file, out, width = '375'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: await chromiumPkg.executablePath(),
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: Number(width), height: 900 } });
await page.setContent(readFileSync(file, 'utf8'));
await page.screenshot({ path: out, fullPage: true });
console.log(await page.evaluate('document.documentElement.scrollWidth'));
console.log(
  await page.evaluate(
    `(() => { const W = document.documentElement.clientWidth; const out = []; for (const el of document.querySelectorAll('*')) { const r = el.getBoundingClientRect(); if (r.right > W + 0.5 || el.scrollWidth > el.clientWidth + 1) out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right) + ' ' + (el.textContent||'').slice(0,40)); } return out.slice(-15).join('\\n'); })()`,
  ),
);
await browser.close();
