// The identity-provider family: the decoders on the vendor's answers and on what a broken server
// sends, the group-name rule, and the client against the simulator over real HTTP on loopback
// (listed, found, not found, a plain user, an old version, hostile ids, a 2xx add that does not show).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KantegaClient } from '../../../src/core/api/client';
import type { DecodeContext } from '../../../src/core/api/decode';
import {
  decodeIdentityProviders,
  decodeManagedGroups,
  managedGroupNameProblem,
  MAX_MANAGED_GROUP_NAME_LENGTH,
  sortedGroupNames,
} from '../../../src/core/api/identityProviders';
import { KantegaError } from '../../../src/core/errors';
import { HOSTILE, SEEDED_IDPS, startSimulator, type Simulator } from '../../simulator';
import { documentedIdentityProviders, documentedManagedGroups } from '../answers';
import { rejectsWith } from '../rejects';

const ctx: DecodeContext = { operation: 'list the identity providers', receivedAt: 0 };
const [ADFS, OKTA] = SEEDED_IDPS;
const IDP_PATH = '/rest/ksso/api/idp/1.0/';

describe('decodeIdentityProviders', () => {
  it("decodes the vendor's example", () => {
    assert.deepEqual(decodeIdentityProviders(documentedIdentityProviders, ctx), documentedIdentityProviders);
  });

  it('keeps ids as text, names the unnamed by their id, and counts what it left out', () => {
    let skipped = 0;
    const providers = decodeIdentityProviders(
      [{ id: 7, name: '' }, { id: 'a', name: '  ' }, { id: 'a', name: 'Again' }, { name: 'no id' }, 'x', null],
      { ...ctx, onSkipped: (n) => (skipped += n) },
    );
    assert.deepEqual(providers, [
      { id: '7', name: '7' },
      { id: 'a', name: 'a' },
    ]);
    assert.equal(skipped, 4);
  });

  it('refuses a body that is not a list, naming the operation', () => {
    assert.throws(
      () => decodeIdentityProviders({ id: 'a' }, ctx),
      (e: unknown) =>
        e instanceof KantegaError &&
        e.kind === 'badResponse' &&
        e.message.startsWith('Could not list the identity providers: the server'),
    );
  });
});

describe('decodeManagedGroups', () => {
  it("decodes the vendor's example", () => {
    assert.deepEqual(decodeManagedGroups(documentedManagedGroups, ctx), documentedManagedGroups);
  });

  it('100,000 entries, repeats and non-strings: names kept, the unusable counted; shown once each, sorted', () => {
    const raw: unknown[] = [];
    for (let i = 0; i < 100_000; i++) {
      if (i % 10 === 0) raw.push(i % 20 === 0 ? null : { name: `g${i}` });
      else raw.push(`group-${String(i % 50_000).padStart(5, '0')}`);
    }
    let skipped = 0;
    const groups = decodeManagedGroups(raw, { ...ctx, onSkipped: (n) => (skipped += n) });
    assert.equal(skipped, 10_000);
    assert.equal(groups.length, 90_000);
    const shown = sortedGroupNames(groups);
    assert.equal(shown.length, 45_000);
    assert.deepEqual(shown.slice(0, 2), ['group-00001', 'group-00002']);
    assert.ok(shown.every((g, i) => i === 0 || shown[i - 1] < g));
  });
});

describe('managedGroupNameProblem', () => {
  it('accepts an Atlassian group name, trimmed', () => {
    assert.equal(managedGroupNameProblem('  jira-software-users '), undefined);
    assert.equal(managedGroupNameProblem('Ärzte & Pflege (SSO)'), undefined);
    assert.equal(managedGroupNameProblem('x'.repeat(MAX_MANAGED_GROUP_NAME_LENGTH)), undefined);
  });

  it('names what is wrong', () => {
    assert.equal(managedGroupNameProblem(''), 'blank');
    assert.equal(managedGroupNameProblem(' \u200b\t'), 'blank');
    assert.equal(managedGroupNameProblem('x'.repeat(MAX_MANAGED_GROUP_NAME_LENGTH + 1)), 'tooLong');
    assert.equal(managedGroupNameProblem('a/b'), 'pathCharacters');
    assert.equal(managedGroupNameProblem('a\\b'), 'pathCharacters');
    assert.equal(managedGroupNameProblem('..'), 'pathCharacters');
    assert.equal(managedGroupNameProblem('jira\nadmins'), 'controlCharacters');
    assert.equal(managedGroupNameProblem('admins\u202Esresu'), 'controlCharacters');
    assert.equal(managedGroupNameProblem('jira\u200busers'), 'controlCharacters');
  });
});

