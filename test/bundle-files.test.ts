import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleFiles } from '../cli/bench/bundle-files.js';

let dir: string;

/** A split bundle as esbuild writes it (minified: no spaces around `from`). */
function bundle(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'bundle-files-'));
  mkdirSync(join(dir, 'chunks'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return join(dir, 'index.mjs');
}

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('bundleFiles', () => {
  it('counts the entry and its static chunks as init, the deferred module and what only it imports apart', () => {
    const entry = bundle({
      'index.mjs':
        'import{a as x}from"./chunks/chunk-A.mjs";import"./chunks/chunk-B.mjs";const d=()=>import("./chunks/deferred-X.mjs");export const handler=x;',
      'chunks/chunk-A.mjs': 'import{b}from"./chunk-B.mjs";export const a=b;',
      'chunks/chunk-B.mjs': 'export const b=1;',
      'chunks/deferred-X.mjs':
        'import{b}from"./chunk-B.mjs";import{c}from"./chunk-C.mjs";export const r=b+c;',
      'chunks/chunk-C.mjs': 'export const c=2;',
      'chunks/chunk-C.mjs.map': '{"version":3}',
      'chunks/sso-Y.mjs': 'export const s=3;',
    });
    const files = bundleFiles(entry);

    expect(files.initPath.map((f) => f.slice(dir.length + 1)).sort()).toEqual([
      'chunks/chunk-A.mjs',
      'chunks/chunk-B.mjs',
      'index.mjs',
    ]);
    expect(files.deferred).toBe(join(dir, 'chunks', 'deferred-X.mjs'));
    // The deferred module and chunk C: chunk B is read at init already.
    const deferredText = 'import{b}from"./chunk-B.mjs";import{c}from"./chunk-C.mjs";export const r=b+c;';
    expect(files.deferredBytes).toBe(deferredText.length + 'export const c=2;'.length);
    // Every .mjs, source maps left out; the SDK's lazily loaded chunk (sso-Y) is in the total, not in init.
    expect(files.totalBytes).toBeGreaterThan(files.initPathBytes + (files.deferredBytes ?? 0));
    expect(files.initPathBytes).toBe(
      [
        'import{a as x}from"./chunks/chunk-A.mjs";import"./chunks/chunk-B.mjs";const d=()=>import("./chunks/deferred-X.mjs");export const handler=x;',
        'import{b}from"./chunk-B.mjs";export const a=b;',
        'export const b=1;',
      ].reduce((n, t) => n + t.length, 0),
    );
  });

  it('says nothing deferred for a bundle without a deferred module', () => {
    const entry = bundle({ 'index.mjs': 'export const handler=1;' });
    const files = bundleFiles(entry);

    expect(files.initPath).toEqual([entry]);
    expect(files.deferred).toBeUndefined();
    expect(files.totalBytes).toBe(files.initPathBytes);
  });
});
