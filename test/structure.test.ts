import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FOLDERS = ['handlers', 'stacks', 'stackset-templates', 'templates', 'cli', 'local', 'test'];

/** Every TypeScript source of the project, as a path relative to the root. */
function sources(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return walk(path);
      return /\.(ts|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [relative(ROOT, path)] : [];
    });
  return FOLDERS.flatMap((f) => walk(join(ROOT, f)));
}

/** The project files a source imports (relative specifiers only; packages are not followed). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles
    .map((i) => i.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => {
      const target = resolve(dirname(join(ROOT, file)), spec);
      const candidates = [target.replace(/\.js$/, '.ts'), target, `${target}.ts`];
      const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
      return relative(ROOT, found ?? target);
    });
}

const graph = new Map(sources().map((f) => [f, importsOf(f)]));

/** Every circle a depth-first walk of `graph` meets, each from its first node back to it. */
function circlesIn(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const circles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (node: string, path: string[]) => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'visiting') {
      circles.push([...path.slice(path.indexOf(node)), node]);
      return;
    }
    state.set(node, 'visiting');
    for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
    state.set(node, 'done');
  };
  for (const node of graph.keys()) visit(node, []);
  return circles;
}
const edges = [...graph].flatMap(([from, tos]) => tos.map((to) => ({ from, to })));
const under = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

describe('where things live: imports run one way', () => {
  it('the Lambda core and the contract import nothing from stacks/, stackset-templates/, cli/, local/ or templates/', () => {
    const bad = edges.filter(
      (e) =>
        under(e.from, 'handlers') &&
        ['stacks', 'stackset-templates', 'cli', 'local', 'templates'].some((f) => under(e.to, f)),
    );

    expect(bad).toEqual([]);
  });

  it('the contract (names, config schema) depends on nothing else of the project', () => {
    const bad = edges.filter((e) => under(e.from, 'handlers/contract') && !under(e.to, 'handlers/contract'));

    expect(bad).toEqual([]);
  });

  it('only the command line (and its tests) imports cli/', () => {
    const bad = edges.filter((e) => under(e.to, 'cli') && !under(e.from, 'cli') && !under(e.from, 'test'));

    expect(bad).toEqual([]);
  });

  it('the stand-ins do not pull in the CDK stacks, and the stacks do not pull in the stand-ins', () => {
    const bad = edges.filter(
      (e) =>
        (under(e.from, 'local') && ['stacks', 'stackset-templates', 'cli'].some((f) => under(e.to, f))) ||
        (under(e.from, 'stacks') && ['local', 'cli'].some((f) => under(e.to, f))),
    );

    expect(bad).toEqual([]);
  });

  it('has no circle of imports', () => {
    expect(circlesIn(graph)).toEqual([]);
  });

  it('resolves every relative import to a file of the project', () => {
    expect(edges.length).toBeGreaterThan(200);
    const dangling = edges.filter((e) => !existsSync(join(ROOT, e.to)));

    expect(dangling).toEqual([]);
  });
});

/** The folder of `handlers/lib` a file lives in (`(root)` for its top-level files), or undefined outside it. */
const libFolder = (path: string): string | undefined => {
  if (!under(path, 'handlers/lib')) return undefined;
  const parts = path.slice('handlers/lib/'.length).split('/');
  return parts.length > 1 ? parts[0] : '(root)';
};
/** Imports between two different folders of `handlers/lib`, grouped as `from -> to`. */
const folderEdges = new Map<string, string[]>();
for (const e of edges) {
  const [from, to] = [libFolder(e.from), libFolder(e.to)];
  if (!from || !to || from === to) continue;
  folderEdges.set(`${from} -> ${to}`, [
    ...(folderEdges.get(`${from} -> ${to}`) ?? []),
    `${e.from} -> ${e.to}`,
  ]);
}

describe('rooms of handlers/lib: folders import one way', () => {
  it('no two folders import each other (the offending file imports are listed)', () => {
    const both = [...folderEdges]
      .filter(([pair]) => {
        const [from, to] = pair.split(' -> ');
        return folderEdges.has(`${to} -> ${from}`);
      })
      .map(([pair, files]) => `${pair}: ${files.join(', ')}`);

    expect(both).toEqual([]);
  });

  it('has no circle among folders (the top-level files are the bottom layer)', () => {
    const next = new Map<string, string[]>();
    for (const pair of folderEdges.keys()) {
      const [from = '', to = ''] = pair.split(' -> ');
      next.set(from, [...(next.get(from) ?? []), to]);
    }
    const cycles = circlesIn(next).map((circle) => {
      const files = circle.slice(1).map((to, i) => folderEdges.get(`${circle[i]} -> ${to}`)?.join(', '));
      return `${circle.join(' -> ')} (${files.join('; ')})`;
    });

    expect(cycles).toEqual([]);
  });
});

describe('the launches room (fast burn) sits between publisher/governance and alarm/report', () => {
  it('is imported only by alarm/, and imports neither alarm/ nor report/', () => {
    const into = [...folderEdges.keys()].filter((p) => p.endsWith(' -> launches'));
    const out = [...folderEdges.keys()].filter((p) => p.startsWith('launches -> '));

    expect(into).toEqual(['alarm -> launches']);
    expect(out.filter((p) => /-> (alarm|report)$/.test(p))).toEqual([]);
    expect(out.length).toBeGreaterThan(0);
  });
});

describe('the anomalies room (Cost Anomaly Detection) sits beside launches, between publisher/governance and alarm/report', () => {
  it('is imported only by alarm/, and imports neither alarm/, report/ nor launches/', () => {
    const into = [...folderEdges.keys()].filter((p) => p.endsWith(' -> anomalies'));
    const out = [...folderEdges.keys()].filter((p) => p.startsWith('anomalies -> '));

    expect(into).toEqual(['alarm -> anomalies']);
    expect(out.filter((p) => /-> (alarm|report|launches)$/.test(p))).toEqual([]);
    expect(out.length).toBeGreaterThan(0);
  });
});
