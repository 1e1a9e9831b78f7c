// The identity-provider family (ksso/api/idp/1.0) over real HTTP: listing IdPs and managed groups,
// adding a group (204, 409, 404, 400, XSRF), 401 for non-sysadmins, 404 where the family does not
// exist, the silent no-op quirk, snapshots that undo an add, volumes, hostile data and the cluster.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { HOSTILE, SEEDED_IDPS, seedVolume, startCluster, startSimulator, type Simulator } from './index';
import { ADMIN, JANE, JOHN, SNAPSHOTS, TOKENS_3, asArray, asRecord, call, startCli, type Answer } from './testkit';

const IDP = '/rest/ksso/api/idp/1.0';
const IDS = `${IDP}/idp/ids`;
const ADFS = '1ncq3jsPC74BGuNnfZPl';
const OKTA = 'okta-0oa1b2c3';
const groupsPath = (idpId: string) => `${IDP}/managedgroups/${encodeURIComponent(idpId)}/groups`;
const groupPath = (idpId: string, group: string) => `${groupsPath(idpId)}/${encodeURIComponent(group)}`;

/** Every call of the family, for the "answers X everywhere" checks. */
const everyCall = (idpId: string, group: string): Array<[string, string]> => [
  ['GET', IDS],
  ['GET', groupsPath(idpId)],
  ['GET', groupPath(idpId, group)],
  ['POST', groupPath(idpId, group)],
];

const groupsOf = async (sim: Simulator, idpId: string): Promise<unknown[]> => {
  const answer = await call(sim, 'GET', groupsPath(idpId), { auth: ADMIN });
  assert.equal(answer.status, 200, answer.text);
  assert.ok(Array.isArray(answer.json), answer.text);
  return answer.json;
};

const message = (answer: Answer) => String(asRecord(answer.json).message);

