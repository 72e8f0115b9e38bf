import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml } from '../handlers/lib/actions/action-page.js';
import type { HttpAnswer } from './function-url-event.js';

/** What an email may load in the viewer: its inline styles and images, never a script or a form. */
const MAIL_HEADERS = {
  'content-security-policy':
    "default-src 'none'; img-src data: http: https:; style-src 'unsafe-inline'; font-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

/** A file name the viewer shows: one email's `.html` or `.txt` in the out folder, nothing else. */
const MAIL_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.(html|txt)$/;

/**
 * The mail viewer over the emails `simulate`, `report` and `demo` wrote into the out folder: `GET /`
 * lists them (newest first, with their subjects and recipients), `GET /mail/<file>` shows one. Any
 * other path is not the viewer's (undefined).
 */
export function answerMailViewer(outDir: string, method: string, path: string): HttpAnswer | undefined {
  const file = /^\/mail\/([^/]+)$/.exec(path)?.[1];
  if (path !== '/' && file === undefined) return undefined;
  if (method !== 'GET' && method !== 'HEAD')
    return page(405, '<p>Only GET is answered here.</p>', { allow: 'GET' });
  if (file === undefined) return page(200, listing(outDir));
  const name = decodeURIComponent(file);
  if (
    !MAIL_FILE.test(name) ||
    !emailFiles(outDir).some((f) => f.name === name || f.text === name) ||
    !existsSync(join(outDir, name))
  )
    return page(
      404,
      `<p>No email ${escapeHtml(name)} in ${escapeHtml(outDir)}.</p><p><a href="/">All emails</a></p>`,
    );
  return {
    statusCode: 200,
    headers: {
      ...MAIL_HEADERS,
      'content-type': name.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
    },
    cookies: [],
    body: readFileSync(join(outDir, name)),
  };
}

/** The emails of the out folder: each `.html` with its `.txt` and what its `.json` says. */
function emailFiles(outDir: string) {
  if (!existsSync(outDir)) return [];
  return readdirSync(outDir)
    .filter((name) => name.endsWith('.html') && MAIL_FILE.test(name))
    .map((name) => {
      const stem = name.slice(0, -'.html'.length);
      const meta = readMeta(join(outDir, `${stem}.json`));
      return {
        name,
        text: `${stem}.txt`,
        at: statSync(join(outDir, name)).mtimeMs,
        subject: meta.subject ?? stem,
        to: meta.to ?? [],
      };
    })
    .sort((a, b) => b.at - a.at || a.name.localeCompare(b.name));
}

function readMeta(file: string): { subject?: string; to?: string[] } {
  try {
    const meta = JSON.parse(readFileSync(file, 'utf8')) as { subject?: unknown; to?: unknown };
    return {
      ...(typeof meta.subject === 'string' ? { subject: meta.subject } : {}),
      ...(Array.isArray(meta.to) ? { to: meta.to.map(String) } : {}),
    };
  } catch {
    return {};
  }
}

function listing(outDir: string): string {
  const emails = emailFiles(outDir);
  if (emails.length === 0)
    return `<p>No emails in ${escapeHtml(outDir)} yet. Run billing-alarms simulate, report or demo with --action-url.</p>`;
  const rows = emails.map(
    (e) =>
      `<li><a href="/mail/${encodeURIComponent(e.name)}">${escapeHtml(e.subject)}</a> <small>(${escapeHtml(e.name)}; to ${escapeHtml(e.to.join(', ') || 'nobody')}; <a href="/mail/${encodeURIComponent(e.text)}">text</a>)</small></li>`,
  );
  return `<p>${emails.length} email(s) in ${escapeHtml(outDir)}, newest first.</p><ul>${rows.join('')}</ul>`;
}

function page(statusCode: number, content: string, extra: Record<string, string> = {}): HttpAnswer {
  return {
    statusCode,
    headers: { ...MAIL_HEADERS, 'content-type': 'text/html; charset=utf-8', ...extra },
    cookies: [],
    body: Buffer.from(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>billing-alarms mail</title></head><body><main><h1>Emails</h1>${content}</main></body></html>`,
    ),
  };
}
