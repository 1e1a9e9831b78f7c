// HTTP(S) plumbing: reads a request, records it, applies a pending fault, routes it and writes
// the answer; tracks sockets and timers so close() ends everything at once.
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { rm } from 'node:fs/promises';
import { localDateTimeMillis } from './format';
import { FaultQueue, alterReply, replacementReply } from './faults';
import { authenticate } from './auth';
import { jsonError, replyBody, type Reply } from './reply';
import { createRouter, type Route } from './routes';
import { Store, createState, seedDefaults, type Settings } from './state';
import { generateVolume } from './volume';
import { Timers, drip, endless, huge } from './streams';
import { addHostileRecords, withErrorSuffix } from './hostile';
import { generateCaSignedCertificate, generateSelfSignedCertificate } from './tls';
import { DEFAULT_USERS, type Fault, type RecordedRequest, type Simulator, type SimulatorOptions } from './types';

type Certificate = Awaited<ReturnType<typeof generateCaSignedCertificate>> | undefined;

function normaliseContextPath(raw: string | undefined): string {
  if (raw === undefined) return '/jira';
  const trimmed = raw.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

async function certificateFor(tls: SimulatorOptions['tls']): Promise<Certificate> {
  if (tls === 'internalCa') return generateCaSignedCertificate();
  if (tls) return { ...(await generateSelfSignedCertificate()), caPem: '' };
  return undefined;
}

/** Status and headers as every answer carries them. */
function head(reply: Reply, body: string, contentType: string, username: string) {
  return {
    status: reply.status,
    headers: {
      'content-type': contentType,
      'content-length': Buffer.byteLength(body),
      'x-ausername': username,
      'cache-control': 'no-cache, no-store, no-transform',
      ...reply.headers,
    },
  };
}

function write(res: http.ServerResponse, reply: Reply, username: string): void {
  if (res.destroyed || res.writableEnded) return;
  const { body, contentType } = replyBody(reply);
  const { status, headers } = head(reply, body, contentType, username);
  res.writeHead(status, headers);
  res.end(body);
}

/** The request as recorded: the authorization value is reduced to its scheme, never kept. */
function recorded(req: http.IncomingMessage, method: string, body: string): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    headers[name.toLowerCase()] = name.toLowerCase() === 'authorization' ? text.trim().split(/\s+/)[0] : text;
  }
  return { method, path: req.url ?? '/', headers, ...(body !== '' ? { body } : {}) };
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

interface Node {
  store: Store;
  route: Route;
  faults: FaultQueue;
  timers: Timers;
  requests: RecordedRequest[];
  active: Set<Promise<void>>;
}

/** Faults that write the body themselves; true when the answer is written (or being written). */
async function streamed(
  node: Node,
  fault: Fault | undefined,
  res: http.ServerResponse,
  answer: () => Reply,
  username: string,
): Promise<boolean> {
  const standard = { 'x-ausername': username, 'cache-control': 'no-cache, no-store, no-transform' };
  if (fault?.type === 'endless') {
    const pace = { chunkBytes: fault.chunkBytes ?? 1024, intervalMs: fault.intervalMs ?? 10 };
    await endless(res, standard, pace, node);
  } else if (fault?.type === 'huge') {
    await huge(res, fault.mebibytes * 1024 * 1024, standard, node);
  } else if (fault?.type === 'drip') {
    const reply = answer();
    const { body, contentType } = replyBody(reply);
    const pace = { chunkBytes: Math.max(1, fault.chunkBytes ?? 16), intervalMs: fault.intervalMs ?? 20 };
    await drip(res, head(reply, body, contentType, username), body, pace, node);
  } else {
    return false;
  }
  return true;
}