/** GET with the path sent exactly as given (fetch would resolve `..` and `%2E%2E` segments first). */
function rawGet(sim: Simulator, path: string): Promise<number> {
  const url = new URL(sim.baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: `${url.pathname}${path}`, headers: { authorization: ADMIN } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

describe('simulator identity providers', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('lists the seeded IdPs as {id, name}, active and inactive', async () => {
    const answer = await call(sim, 'GET', IDS, { auth: ADMIN });
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(answer.json, [
      { id: ADFS, name: 'AD FS' },
      { id: OKTA, name: 'Okta' },
    ]);
    assert.deepEqual(
      sim.idps().map((idp) => idp.id),
      SEEDED_IDPS.map((idp) => idp.id),
    );
    const id = sim.addIdp('Azure AD (retired)', undefined, { enabled: false });
    assert.match(id, /^[A-Za-z0-9]{20}$/);
    const listed = asArray((await call(sim, 'GET', `${IDS}/`, { auth: ADMIN })).json);
    assert.deepEqual(listed.at(-1), { id, name: 'Azure AD (retired)' });
    assert.equal(sim.idps().at(-1)?.enabled, false);
    assert.throws(() => sim.addIdp('Again', id), /already has an identity provider/);
  });

  it('lists managed groups as a bare array in the order they were added, and 404 for an unknown IdP', async () => {
    assert.deepEqual(await groupsOf(sim, ADFS), [
      'jira-administrators-sso',
      'jira-software-users-sso',
      'confluence-users-sso',
    ]);
    const unknown = await call(sim, 'GET', groupsPath('no-such-idp'), { auth: ADMIN });
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.json, { message: 'Identity provider with id no-such-idp not found', 'status-code': 404 });
  });

  it('answers 204 with no body for a managed group, 404 for another group or an unknown IdP', async () => {
    const managed = await call(sim, 'GET', groupPath(ADFS, 'jira-software-users-sso'), { auth: ADMIN });
    assert.equal(managed.status, 204);
    assert.equal(managed.text, '');
    assert.equal(managed.headers.get('content-type'), null);
    const other = await call(sim, 'GET', groupPath(ADFS, 'jira-users'), { auth: ADMIN });
    assert.equal(other.status, 404);
    assert.equal(asRecord(other.json)['status-code'], 404);
    assert.equal((await call(sim, 'GET', groupPath('no-such-idp', 'jira-users'), { auth: ADMIN })).status, 404);
    // Managed in another IdP only.
    assert.equal((await call(sim, 'GET', groupPath(OKTA, 'jira-software-users-sso'), { auth: ADMIN })).status, 404);
  });

  it('adds a group with 204, lists it last and logs the add', async () => {
    const before = sim.state.managedGroupAdds.length;
    const added = await call(sim, 'POST', groupPath(OKTA, 'jira-release-managers'), { auth: ADMIN });
    assert.equal(added.status, 204);
    assert.equal(added.text, '');
    assert.deepEqual(await groupsOf(sim, OKTA), [
      'jira-servicedesk-agents-sso',
      'contractors-sso',
      'jira-release-managers',
    ]);
    assert.equal((await call(sim, 'GET', groupPath(OKTA, 'jira-release-managers'), { auth: ADMIN })).status, 204);
    const log = sim.state.managedGroupAdds.slice(before);
    assert.equal(log.length, 1);
    assert.deepEqual({ ...log[0], at: 0 }, { idpId: OKTA, group: 'jira-release-managers', at: 0, applied: true });
    assert.ok(Math.abs(log[0].at - Date.now()) < 5_000);
  });

  it('refuses a group already managed (409), an unknown IdP (404) and blank names (400)', async () => {
    const count = (await groupsOf(sim, ADFS)).length;
    const adds = sim.state.managedGroupAdds.length;
    const duplicate = await call(sim, 'POST', groupPath(ADFS, 'confluence-users-sso'), { auth: ADMIN });
    assert.equal(duplicate.status, 409);
    assert.match(message(duplicate), /confluence-users-sso is already a managed group/);
    assert.equal((await call(sim, 'POST', groupPath('no-such-idp', 'x'), { auth: ADMIN })).status, 404);
    const blank = await call(sim, 'POST', groupPath(ADFS, ' '), { auth: ADMIN });
    assert.equal(blank.status, 400);
    assert.match(message(blank), /must not be empty/);
    assert.equal((await call(sim, 'POST', groupPath(' ', 'x'), { auth: ADMIN })).status, 400);
    // An empty name cannot be put in the path: `groups/` is the list resource, which has no POST.
    assert.equal((await call(sim, 'POST', `${groupsPath(ADFS)}/`, { auth: ADMIN })).status, 405);
    assert.equal((await groupsOf(sim, ADFS)).length, count);
    assert.equal(sim.state.managedGroupAdds.length, adds, 'refused adds are not logged');
  });

  it('a name differing in case only is another group (exact match)', async () => {
    assert.equal((await call(sim, 'POST', groupPath(ADFS, 'Confluence-Users-SSO'), { auth: ADMIN })).status, 204);
    assert.equal((await call(sim, 'GET', groupPath(ADFS, 'CONFLUENCE-USERS-SSO'), { auth: ADMIN })).status, 404);
  });

  it('needs the XSRF header (or a JSON content type) to add', async () => {
    const count = (await groupsOf(sim, ADFS)).length;
    const refused = await call(sim, 'POST', groupPath(ADFS, 'no-xsrf'), { auth: ADMIN, noCheck: false });
    assert.equal(refused.status, 403);
    assert.equal(refused.text, 'XSRF check failed');
    assert.equal((await groupsOf(sim, ADFS)).length, count);
    const json = await call(sim, 'POST', groupPath(ADFS, 'json-typed'), {
      auth: ADMIN,
      noCheck: false,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(json.status, 204);
  });

  it('takes group names with spaces, unicode, plus signs and an encoded slash', async () => {
    const names = ['Økonomi – R&D', 'SG Customer Support', 'team+1', 'ops/platform', '日本語グループ', '100%'];
    for (const name of names) {
      assert.equal((await call(sim, 'POST', groupPath(OKTA, name), { auth: ADMIN })).status, 204, name);
      assert.equal((await call(sim, 'GET', groupPath(OKTA, name), { auth: ADMIN })).status, 204, name);
    }
    assert.deepEqual((await groupsOf(sim, OKTA)).slice(-names.length), names);
    assert.ok(
      sim.requests.some((r) => r.path.includes('ops%2Fplatform')),
      'sent with %2F',
    );
  });

  it('addresses IdPs whose ids need encoding; setManagedGroups replaces a list as given', async () => {
    const id = 'a/b?c#d é+';
    assert.equal(sim.addIdp('Odd id', id), id);
    sim.setManagedGroups(id, ['one', 'two', 'one']);
    assert.deepEqual(await groupsOf(sim, id), ['one', 'two', 'one']);
    assert.equal((await call(sim, 'POST', groupPath(id, 'three'), { auth: ADMIN })).status, 204);
    assert.deepEqual(sim.idps().find((idp) => idp.id === id)?.managedGroups, ['one', 'two', 'one', 'three']);
    assert.throws(() => sim.setManagedGroups('no-such-idp', []), /no identity provider/);
  });

  it('answers 401 with a JSON body to users who are not system administrators, on every call', async () => {
    const count = (await groupsOf(sim, ADFS)).length;
    for (const auth of [JOHN, JANE]) {
      for (const [method, path] of everyCall(ADFS, 'jira-software-users-sso')) {
        const answer = await call(sim, method, path, { auth });
        assert.equal(answer.status, 401, `${method} ${path}`);
        assert.deepEqual(answer.json, {
          message: 'Client must be authenticated as a system administrator to access this resource.',
          'status-code': 401,
        });
        // Unlike a failed sign-in: no challenge, no Seraph login reason.
        assert.equal(answer.headers.get('www-authenticate'), null);
        assert.equal(answer.headers.get('x-seraph-loginreason'), null);
      }
    }
    assert.equal((await groupsOf(sim, ADFS)).length, count);
    // Without credentials it is the usual Seraph 401 with its challenge.
    const anonymous = await call(sim, 'GET', IDS);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Basic/);
    // The token family keeps its 403 for plain users.
    assert.equal((await call(sim, 'GET', `${TOKENS_3}/admin/tokens`, { auth: JOHN })).status, 403);
  });

  it('idpAddIgnored: the add answers 204 but the group does not show (per IdP or for all)', async () => {
    sim.state.idpAddIgnored = true;
    try {
      const answer = await call(sim, 'POST', groupPath(ADFS, 'swallowed'), { auth: ADMIN });
      assert.equal(answer.status, 204);
      assert.ok(!(await groupsOf(sim, ADFS)).includes('swallowed'));
      assert.equal((await call(sim, 'GET', groupPath(ADFS, 'swallowed'), { auth: ADMIN })).status, 404);
      assert.deepEqual(
        { ...sim.state.managedGroupAdds.at(-1), at: 0 },
        { idpId: ADFS, group: 'swallowed', at: 0, applied: false },
      );
      // The checks still run.
      assert.equal((await call(sim, 'POST', groupPath(ADFS, 'jira-administrators-sso'), { auth: ADMIN })).status, 409);
      sim.state.idpAddIgnored = [OKTA];
      assert.equal((await call(sim, 'POST', groupPath(OKTA, 'okta-swallowed'), { auth: ADMIN })).status, 204);
      assert.equal((await call(sim, 'POST', groupPath(ADFS, 'adfs-kept'), { auth: ADMIN })).status, 204);
      assert.ok(!(await groupsOf(sim, OKTA)).includes('okta-swallowed'));
      assert.ok((await groupsOf(sim, ADFS)).includes('adfs-kept'));
    } finally {
      sim.state.idpAddIgnored = undefined;
    }
  });

  it('a snapshot taken before an add is its undo: restore removes the group', async () => {
    const before = await groupsOf(sim, ADFS);
    const from = sim.requests.length;
    const taken = asRecord(
      (
        await call(sim, 'POST', `${SNAPSHOTS}?description=${encodeURIComponent('Before adding a group')}`, {
          auth: ADMIN,
        })
      ).json,
    );
    assert.equal((await call(sim, 'POST', groupPath(ADFS, 'jira-temp-sso'), { auth: ADMIN })).status, 204);
    assert.ok((await groupsOf(sim, ADFS)).includes('jira-temp-sso'));
    const snapshot = sim.state.snapshots.find((s) => s.id === taken.id);
    assert.deepEqual(
      (snapshot?.config.idps as Array<{ id: string; managedGroups: string[] }>).find((idp) => idp.id === ADFS)
        ?.managedGroups,
      before,
      'the snapshot holds the groups from before the add',
    );
    const restored = await call(sim, 'POST', `${SNAPSHOTS}restore/${encodeURIComponent(String(taken.id))}`, {
      auth: ADMIN,
    });
    assert.equal(restored.status, 200);
    assert.deepEqual(await groupsOf(sim, ADFS), before);
    // The request log shows the order: the snapshot POST came before the group POST.
    const posts = sim.requests.slice(from).filter((r) => r.method === 'POST');
    assert.ok(posts[0].path.includes('/config/snapshot/?description='));
    assert.ok(posts[1].path.endsWith('/managedgroups/1ncq3jsPC74BGuNnfZPl/groups/jira-temp-sso'));
  });

  it('restoring an older seeded snapshot brings back its fewer groups', async () => {
    const older = sim.state.snapshots.find((s) => s.description === 'test');
    assert.ok(older);
    assert.equal((await call(sim, 'POST', `${SNAPSHOTS}restore/${older.id}`, { auth: ADMIN })).status, 200);
    assert.deepEqual(await groupsOf(sim, ADFS), ['jira-administrators-sso', 'jira-software-users-sso']);
    assert.deepEqual(sim.state.config.identityProviders, ['AD FS (SAML)', 'Okta (OIDC)']);
  });

  it('answers exactly what a rawBody fault says: non-strings for ids, names and groups', async () => {
    const body = '[{"id":12,"name":null},{"name":"no id"},"AD FS",{"id":"x","name":["a"]}]';
    sim.inject({ type: 'rawBody', body }, { pathIncludes: '/idp/ids' });
    assert.equal((await call(sim, 'GET', IDS, { auth: ADMIN })).text, body);
    sim.inject({ type: 'rawBody', body: '["ok",null,7,{"name":"x"}]' }, { pathIncludes: '/managedgroups/' });
    assert.deepEqual((await call(sim, 'GET', groupsPath(ADFS), { auth: ADMIN })).json, ['ok', null, 7, { name: 'x' }]);
  });
});

describe('simulator identity providers in the config endpoint', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('GET shows the IdPs under idps; PUT replaces them (none when left out)', async () => {
    const shown = asRecord((await call(sim, 'GET', '/rest/ksso-simulator/1.0/config')).json);
    assert.deepEqual(shown.idps, sim.idps());
    assert.deepEqual(
      (shown.idps as Array<{ id: string }>).map((idp) => idp.id),
      [ADFS, OKTA],
    );
    const config = { revision: 50, idps: [{ id: 'kc', name: 'Keycloak', enabled: true, managedGroups: ['dev'] }] };
    assert.equal(
      (await call(sim, 'PUT', '/rest/ksso-simulator/1.0/config', { body: JSON.stringify(config) })).status,
      200,
    );
    assert.deepEqual((await call(sim, 'GET', IDS, { auth: ADMIN })).json, [{ id: 'kc', name: 'Keycloak' }]);
    assert.deepEqual(await groupsOf(sim, 'kc'), ['dev']);
    await call(sim, 'PUT', '/rest/ksso-simulator/1.0/config', { body: '{"revision":51}' });
    assert.deepEqual((await call(sim, 'GET', IDS, { auth: ADMIN })).json, []);
    // An add on a config without IdPs finds no IdP; addIdp creates the list.
    assert.equal((await call(sim, 'POST', groupPath('kc', 'dev'), { auth: ADMIN })).status, 404);
    sim.addIdp('Keycloak', 'kc');
    assert.deepEqual(asRecord(sim.state.config).revision, 51);
    assert.deepEqual(sim.idps(), [{ id: 'kc', name: 'Keycloak', enabled: true, managedGroups: [] }]);
  });
});

