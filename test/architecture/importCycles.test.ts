// No import cycle anywhere in src, type-only imports included: each module can be read, tested and
// moved on its own, and the layers (held by eslint.config.mjs) stay layers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findCycles, readImportGraph } from './importGraph';

describe('import graph of src', () => {
  it('has no cycle', () => {
    const graph = readImportGraph('src');
    assert.ok(graph.size > 50, `read ${graph.size} files`);
    assert.ok(
      [...graph.values()].some((targets) => targets.includes('src/core/transport/httpMessages.ts')),
      'type-only imports are in the graph',
    );
    assert.deepEqual(findCycles(graph), []);
  });

  it('finds a cycle, a cycle through type imports and a module importing itself', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    assert.deepEqual(findCycles(graph), [['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
  });
});
