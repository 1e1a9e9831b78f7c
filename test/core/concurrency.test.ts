import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { mapSettledBounded } from '../../src/core/concurrency';

describe('mapSettledBounded', () => {
  it('never runs more than the limit at once and keeps results in input order', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapSettledBounded([30, 5, 20, 1, 10, 2], 3, async (ms, index) => {
      running++;
      peak = Math.max(peak, running);
      await delay(ms);
      running--;
      return index * 10;
    });
    assert.equal(peak, 3);
    assert.deepEqual(
      results.map((r) => r.status === 'fulfilled' && r.value),
      [0, 10, 20, 30, 40, 50],
    );
  });

  it('settles every item: one failure does not stop the others', async () => {
    const results = await mapSettledBounded(['a', 'down', 'c'], 2, async (name) => {
      if (name === 'down') throw new Error('unreachable');
      return name.toUpperCase();
    });
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      ['A', 'unreachable', 'C'],
    );
  });

  it('handles an empty list', async () => {
    assert.deepEqual(await mapSettledBounded([], 4, async () => 1), []);
  });
});
