import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What a split bundle holds, and what of it a cold start reads before the handler runs. */
export interface BundleFiles {
  /** The entry and the chunks it imports statically, transitively: what `import(entry)` compiles. */
  readonly initPath: readonly string[];
  readonly initPathBytes: number;
  /** Every JavaScript file of the bundle (no source maps), entry and chunks. */
  readonly totalBytes: number;
  /** The alarm Lambda's deferred module (`chunks/deferred-*.mjs`, from `deferred.ts`), when the bundle has one. */
  readonly deferred?: string;
  /** What importing the deferred module reads beyond the init path: it and the chunks only it imports. */
  readonly deferredBytes?: number;
}

/** Static imports of an esbuild ES module output: `import … from"./x.mjs"` and `import"./x.mjs"`, not `import("./x.mjs")`. */
const STATIC_IMPORT = /(?:\bfrom|\bimport)\s*"(\.\.?\/[^"]+\.mjs)"/g;

/** The files of the bundle whose entry is `entry` (an `index.mjs` beside a `chunks/` folder). */
export function bundleFiles(entry: string): BundleFiles {
  const initPath = staticClosure(entry, []);
  const chunkDir = join(dirname(entry), 'chunks');
  const chunks = safeList(chunkDir).filter((f) => f.endsWith('.mjs'));
  const name = chunks.find((f) => f.startsWith('deferred-'));
  const deferred = name ? join(chunkDir, name) : undefined;
  return {
    initPath,
    initPathBytes: bytesOf(initPath),
    totalBytes: size(entry) + bytesOf(chunks.map((f) => join(chunkDir, f))),
    ...(deferred ? { deferred, deferredBytes: bytesOf(staticClosure(deferred, initPath)) } : {}),
  };
}

/** `file` and what it imports statically, transitively, leaving out `loaded`. */
function staticClosure(file: string, loaded: readonly string[]): string[] {
  const seen: string[] = [];
  const visit = (f: string) => {
    if (seen.includes(f) || loaded.includes(f)) return;
    seen.push(f);
    for (const m of readFileSync(f, 'utf8').matchAll(STATIC_IMPORT)) visit(join(dirname(f), m[1] as string));
  };
  visit(file);
  return seen;
}

const size = (file: string) => statSync(file).size;
const bytesOf = (files: readonly string[]) => files.reduce((n, f) => n + size(f), 0);

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
