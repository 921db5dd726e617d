/**
 * One direction of imports: the source's modules (static and dynamic imports; `import type`
 * costs nothing at run time and is left out) form no circle, and the analysis — which
 * defines what a listener is — imports neither the learned listener nor the choice of one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(fileURLToPath(import.meta.url));
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []));
}

/** Each module's run-time imports of other modules of the source, by path relative to src/. */
export function importGraph(root = ROOT): Map<string, Set<string>> {
  const files = new Set(sources(root).map((f) => relative(root, f)));
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    const deps = new Set<string>();
    for (const m of text.matchAll(IMPORT)) {
      if (m[1]) continue; // import type
      const spec = m[2] ?? m[3]!;
      const target = normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts');
      if (files.has(target)) deps.add(target);
    }
    graph.set(file, deps);
  }
  return graph;
}

/** A circle of imports (its modules in order), or null. */
export function findCircle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...path.slice(path.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    if (state.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return null;
}

test('the imports run one way: no circle', () => {
  assert.deepEqual(findCircle(importGraph()), null);
  // The check itself sees a circle when there is one.
  assert.deepEqual(findCircle(new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])]])), ['a', 'b', 'c', 'a']);
});

test('the analysis defines what a listener is and imports no listener; the choice of one is made above both', () => {
  const graph = importGraph();
  for (const [file, deps] of graph) {
    if (!file.startsWith('analysis/')) continue;
    const upward = [...deps].filter((d) => d.startsWith('listener/') || d.startsWith('listen/'));
    assert.deepEqual(upward, [], `${file} imports ${upward.join(', ')}`);
  }
  assert.ok(graph.get('listen/analyse.ts')!.has('listener/open.ts') && graph.get('listen/analyse.ts')!.has('analysis/analyse.ts'));
});

test("the band's knowledge stays in its representation: no module outside it branches on the score type", () => {
  const BRANCH = /\.type\s*[!=]==\s*'score'/;
  const outside = sources(ROOT)
    .map((f) => relative(ROOT, f))
    .filter((f) => !f.startsWith(join('model', 'representation')))
    .filter((f) => BRANCH.test(readFileSync(join(ROOT, f), 'utf8')));
  assert.deepEqual(outside, [], 'ask representation/band-facts.ts instead');
});