async function handle(node: Node, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const body = await readBody(req);
  const method = (req.method ?? 'GET').toUpperCase();
  const rawUrl = req.url ?? '/';
  node.requests.push(recorded(req, method, body));

  const fault = node.faults.take(method, rawUrl);
  if (fault?.type === 'latency') await node.timers.delay(fault.ms);
  if (fault?.type === 'reset') {
    req.socket.destroy();
    return;
  }
  const authorization = req.headers.authorization;
  const auth = authenticate(node.store, authorization);
  const username = auth.kind === 'user' ? auth.user.username : 'anonymous';
  const replaced = fault ? replacementReply(fault, authorization) : undefined;
  if (replaced) {
    write(res, replaced, username);
    return;
  }
  const answer = () => withErrorSuffix(node.route(method, rawUrl, req.headers, body), node.store.state.errorSuffix);
  if (await streamed(node, fault, res, answer, username)) return;
  const reply = answer();
  write(res, fault ? alterReply(reply, fault) : reply, username);
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

function settingsFrom(options: SimulatorOptions): Settings {
  return {
    version: options.version ?? 'latest',
    loginRedirect: options.loginRedirect ?? false,
    contextPath: normaliseContextPath(options.contextPath),
    baseUrl: '',
    applicationName: options.applicationName ?? 'JIRA',
    applicationVersion: options.applicationVersion ?? '9.12.2',
    pluginVersion: options.pluginVersion,
  };
}

/** Counts connections and keeps the open ones, so close() can end keep-alive sockets. */
function trackConnections(server: http.Server): { sockets: Set<Socket>; count(): number } {
  const sockets = new Set<Socket>();
  let count = 0;
  server.on('connection', (socket: Socket) => {
    count++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return { sockets, count: () => count };
}

export async function startNode(options: SimulatorOptions = {}): Promise<Simulator> {
  const settings = settingsFrom(options);
  const host = options.host ?? '127.0.0.1';
  const certificate = await certificateFor(options.tls);
  const store = new Store(createState(options.users ?? DEFAULT_USERS), settings);
  const node: Node = {
    store,
    route: createRouter(store),
    faults: new FaultQueue(),
    timers: new Timers(),
    active: new Set(),
    requests: [],
  };

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(node, req, res).catch((error: unknown) => {
      const message = `Simulator failure: ${error instanceof Error ? error.message : String(error)}`;
      write(res, jsonError(500, message), 'anonymous');
    });
  };
  const server = certificate
    ? https.createServer({ key: certificate.keyPem, cert: certificate.certPem }, listener)
    : http.createServer(listener);
  const connections = trackConnections(server);
  const port = await listen(server, options.port ?? 0, host);
  const origin = `${certificate ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  settings.baseUrl = `${origin}${settings.contextPath}`;
  if (options.seed ?? true) seedDefaults(store);
  if (options.seedVolume) generateVolume(store, options.seedVolume);
  if (options.hostile) addHostileRecords(store);

  const close = async () => {
    node.timers.clear();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of connections.sockets) socket.destroy();
    server.closeAllConnections();
    await closed;
    // Streaming bodies end once their response closes; wait so none is left running.
    await Promise.allSettled([...node.active]);
    if (certificate) await rm(certificate.dir, { recursive: true, force: true });
  };
  return facade(node, { port, certificate, connectionCount: connections.count, close });
}

interface FacadeExtras {
  port: number;
  certificate: Certificate;
  connectionCount(): number;
  close(): Promise<void>;
}

/** Each simulator's store, for helpers such as seedVolume(sim) that add records the way the server does. */
const stores = new WeakMap<Simulator, Store>();

export function storeOf(sim: Simulator): Store {
  const store = stores.get(sim);
  if (!store) throw new Error('Not a simulator started by startSimulator');
  return store;
}

/** The public Simulator over a node's internals. */
function facade(node: Node, extras: FacadeExtras): Simulator {
  const { store, faults } = node;
  const { certificate } = extras;
  const sim: Simulator = {
    get baseUrl() {
      return store.settings.baseUrl;
    },
    port: extras.port,
    get version() {
      return store.settings.version;
    },
    ...(certificate
      ? { caCertificate: certificate.caPem || certificate.certPem, caCertificatePath: certificate.certPath }
      : {}),
    state: store.state,
    requests: node.requests,
    get connectionCount() {
      return extras.connectionCount();
    },
    get activeStreams() {
      return node.active.size;
    },
    inject: (fault, opts) => faults.inject(fault, opts),
    clearFaults: () => faults.clear(),
    issueToken(username, opts = {}) {
      if (!store.findUser(username)) throw new Error(`No simulator user ${username}`);
      const createdAt = opts.createdAt ?? store.state.now();
      const name = opts.name ?? `api_token_${localDateTimeMillis(createdAt)}`;
      const token = store.addToken(username, name, opts.description ?? '', opts.validForDays ?? 30, createdAt);
      return { id: token.id, secret: token.secret };
    },
    setVersion(next) {
      store.settings.version = next;
    },
    setLoginRedirect(on) {
      store.settings.loginRedirect = on;
    },
    close: extras.close,
  };
  stores.set(sim, store);
  return sim;
}
