// The cluster behind a sticky load balancer, over real HTTP with fetch as the client: shared
// tokens, per-node snapshots that replicate late, and affinity cookies that keep a client on one node.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster } from './index';
import { ADMIN, JOHN, PING, SNAPSHOTS, TOKENS_3, asArray, asRecord, basic } from './testkit';

/** fetch that keeps cookies, like a browser or a client with a cookie jar. */
class CookieClient {
  readonly jar = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  async call(method: string, path: string, init: { auth?: string; body?: string } = {}) {
    const headers: Record<string, string> = { accept: 'application/json', 'x-atlassian-token': 'no-check' };
    if (init.auth) headers.authorization = init.auth;
    if (this.jar.size > 0) headers.cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: init.body });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      this.jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const text = await response.text();
    return { status: response.status, setCookies: response.headers.getSetCookie(), text, json: () => JSON.parse(text) };
  }
}

/** fetch without cookies: every request is balanced anew. */
const plain = (cluster: Cluster) => new CookieClient(cluster.baseUrl);
const forget = (client: CookieClient) => {
  client.jar.clear();
  return client;
};

describe('simulator cluster', () => {
  let cluster: Cluster;
  before(async () => {
    cluster = await startCluster({ nodes: 2, replicationDelayMs: 300 });
  });
  after(() => cluster.close());

  it('balances requests without cookies round-robin and sets the affinity and session cookies', async () => {
    const client = plain(cluster);
    const first = await forget(client).call('GET', PING);
    const second = await forget(client).call('GET', PING);
    assert.deepEqual([first.status, second.status], [200, 200]);
    const served = cluster.requests.slice(-2).map((r) => r.nodeName);
    assert.deepEqual([...served].sort(), ['node1', 'node2']);
    for (const [answer, node] of [
      [first, served[0]],
      [second, served[1]],
    ] as const) {
      assert.ok(answer.setCookies.includes(`KSSO_NODE=${node}; Path=/; HttpOnly`), answer.setCookies.join(' | '));
      assert.ok(
        answer.setCookies.some((c) => new RegExp(`^JSESSIONID=[0-9A-F]{32}\\.${node}; Path=/jira; HttpOnly$`).test(c)),
      );
    }
    assert.match(cluster.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/jira$/);
  });

  it('a client keeping cookies stays on one node and lists the snapshot it took', async () => {
    const client = plain(cluster);
    const taken = await client.call('POST', `${SNAPSHOTS}?description=mine`, { auth: ADMIN });
    assert.equal(taken.status, 200);
    const id = asRecord(taken.json()).id;
    const listed = await client.call('GET', SNAPSHOTS, { auth: ADMIN });
    assert.ok(asArray(listed.json()).some((s) => s.id === id));
    const mine = cluster.requests.slice(-2);
    assert.equal(mine[0].node, mine[1].node, 'same node');
    assert.deepEqual(
      mine.map((r) => r.assigned),
      [true, false],
      'assigned once, then sticky',
    );
    assert.ok(listed.setCookies.length === 0, 'no new cookies once the client has them');
  });

  it('without affinity the other node lacks a new snapshot until replication', async () => {
    const client = plain(cluster);
    const pending = cluster.pendingReplications;
    const taken = await forget(client).call('POST', `${SNAPSHOTS}?description=late`, { auth: ADMIN });
    const id = asRecord(taken.json()).id;
    const tookOn = cluster.requests.at(-1)!.node;
    const listed = await forget(client).call('GET', SNAPSHOTS, { auth: ADMIN });
    assert.notEqual(cluster.requests.at(-1)!.node, tookOn, 'round-robin moved on');
    assert.ok(!asArray(listed.json()).some((s) => s.description === 'late'), 'not replicated yet');
    assert.equal(cluster.pendingReplications, pending + 1);
    assert.equal(asRecord(taken.json()).baseUrl, cluster.baseUrl, 'records carry the public URL');

    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(cluster.pendingReplications, 0);
    for (const node of cluster.nodes)
      assert.ok(node.state.snapshots.some((s) => s.id === id && s.description === 'late'));
    const relisted = await forget(client).call('GET', SNAPSHOTS, { auth: ADMIN });
    assert.ok(
      asArray(relisted.json()).some((s) => s.description === 'late'),
      'listed after replication',
    );
  });

  it('replicateNow() copies pending snapshots at once', async () => {
    const client = plain(cluster);
    const taken = await client.call('POST', `${SNAPSHOTS}?description=now`, { auth: ADMIN });
    const id = asRecord(taken.json()).id;
    cluster.replicateNow();
    assert.equal(cluster.pendingReplications, 0);
    for (const node of cluster.nodes) {
      assert.equal(node.state.snapshots.filter((s) => s.id === id && s.description === 'now').length, 1);
    }
  });

  it('shares tokens and users: created on one node, listed and usable on the other', async () => {
    const client = plain(cluster);
    const created = await forget(client).call('POST', `${TOKENS_3}/user/tokens`, {
      auth: JOHN,
      body: JSON.stringify({ tokenName: 'from one node' }),
    });
    assert.equal(created.status, 201);
    const { id, apiToken } = asRecord(created.json());
    const createdOn = cluster.requests.at(-1)!.node;
    const listed = await forget(client).call('GET', `${TOKENS_3}/user/tokens`, {
      auth: basic('john.doe', String(apiToken)),
    });
    assert.notEqual(cluster.requests.at(-1)!.node, createdOn);
    assert.equal(listed.status, 200, 'the token authenticates on the other node');
    assert.ok(asArray(listed.json()).some((t) => t.id === id));
    const other = cluster.nodes[1 - createdOn].issueToken('john.doe');
    assert.equal(other.id, Number(id) + 1, 'one id sequence across nodes');
  });

  it('an unknown affinity cookie gets a node and a fresh cookie', async () => {
    const client = plain(cluster);
    client.jar.set('KSSO_NODE', 'node9');
    const answer = await client.call('GET', PING);
    assert.equal(answer.status, 200);
    assert.ok(cluster.requests.at(-1)!.assigned);
    assert.match(client.jar.get('KSSO_NODE') ?? '', /^node[12]$/);
  });
});

describe('simulator cluster lifecycle', () => {
  it('passes node faults through and close() stops balancer and nodes', async () => {
    const cluster = await startCluster({ nodes: 3, seed: false });
    assert.equal(cluster.nodes.length, 3);
    for (const node of cluster.nodes) node.inject({ type: 'status', status: 503 });
    const answer = await fetch(`${cluster.baseUrl}${PING}`);
    assert.equal(answer.status, 503);
    await answer.text();
    await cluster.close();
    await assert.rejects(fetch(`${cluster.baseUrl}${PING}`));
    await assert.rejects(fetch(`${cluster.nodes[0].baseUrl}${PING}`));
  });
});
