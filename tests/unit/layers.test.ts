// The folders of src/lib import each other one way only: no cycle between folders (storage once
// imported the pipeline's records while the pipeline imported storage).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const LIB = fileURLToPath(new URL('../../src/lib', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.ts$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** Folder under lib/ → the lib folders it imports from (type-only imports included). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const folderOf = (path: string) => relative(LIB, path).split('/')[0];
  for (const file of files(LIB)) {
    const from = folderOf(file);
    const edges = graph.get(from) ?? graph.set(from, new Set()).get(from)!;
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
      const target = relative(LIB, resolve(dirname(file), spec));
      if (target.startsWith('..')) continue;
      const to = target.split('/')[0];
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

/** Every cycle's folders, as a path that returns to its start. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const visit = (node: string, path: string[]) => {
    for (const next of graph.get(node) ?? []) {
      if (next === path[0]) found.push([...path, next]);
      else if (!path.includes(next) && next > path[0]) visit(next, [...path, next]);
    }
  };
  for (const start of graph.keys()) visit(start, [start]);
  return found;
}

describe('lib/ layers', () => {
  it('has no import cycle between folders', () => {
    const graph = folderGraph();
    expect(graph.get('pipeline')).toBeDefined();
    expect(cycles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const graph = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])], ['d', new Set(['a'])]]);
    expect(cycles(graph).map((c) => c.join(' -> '))).toEqual(['a -> b -> c -> a']);
  });
});