describe('simulator without the identity-provider family', () => {
  it('5.7.0 answers 404 on every call, like an unknown resource, and latest has it again', async () => {
    const sim = await startSimulator({ version: '5.7.0' });
    try {
      for (const [method, path] of everyCall(ADFS, 'jira-software-users-sso')) {
        for (const auth of [ADMIN, JOHN, undefined]) {
          const answer = await call(sim, method, path, { auth });
          assert.equal(answer.status, 404, `${method} ${path}`);
          assert.match(message(answer), /^null for uri: /);
        }
      }
      assert.equal(sim.idps().length, 2, 'the configuration has IdPs; only the API is missing');
      assert.equal(sim.idps()[0].managedGroups.length, 3);
      sim.setVersion('latest');
      assert.equal((await call(sim, 'GET', IDS, { auth: ADMIN })).status, 200);
    } finally {
      await sim.close();
    }
  });

  it('idpApi: false gives a 3.0-token instance without the family; setIdpApi switches it', async () => {
    const sim = await startSimulator({ idpApi: false });
    try {
      for (const [method, path] of everyCall(ADFS, 'new-group')) {
        assert.equal((await call(sim, method, path, { auth: ADMIN })).status, 404, `${method} ${path}`);
      }
      assert.ok(!sim.idps()[0].managedGroups.includes('new-group'));
      assert.equal((await call(sim, 'GET', `${TOKENS_3}/user/tokens`, { auth: ADMIN })).status, 200);
      sim.setIdpApi(true);
      assert.equal((await call(sim, 'GET', IDS, { auth: ADMIN })).status, 200);
      sim.setIdpApi(false);
      assert.equal((await call(sim, 'GET', IDS, { auth: ADMIN })).status, 404);
      sim.setVersion('5.7.0');
      sim.setIdpApi(true);
      assert.equal((await call(sim, 'GET', IDS, { auth: ADMIN })).status, 404, '5.7.0 never has it');
    } finally {
      await sim.close();
    }
  });
});

