// Adding a managed group the safe way, against the simulator over loopback: the safety snapshot is
// taken (and seen listed) before the add is sent, nothing is added when it is not, nothing is taken
// for a group already managed, and the snapshot's description names group and IdP on one line.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { KantegaClient } from '../../../src/core/api/client';
import {
  addManagedGroupSafely,
  managedGroupCheck,
  managedGroupSnapshotDescription,
} from '../../../src/core/api/managedGroupChange';
import { SEEDED_IDPS, startSimulator, type Simulator } from '../../simulator';
import { rejectsWith } from '../rejects';

for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'])
  delete process.env[name];

const [ADFS, OKTA] = SEEDED_IDPS;

describe('addManagedGroupSafely', () => {
  let sim: Simulator;
  let client: KantegaClient;
  /** What the server was asked, in order, shortened: "POST snapshot", "POST group", "GET groups"… */
  const calls = () =>
    sim.requests.map((r) => {
      const kind = r.path.includes('/config/snapshot/')
        ? 'snapshot'
        : /\/groups\/[^/]+$/.test(r.path.split('?')[0])
          ? 'group'
          : r.path.includes('/groups')
            ? 'groups'
            : r.path;
      return `${r.method} ${kind}`;
    });

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
  beforeEach(() => {
    sim.clearFaults();
    sim.requests.length = 0;
  });

  it('takes the safety snapshot, sees it listed, then adds and lists again', async () => {
    const change = await addManagedGroupSafely(client, {
      idpId: OKTA.id,
      idpName: OKTA.name,
      group: 'release-managers',
      safetySnapshot: true,
    });
    assert.equal(change.alreadyManaged, false);
    assert.ok(!change.alreadyManaged && change.listed && change.snapshot);
    assert.equal(change.snapshot.description, 'Before adding managed group release-managers to Okta');
    assert.deepEqual(calls(), [
      'GET group',
      'GET snapshot',
      'POST snapshot',
      'GET snapshot',
      'POST group',
      'GET groups',
    ]);
    // The snapshot holds the configuration from before: restoring it takes the group away again.
    const taken = sim.state.snapshots.find((s) => s.id === change.snapshot?.id);
    assert.ok(taken);
    await client.restoreSnapshot(taken.id);
    assert.equal(await client.isManagedGroup(OKTA.id, 'release-managers'), false);
  });

  it('adds nothing when the safety snapshot does not show', async () => {
    sim.inject({ type: 'rawBody', status: 204, body: '' }, { method: 'POST', pathIncludes: 'config/snapshot/' });
    await rejectsWith(
      addManagedGroupSafely(client, { idpId: ADFS.id, idpName: ADFS.name, group: 'g1', safetySnapshot: true }),
      'badResponse',
      /safety snapshot.*does not show.*Nothing was added/,
    );
    assert.ok(!calls().includes('POST group'));
    assert.equal(sim.state.managedGroupAdds.filter((a) => a.group === 'g1').length, 0);
  });

  it('adds nothing when the safety snapshot fails', async () => {
    sim.inject({ type: 'status', status: 500 }, { method: 'POST', pathIncludes: 'config/snapshot/' });
    await assert.rejects(
      addManagedGroupSafely(client, { idpId: ADFS.id, idpName: ADFS.name, group: 'g2', safetySnapshot: true }),
    );
    assert.ok(!calls().includes('POST group'));
  });

  it('takes no snapshot and sends no add for a group already managed', async () => {
    const change = await addManagedGroupSafely(client, {
      idpId: ADFS.id,
      idpName: ADFS.name,
      group: ADFS.managedGroups[0],
      safetySnapshot: true,
    });
    assert.deepEqual(change, { alreadyManaged: true });
    assert.deepEqual(calls(), ['GET group']);
  });

  /** The single-group resource answers as one no plugin serves (Jersey's 404), as where a version dropped it. */
  const checkResourceGone = () => {
    const uri = `${sim.baseUrl}/rest/ksso/api/idp/1.0/managedgroups/x/groups/y`;
    const body = `{"message":"null for uri: ${uri}","status-code":404}`;
    sim.inject(
      { type: 'status', status: 404, contentType: 'application/json', body },
      { method: 'GET', pathIncludes: '/groups/' },
    );
  };

  it("where the check resource is gone (Jersey's 404), the list decides, and the add goes on", async () => {
    checkResourceGone();
    await rejectsWith(
      client.isManagedGroup(ADFS.id, 'anything'),
      'notOffered',
      /does not offer checking a managed group/,
    );
    const already = await addManagedGroupSafely(client, {
      idpId: OKTA.id,
      idpName: OKTA.name,
      group: OKTA.managedGroups[1],
      safetySnapshot: false,
    });
    assert.deepEqual(already, { alreadyManaged: true });
    const change = await addManagedGroupSafely(client, {
      idpId: OKTA.id,
      idpName: OKTA.name,
      group: 'after-the-list',
      safetySnapshot: false,
    });
    assert.ok(!change.alreadyManaged && change.listed);
  });

  it('managedGroupCheck: where the check resource is gone, it is asked once, then the lists answer', async () => {
    checkResourceGone();
    const isManaged = managedGroupCheck(client);
    assert.equal(await isManaged(ADFS.id, ADFS.managedGroups[0]), true);
    assert.equal(await isManaged(OKTA.id, 'nobody-manages-this'), false);
    assert.equal(await isManaged(OKTA.id, OKTA.managedGroups[0]), true);
    assert.deepEqual(calls(), ['GET group', 'GET groups', 'GET groups', 'GET groups']);
  });

  it('without the safety snapshot setting: straight to the add', async () => {
    const change = await addManagedGroupSafely(client, {
      idpId: ADFS.id,
      idpName: ADFS.name,
      group: 'no-snapshot-group',
      safetySnapshot: false,
    });
    assert.ok(!change.alreadyManaged && change.listed && !change.snapshot);
    assert.deepEqual(calls(), ['GET group', 'POST group', 'GET groups']);
  });
});

describe('managedGroupSnapshotDescription', () => {
  it('is one trimmed line without control or bidi characters, and short enough for a URL', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ maxLength: 300 }), (idp, group) => {
        const description = managedGroupSnapshotDescription(idp, group);
        assert.ok(description.startsWith('Before adding managed group'));
        assert.equal(description, description.replace(/\s+/g, ' '));
        // eslint-disable-next-line no-control-regex -- what must not be there
        assert.doesNotMatch(description, /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
        assert.ok(description.length <= 'Before adding managed group  to '.length + 200);
      }),
      { seed: 20261202, numRuns: 300 },
    );
  });
});
