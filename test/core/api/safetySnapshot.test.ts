// The safety snapshot before a restore, against the simulator over loopback: found by the id the
// server answers with, else by the trimmed description the client sent (Kantega SSO answers the
// take with no body), and not found when the server took none.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { KantegaClient } from '../../../src/core/api/client';
import { safetySnapshotDescription, takeAndFindSnapshot } from '../../../src/core/api/safetySnapshot';
import { startSimulator, type Simulator } from '../../simulator';

for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'])
  delete process.env[name];

describe('takeAndFindSnapshot', () => {
  let sim: Simulator;
  let client: KantegaClient;

  before(async () => {
    sim = await startSimulator();
    client = new KantegaClient({
      baseUrl: sim.baseUrl,
      credential: { kind: 'password', username: 'admin', secret: 'admin' },
    });
  });

  after(async () => {
    await client.close();
    await sim.close();
  });

  beforeEach(() => sim.clearFaults());

  /** Kantega SSO answers a take with no body: here the simulator's answer loses the id that names it. */
  const answerWithoutId = () =>
    sim.inject({ type: 'dropField', field: 'id' }, { method: 'POST', pathIncludes: 'config/snapshot/?description' });

  it('finds the snapshot by the trimmed description when the server does not name it', async () => {
    answerWithoutId();
    const count = sim.state.snapshots.length;
    // The description of a snapshot ending in spaces, as "Before restore of <it>" was built before.
    const found = await takeAndFindSnapshot(client, 'Before restore of nightly   ');
    assert.equal(sim.state.snapshots.length, count + 1, 'one snapshot taken');
    const taken = sim.state.snapshots[sim.state.snapshots.length - 1];
    assert.equal(taken.description, 'Before restore of nightly', 'the client sends it trimmed');
    assert.equal(found?.id, taken.id);
    const takes = sim.requests.filter((r) => r.method === 'POST');
    assert.equal(takes.length, 1, 'taken once');
  });

  it('finds it by the id the server answers with, not an older one described alike', async () => {
    await client.takeSnapshot('Before restore of weekly');
    const older = sim.state.snapshots[sim.state.snapshots.length - 1];
    const found = await takeAndFindSnapshot(client, 'Before restore of weekly');
    const newer = sim.state.snapshots[sim.state.snapshots.length - 1];
    assert.notEqual(newer.id, older.id);
    assert.equal(found?.id, newer.id);
  });

  it('finds none when the server answers "taken" but took nothing', async () => {
    sim.inject({ type: 'rawBody', status: 204, body: '' }, { method: 'POST', pathIncludes: 'config/snapshot/' });
    const count = sim.state.snapshots.length;
    assert.equal(await takeAndFindSnapshot(client, 'Before restore of monthly'), undefined);
    assert.equal(sim.state.snapshots.length, count, 'nothing was taken');
  });

  it('finds none among the snapshots that were there before, even with that description', async () => {
    await client.takeSnapshot('Before restore of yearly');
    sim.inject({ type: 'rawBody', status: 204, body: '' }, { method: 'POST', pathIncludes: 'config/snapshot/' });
    assert.equal(await takeAndFindSnapshot(client, 'Before restore of yearly'), undefined);
  });
});

describe('safetySnapshotDescription', () => {
  it('names the snapshot about to be restored on one line, without the spaces around it', () => {
    assert.equal(safetySnapshotDescription({ description: '  nightly \n build  ' }), 'Before restore of nightly build');
    const long = safetySnapshotDescription({ description: 'x'.repeat(10_000) });
    assert.ok(long.length <= 'Before restore of '.length + 200, `${long.length} characters`);
  });

  it('is one trimmed line without control or bidi characters, whatever the server described', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ maxLength: 50 }), (a, b) => {
        const description = safetySnapshotDescription({ description: a + b });
        assert.ok(description.startsWith('Before restore of'));
        assert.equal(description, description.trim());
        // eslint-disable-next-line no-control-regex -- what must not be there
        assert.doesNotMatch(description, /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
        assert.ok(description.length <= 'Before restore of '.length + 200);
      }),
      { seed: 20261124, numRuns: 300 },
    );
  });
});
