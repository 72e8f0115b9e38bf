import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';

/** Debian's Chromium, used when it is installed (`apt-get install chromium`). */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * The Chromium the browser tests use: `CHROMIUM_PATH` if set, else Debian's, else the one that
 * arrives with npm (`@sparticuz/chromium`, unpacked once into the temporary folder).
 */
export async function resolveChromium(): Promise<string> {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`CHROMIUM_PATH points at ${chosen}, which does not exist`);
    return chosen;
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.executablePath();
}

/** Launches headless Chromium with the flags this machine needs (no sandbox as root, no network chatter). */
export function launchChromium(executablePath = inject('chromiumPath')): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Opens HTML at a width; returns the page's scroll width and writes a full-page screenshot. */
export async function measureAt(
  browser: Browser,
  html: string,
  width: number,
  screenshot: string,
): Promise<{ scrollWidth: number; clientWidth: number }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  try {
    await page.setContent(html, { waitUntil: 'load' });
    // A string expression: this file is compiled without the DOM library.
    const size = await page.evaluate<{ scrollWidth: number; clientWidth: number }>(
      '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
    );
    await fullPageScreenshot(page, screenshot);
    return size;
  } finally {
    await page.close();
  }
}

/**
 * The screenshot is for people looking at the layout; the measurement above is what tests assert.
 * Under a loaded machine Chromium sometimes answers `Page.captureScreenshot` with "Unable to capture
 * screenshot" (seen in full runs beside other Chromium tests, never alone): one more try, then the
 * run goes on without that picture and says so.
 */
async function fullPageScreenshot(page: Page, path: string): Promise<void> {
  try {
    await page.screenshot({ path, fullPage: true });
  } catch {
    await page.screenshot({ path, fullPage: true }).catch((err: unknown) => {
      process.stderr.write(`screenshot ${path} not written: ${String(err).split('\n')[0]}\n`);
    });
  }
}

/** Widths the emails must fit: a phone and the 600 px email column. */
export const EMAIL_WIDTHS = [375, 600] as const;

/** Starts Chromium before the tests of the calling `describe` and closes it after them. */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium is not running');
    return browser;
  };
}

/** Screenshots an email at each of {@link EMAIL_WIDTHS} into `out/screenshots/<name>-<width>.png`. */
export async function screenshotAtWidths(browser: Browser, html: string, name: string) {
  const dir = join('out', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const sizes = [];
  for (const width of EMAIL_WIDTHS) {
    const file = join(dir, `${name}-${width}.png`);
    sizes.push({ width, file, ...(await measureAt(browser, html, width, file)) });
  }
  return sizes;
}