describe('simulator rejectEncodedSlash', () => {
  it('answers 400 (Tomcat HTML) for %2F in any path and adds nothing', async () => {
    const sim = await startSimulator({ rejectEncodedSlash: true });
    try {
      const answer = await call(sim, 'POST', groupPath(ADFS, 'ops/platform'), { auth: ADMIN });
      assert.equal(answer.status, 400);
      assert.match(answer.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(answer.text, /400/);
      assert.ok(!sim.idps()[0].managedGroups.includes('ops/platform'));
      assert.equal((await call(sim, 'GET', `${SNAPSHOTS}restore/..%2Fsecure`, { auth: ADMIN })).status, 400);
      assert.equal((await call(sim, 'POST', groupPath(ADFS, 'ops platform'), { auth: ADMIN })).status, 204);
    } finally {
      await sim.close();
    }
  });
});

describe('simulator identity-provider volumes', () => {
  it('generates 10,000 managed groups fast and serves them over HTTP', async () => {
    const started = performance.now();
    const sim = await startSimulator({ seed: false, seedVolume: { idps: 1, groups: 10_000 } });
    const generated = performance.now() - started;
    try {
      assert.ok(generated < 1000, `started in ${Math.round(generated)} ms`);
      const [idp] = asArray((await call(sim, 'GET', IDS, { auth: ADMIN })).json);
      assert.match(String(idp.id), /^[A-Za-z0-9]{20}$/);
      const groups = await groupsOf(sim, String(idp.id));
      assert.equal(groups.length, 10_000);
      assert.equal(new Set(groups).size, 10_000, 'unique names');
      assert.ok(
        groups.some((g) => typeof g === 'string' && g.includes(' ')),
        'some directory-style names',
      );
      const adding = performance.now();
      seedVolume(sim, { idps: 2, groups: 10_000, randomSeed: 2 });
      assert.ok(performance.now() - adding < 500, `20,000 more in ${Math.round(performance.now() - adding)} ms`);
      assert.equal(sim.idps().length, 3);
    } finally {
      await sim.close();
    }
  });

  it('is deterministic per randomSeed and leaves the tokens a seed generates unchanged', async () => {
    const volume = { users: 5, tokens: 30, snapshots: 3 };
    const plain = await startSimulator({ seed: false, seedVolume: volume });
    const first = await startSimulator({ seed: false, seedVolume: { ...volume, idps: 5, groups: 40 } });
    const again = await startSimulator({ seed: false, seedVolume: { ...volume, idps: 5, groups: 40 } });
    const other = await startSimulator({ seed: false, seedVolume: { ...volume, idps: 5, groups: 40, randomSeed: 9 } });
    try {
      assert.deepEqual(first.idps(), again.idps());
      assert.notDeepEqual(first.idps(), other.idps());
      assert.deepEqual(
        first.idps().map((idp) => [idp.name, idp.enabled, idp.managedGroups.length]),
        [
          ['Azure AD', true, 40],
          ['Okta', true, 40],
          ['AD FS', true, 40],
          ['Google Workspace', false, 40],
          ['Keycloak', true, 40],
        ],
      );
      const tokens = (sim: Simulator) =>
        sim.state.tokens.map((t) => [t.id, t.username, t.name, t.description, t.validForDays]);
      assert.deepEqual(tokens(first), tokens(plain));
      // Only groups: one IdP.
      seedVolume(plain, { groups: 3 });
      assert.deepEqual(
        plain.idps().map((idp) => idp.managedGroups.length),
        [3],
      );
    } finally {
      await Promise.all([plain, first, again, other].map((sim) => sim.close()));
    }
  });

  it('CLI --idps --groups generate IdPs on top of the seed and print their count', async () => {
    const cli = await startCli(['--port', '0', '--idps', '2', '--groups', '50']);
    try {
      assert.match(cli.output, /identity providers: 4, 105 managed groups/);
      const answer = await fetch(`${cli.baseUrl}${IDS}`, { headers: { authorization: ADMIN } });
      assert.equal(asArray(await answer.json()).length, 4);
    } finally {
      assert.equal(await cli.stop(), 0);
    }
  });

  it('CLI --no-idp-api answers 404 for the family', async () => {
    const cli = await startCli(['--port', '0', '--no-idp-api']);
    try {
      const answer = await fetch(`${cli.baseUrl}${IDS}`, { headers: { authorization: ADMIN } });
      assert.equal(answer.status, 404);
      await answer.text();
    } finally {
      assert.equal(await cli.stop(), 0);
    }
  });
});

describe('simulator hostile identity providers', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ hostile: true });
  });
  after(() => sim.close());

  it('lists IdPs named with a command link and a bidi override, and ids that are path segments', async () => {
    const list = asArray((await call(sim, 'GET', IDS, { auth: ADMIN })).json);
    const names = list.map((idp) => idp.name);
    assert.ok(names.includes('[x](command:kantegaSso.removeInstance)'));
    assert.ok(names.includes(HOSTILE.idpRtlName) && HOSTILE.idpRtlName.includes('\u202E'));
    const ids = list.map((idp) => idp.id);
    for (const id of ['..', 'a/b', '%2E%2E', 'a?b#c', ADFS]) assert.ok(ids.includes(id), id);
  });

  it('serves a group list with duplicates, a command link, 10,000 characters and a blank', async () => {
    const groups = await groupsOf(sim, 'hostile-command-link');
    assert.equal(groups.filter((g) => g === HOSTILE.duplicateGroup).length, 2);
    assert.ok(groups.includes(HOSTILE.groupCommandLinkName));
    assert.ok(groups.some((g) => typeof g === 'string' && g.length === 10_000));
    assert.ok(groups.includes(''));
    assert.ok(groups.some((g) => typeof g === 'string' && g.includes('\u202E')));
    const long = await call(sim, 'GET', groupPath('hostile-command-link', HOSTILE.longGroupName), { auth: ADMIN });
    assert.equal(long.status, 204);
  });

  it('reaches ids a/b, a?b#c and %2E%2E encoded; never .., which URL parsers resolve away', async () => {
    assert.deepEqual(await groupsOf(sim, 'a/b'), ['sso-users']);
    assert.deepEqual(await groupsOf(sim, 'a?b#c'), ['sso-users']);
    assert.deepEqual(await groupsOf(sim, '%2E%2E'), ['sso-users'], 'sent as %252E%252E');
    // `..` and `%2E%2E` segments are resolved before routing: `managedgroups/../groups` is `/groups`.
    assert.equal(await rawGet(sim, `${IDP}/managedgroups/../groups`), 404);
    assert.equal(await rawGet(sim, `${IDP}/managedgroups/%2E%2E/groups`), 404);
    assert.equal(await rawGet(sim, `${IDP}/managedgroups/%252E%252E/groups`), 200);
  });

  it('appends the command link to the IdP error messages', async () => {
    const unknown = await call(sim, 'GET', groupsPath('no-such-idp'), { auth: ADMIN });
    assert.equal(unknown.status, 404);
    assert.ok(message(unknown).endsWith(HOSTILE.errorSuffix));
    const plainUser = await call(sim, 'GET', IDS, { auth: JOHN });
    assert.equal(plainUser.status, 401);
    assert.ok(message(plainUser).endsWith(HOSTILE.errorSuffix));
  });
});

describe('simulator cluster identity providers', () => {
  it('nodes share IdPs, managed groups and the add log (one database)', async () => {
    const cluster = await startCluster({ nodes: 2 });
    try {
      const [node1, node2] = cluster.nodes;
      assert.equal((await call(node1, 'POST', groupPath(ADFS, 'added-on-node1'), { auth: ADMIN })).status, 204);
      assert.ok((await groupsOf(node2, ADFS)).includes('added-on-node1'));
      assert.equal(node2.state.managedGroupAdds.at(-1)?.group, 'added-on-node1');
      const id = node2.addIdp('Okta preview', 'okta-preview');
      assert.deepEqual(asArray((await call(node1, 'GET', IDS, { auth: ADMIN })).json).at(-1), {
        id,
        name: 'Okta preview',
      });
      const balanced = await fetch(`${cluster.baseUrl}${groupsPath(ADFS)}`, { headers: { authorization: ADMIN } });
      assert.ok(((await balanced.json()) as string[]).includes('added-on-node1'));
    } finally {
      await cluster.close();
    }
  });
});