describe('the client and the identity-provider family', () => {
  let sim: Simulator;
  const clients: KantegaClient[] = [];
  const clientOf = (target: Simulator, username = 'admin', secret = 'admin') => {
    const client = new KantegaClient({
      baseUrl: target.baseUrl,
      credential: { kind: 'password', username, secret },
      network: { maxRetryDelayMs: 50 },
    });
    clients.push(client);
    return client;
  };
  const idpRequests = (target: Simulator) =>
    target.requests.filter((r) => r.path.includes(IDP_PATH)).map((r) => `${r.method} ${r.path}`);

  before(async () => {
    sim = await startSimulator({ hostile: true });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sim.close();
  });

  it('lists the identity providers and their managed groups in server order', async () => {
    const client = clientOf(sim);
    const providers = await client.listIdentityProviders();
    assert.deepEqual(
      providers.slice(0, 2),
      SEEDED_IDPS.map(({ id, name }) => ({ id, name })),
    );
    assert.deepEqual(await client.listManagedGroups(ADFS.id), ADFS.managedGroups);
  });

  it('checks one group: managed, not managed', async () => {
    const client = clientOf(sim);
    assert.equal(await client.isManagedGroup(OKTA.id, OKTA.managedGroups[0]), true);
    assert.equal(await client.isManagedGroup(OKTA.id, 'nobody-manages-this'), false);
  });

  it('a plain user: "needs a system administrator", not a refused credential', async () => {
    const client = clientOf(sim, 'john.doe', 'john');
    for (const call of [
      () => client.listIdentityProviders(),
      () => client.listManagedGroups(ADFS.id),
      () => client.addManagedGroup(ADFS.id, 'x'),
    ]) {
      await rejectsWith(call(), 'forbidden', /system administrator/);
    }
  });

  it('an old version: "not offered by this version", on 5.7.0 and with the family switched off', async () => {
    const old = await startSimulator({ version: '5.7.0' });
    const off = await startSimulator({ idpApi: false });
    try {
      for (const target of [old, off]) {
        await rejectsWith(
          clientOf(target).listIdentityProviders(),
          'notOffered',
          /this Kantega SSO version does not offer identity providers \(HTTP 404\)/,
        );
      }
    } finally {
      await Promise.all([old.close(), off.close()]);
    }
  });

  it('hostile ids: the listed ones are shown as listed, the unsafe ones refused without sending', async () => {
    const client = clientOf(sim);
    const providers = await client.listIdentityProviders();
    for (const id of ['..', 'a/b'])
      assert.ok(
        providers.some((p) => p.id === id),
        id,
      );
    const before = idpRequests(sim).length;
    for (const id of ['..', '.', 'a/b', 'a\\b', 'x\u0000y', '']) {
      await rejectsWith(client.listManagedGroups(id), 'invalidInput', /cannot be used in a request.*Nothing was sent/);
      await rejectsWith(client.addManagedGroup(id, 'g'), 'invalidInput', /Nothing was sent/);
    }
    await rejectsWith(client.isManagedGroup(ADFS.id, '../x'), 'invalidInput', /group name/);
    assert.equal(idpRequests(sim).length, before, 'nothing reached the server');
    // Ids that are safe but need encoding reach their own IdP, not another resource.
    for (const id of ['%2E%2E', 'a?b#c']) assert.deepEqual(await client.listManagedGroups(id), ['sso-users']);
    assert.equal(
      (await client.listManagedGroups(HOSTILE.idpIds[3])).length,
      1,
      'the query and fragment characters stayed in the path segment',
    );
  });

  it('adds a group and finds it listed', async () => {
    const client = clientOf(sim);
    const added = await client.addManagedGroup(OKTA.id, 'release-managers');
    assert.deepEqual(added, { listed: true, status: 204, answer: '' });
    assert.ok(
      sim
        .idps()
        .find((p) => p.id === OKTA.id)
        ?.managedGroups.includes('release-managers'),
    );
    assert.deepEqual(idpRequests(sim).slice(-2), [
      `POST ${new URL(sim.baseUrl).pathname.replace(/\/$/, '')}${IDP_PATH}managedgroups/${OKTA.id}/groups/release-managers`,
      `GET ${new URL(sim.baseUrl).pathname.replace(/\/$/, '')}${IDP_PATH}managedgroups/${OKTA.id}/groups`,
    ]);
  });

  it('a 2xx add that does not show: listed false, with the status', async () => {
    const client = clientOf(sim);
    sim.state.idpAddIgnored = [ADFS.id];
    try {
      const added = await client.addManagedGroup(ADFS.id, 'ghost-group');
      assert.equal(added.listed, false);
      assert.equal(added.status, 204);
      assert.equal(await client.isManagedGroup(ADFS.id, 'ghost-group'), false);
    } finally {
      sim.state.idpAddIgnored = undefined;
    }
  });

  it('an add the version does not offer: notOffered, and no other path tried', async () => {
    const off = await startSimulator({ idpApi: false });
    try {
      await rejectsWith(clientOf(off).addManagedGroup(ADFS.id, 'x'), 'notOffered', /does not offer adding/);
      assert.deepEqual(
        idpRequests(off).map((r) => r.split(' ')[0]),
        ['POST'],
      );
    } finally {
      await off.close();
    }
  });
});
