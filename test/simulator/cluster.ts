// A Data Center cluster: N simulator nodes behind a sticky load balancer. Users, tokens and the
// live config are shared (the database); snapshots are each node's own and reach the other nodes
// only after replicationDelayMs, so a client without affinity may not see the snapshot it took.
import { AFFINITY_COOKIE, Balancer, type BalancedRequest } from './balancer';
import { startNode, storeOf } from './server';
import { deepCopy } from './reply';
import type { Simulator, SimulatorOptions, SimulatorSnapshot, SimulatorState } from './types';

export { AFFINITY_COOKIE, type BalancedRequest };

export interface ClusterOptions extends Omit<SimulatorOptions, 'port' | 'tls'> {
  /** Default 2. */
  nodes?: number;
  /** How long a snapshot taken on one node takes to appear on the others. Default 60_000. */
  replicationDelayMs?: number;
  /** The balancer's port; 0/undefined = random free port. */
  port?: number;
}

export interface Cluster {
  /** The balancer's origin + contextPath: what a client connects to. */
  readonly baseUrl: string;
  readonly port: number;
  /** The nodes, each a full Simulator (own baseUrl, faults, requests); names node1, node2... */
  readonly nodes: readonly Simulator[];
  /** Every request the balancer passed on, with the node that served it. */
  readonly requests: BalancedRequest[];
  /** Snapshots taken but not yet on every node. */
  readonly pendingReplications: number;
  /** Copies pending snapshots to every node now, instead of after replicationDelayMs. */
  replicateNow(): void;
  close(): Promise<void>;
}

/**
 * Makes `state` read and write users, tokens and config (IdPs and managed groups included) through
 * `shared` (one database), keep one log of managed-group adds, and share the sign-in failure counts
 * with the CAPTCHA threshold (Jira keeps them per user in the database).
 */
function shareDatabase(state: SimulatorState, shared: SimulatorState): void {
  const keys = ['users', 'tokens', 'config', 'managedGroupAdds', 'signInFailures', 'captchaAfterFailures'] as const;
  for (const key of keys) {
    Object.defineProperty(state, key, {
      get: () => shared[key],
      set: (value: never) => {
        shared[key] = value;
      },
      enumerable: true,
      configurable: true,
    });
  }
}

class Replication {
  private readonly pending = new Map<SimulatorSnapshot, NodeJS.Timeout>();

  constructor(
    private readonly nodes: readonly Simulator[],
    private readonly delayMs: number,
  ) {}

  get size(): number {
    return this.pending.size;
  }

  schedule(snapshot: SimulatorSnapshot): void {
    this.pending.set(
      snapshot,
      setTimeout(() => this.copy(snapshot), this.delayMs),
    );
  }

  flush(): void {
    for (const snapshot of [...this.pending.keys()]) this.copy(snapshot);
  }

  cancel(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private copy(snapshot: SimulatorSnapshot): void {
    clearTimeout(this.pending.get(snapshot));
    this.pending.delete(snapshot);
    for (const node of this.nodes) {
      // Ids are stamped per node to the second: two nodes can make the same id, and both copies stay.
      const same = (s: SimulatorSnapshot) =>
        s.id === snapshot.id && s.timeMillis === snapshot.timeMillis && s.description === snapshot.description;
      if (!node.state.snapshots.some(same)) node.state.snapshots.push(deepCopy(snapshot));
    }
  }
}

function listen(balancer: Balancer, port: number, host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    balancer.server.once('error', reject);
    balancer.server.listen(port, host, () => {
      balancer.server.off('error', reject);
      const address = balancer.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

/** Starts the nodes: the first as one simulator would be, the others joining its database. */
async function startNodes(options: SimulatorOptions, names: string[], publicOrigin: string): Promise<Simulator[]> {
  const first = await startNode(options, { nodeName: names[0] });
  const baseUrl = `${publicOrigin}${new URL(first.baseUrl).pathname.replace(/\/$/, '')}`;
  storeOf(first).settings.baseUrl = baseUrl;
  const nodes = [first];
  for (const nodeName of names.slice(1)) {
    const joining = { ...options, seed: false, seedVolume: undefined, hostile: false };
    const node = await startNode(joining, { nodeName, publicBaseUrl: baseUrl });
    shareDatabase(node.state, first.state);
    storeOf(node).ids = storeOf(first).ids;
    // Seeded snapshots predate the cluster: every node already has them.
    node.state.snapshots = deepCopy(first.state.snapshots);
    node.state.errorSuffix = first.state.errorSuffix;
    nodes.push(node);
  }
  return nodes;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const host = options.host ?? '127.0.0.1';
  const names = Array.from({ length: Math.max(1, options.nodes ?? 2) }, (_, i) => `node${i + 1}`);
  const nodes: Simulator[] = [];
  const balancer = new Balancer(() => nodes.map((node, i) => ({ name: names[i], port: node.port })));
  const port = await listen(balancer, options.port ?? 0, host);
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  try {
    nodes.push(...(await startNodes({ ...options, host, port: 0 }, names, origin)));
  } catch (error) {
    await balancer.close();
    throw error;
  }
  const replication = new Replication(nodes, options.replicationDelayMs ?? 60_000);
  for (const node of nodes) storeOf(node).onSnapshotTaken = (snapshot) => replication.schedule(snapshot);
  return {
    baseUrl: storeOf(nodes[0]).settings.baseUrl,
    port,
    nodes,
    requests: balancer.requests,
    get pendingReplications() {
      return replication.size;
    },
    replicateNow: () => replication.flush(),
    async close() {
      replication.cancel();
      await balancer.close();
      await Promise.all(nodes.map((node) => node.close()));
    },
  };
}
