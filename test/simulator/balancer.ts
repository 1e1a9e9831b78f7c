// A sticky load balancer in front of cluster nodes, like an AWS ALB with stickiness: a request
// without a valid affinity cookie goes to the next node round-robin and gets
// `Set-Cookie: KSSO_NODE=<node>`; a request with it goes to that node.
import http from 'node:http';
import type { Socket } from 'node:net';

export const AFFINITY_COOKIE = 'KSSO_NODE';

/** One request as the balancer passed it on. */
export interface BalancedRequest {
  /** Index into cluster.nodes of the node that served it. */
  node: number;
  /** That node's name, as in the affinity cookie and the JSESSIONID suffix: node1, node2... */
  nodeName: string;
  method: string;
  path: string;
  /** The node's status code; 502 when the node could not be reached. */
  status: number;
  /** True when the balancer chose the node (no or unknown affinity cookie) and set the cookie. */
  assigned: boolean;
}

export interface Upstream {
  name: string;
  port: number;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade']);

function withoutHopByHop(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers))
    if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
  return out;
}

function affinity(cookieHeader: string | undefined): string | undefined {
  return new RegExp(`(?:^|;\\s*)${AFFINITY_COOKIE}=([^;]*)`).exec(cookieHeader ?? '')?.[1];
}

export class Balancer {
  readonly requests: BalancedRequest[] = [];
  readonly server: http.Server;
  private nextNode = 0;
  private readonly agent = new http.Agent({ keepAlive: true });
  private readonly sockets = new Set<Socket>();

  constructor(private readonly upstreams: () => readonly Upstream[]) {
    this.server = http.createServer((req, res) => this.forward(req, res));
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  private choose(req: http.IncomingMessage): { index: number; assigned: boolean } {
    const nodes = this.upstreams();
    const sticky = nodes.findIndex((n) => n.name === affinity(req.headers.cookie));
    if (sticky >= 0) return { index: sticky, assigned: false };
    const index = this.nextNode % nodes.length;
    this.nextNode += 1;
    return { index, assigned: true };
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const { index, assigned } = this.choose(req);
    const target = this.upstreams()[index];
    const record: BalancedRequest = {
      node: index,
      nodeName: target.name,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      status: 0,
      assigned,
    };
    this.requests.push(record);
    const headers = { ...withoutHopByHop(req.headers), 'x-forwarded-for': req.socket.remoteAddress ?? '' };
    const upstream = http.request(
      { host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers, agent: this.agent },
      (answer) => {
        record.status = answer.statusCode ?? 0;
        const out = withoutHopByHop(answer.headers);
        if (assigned) {
          const cookie = `${AFFINITY_COOKIE}=${target.name}; Path=/; HttpOnly`;
          out['set-cookie'] = [...(answer.headers['set-cookie'] ?? []), cookie];
        }
        res.writeHead(record.status, out);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      record.status = 502;
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('Bad gateway');
    });
    // A client that goes away takes the upstream request with it (endless bodies stop).
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    this.agent.destroy();
    await closed;
  }
}
