// A fleet operation takes turns per host and runs hosts in parallel; cancelling starts nothing new.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KantegaError } from '../../../src/core/errors';
import { isWorthRetrying, runOnePerKey } from '../../../src/core/fleet/runOnePerKey';

describe('runOnePerKey', () => {
  it('runs one task at a time per key and keys in parallel, keeping the order of the items', async () => {
    const running = new Map<string, number>();
    let peakPerKey = 0;
    let peakOverall = 0;
    const items = ['a1', 'b1', 'a2', 'c1', 'b2', 'a3'];
    const outcomes = await runOnePerKey(
      items,
      (item) => item[0],
      async (item) => {
        running.set(item[0], (running.get(item[0]) ?? 0) + 1);
        peakPerKey = Math.max(peakPerKey, ...running.values());
        peakOverall = Math.max(
          peakOverall,
          [...running.values()].reduce((a, b) => a + b, 0),
        );
        await new Promise((resolve) => setTimeout(resolve, 5));
        running.set(item[0], (running.get(item[0]) ?? 0) - 1);
        if (item === 'b1') throw new Error('b1 failed');
        return item.toUpperCase();
      },
      {},
    );
    assert.equal(peakPerKey, 1);
    assert.equal(peakOverall, 3);
    assert.deepEqual(
      outcomes.map((o) => (o.status === 'done' ? o.value : o.status)),
      ['A1', 'failed', 'A2', 'C1', 'B2', 'A3'],
    );
  });

  it('does not start what had not started when cancelled', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const outcomes = await runOnePerKey(
      ['a1', 'a2', 'a3'],
      () => 'a',
      async (item) => {
        started.push(item);
        controller.abort();
        return item;
      },
      { signal: controller.signal },
    );
    assert.deepEqual(started, ['a1']);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['done', 'notStarted', 'notStarted'],
    );
  });
});

describe('isWorthRetrying', () => {
  it('retries what failed or never started, never what was done or may have happened', () => {
    const failed = (error: unknown) => ({ status: 'failed', error }) as const;
    assert.equal(isWorthRetrying({ status: 'notStarted' }), true);
    assert.equal(isWorthRetrying(failed(new KantegaError('serverError', 'HTTP 503'))), true);
    assert.equal(isWorthRetrying(failed(new Error('refused'))), true);
    assert.equal(isWorthRetrying(failed(new KantegaError('outcomeUnknown', 'timed out after sending'))), false);
    assert.equal(isWorthRetrying({ status: 'done', value: 1 }), false);
  });
});
