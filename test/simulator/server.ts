// HTTP(S) plumbing: starts a node (settings, store, server, seed) and its public Simulator face;
// tracks sockets, timers and streaming bodies so close() ends everything at once.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { rm } from 'node:fs/promises';
import { localDateTimeMillis } from './format';
import { FaultQueue } from './faults';
import { handle, write, type Node } from './handler';
import { jsonError } from './reply';
import { createRouter } from './routes';
import { Store, createState, seedDefaults, type Settings } from './state';
import { generateVolume } from './volume';
import { Timers } from './streams';
import { captchaRequired, clearCaptcha, failedSignIns } from './signin';
import { gatewaySettings } from './gateway';
import { addHostileRecords } from './hostile';
import { addIdp, idpList, setManagedGroups } from './idp';
import { generateCaSignedCertificate, generateSelfSignedCertificate } from './tls';
import { DEFAULT_USERS, type Simulator, type SimulatorOptions } from './types';

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
    idpApi: options.idpApi ?? true,
    rejectEncodedSlash: options.rejectEncodedSlash ?? false,
    ssoGateway: gatewaySettings(options.ssoGateway),
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

/** How the cluster starts a node: a name (for JSESSIONID) and the balancer's URL as the base URL. */
export interface NodeInternals {
  nodeName?: string;
  publicBaseUrl?: string;
}

/** Like Tomcat behind a balancer with jvmRoute: a session cookie `<id>.<node>` unless the request has this node's. */
function setSessionCookie(req: http.IncomingMessage, res: http.ServerResponse, nodeName: string, path: string) {
  const current = /(?:^|;\s*)JSESSIONID=([^;]*)/.exec(req.headers.cookie ?? '')?.[1];
  if (current?.endsWith(`.${nodeName}`)) return;
  const id = randomBytes(16).toString('hex').toUpperCase();
  res.setHeader('set-cookie', `JSESSIONID=${id}.${nodeName}; Path=${path || '/'}; HttpOnly`);
}

export async function startNode(options: SimulatorOptions = {}, internal: NodeInternals = {}): Promise<Simulator> {
  const settings = settingsFrom(options);
  const host = options.host ?? '127.0.0.1';
  const certificate = await certificateFor(options.tls);
  const store = new Store(createState(options.users ?? DEFAULT_USERS), settings);
  store.state.captchaAfterFailures = options.captchaAfterFailures ?? 0;
  const node: Node = {
    store,
    route: createRouter(store),
    faults: new FaultQueue(),
    timers: new Timers(),
    active: new Set(),
    requests: [],
  };

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (internal.nodeName) setSessionCookie(req, res, internal.nodeName, settings.contextPath);
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
  const baseUrl = `${origin}${settings.contextPath}`;
  // Records (snapshots, 404 texts) carry the public URL: the balancer's when behind one.
  settings.baseUrl = internal.publicBaseUrl ?? baseUrl;
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
  return facade(node, { baseUrl, port, certificate, connectionCount: connections.count, close });
}

interface FacadeExtras {
  baseUrl: string;
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
    baseUrl: extras.baseUrl,
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
    setIdpApi(on) {
      store.settings.idpApi = on;
    },
    addIdp: (name, id, opts) => addIdp(store.state, name, id, opts),
    setManagedGroups: (idpId, groups) => setManagedGroups(store.state, idpId, groups),
    idps: () => idpList(store.state),
    setSsoGateway(on) {
      store.settings.ssoGateway = gatewaySettings(on);
    },
    clearCaptcha(username) {
      if (username !== undefined && !store.findUser(username)) throw new Error(`No simulator user ${username}`);
      clearCaptcha(store.state, username);
    },
    failedSignIns: (username) => failedSignIns(store.state, username),
    captchaRequired: (username) => captchaRequired(store.state, username),
    close: extras.close,
  };
  stores.set(sim, store);
  return sim;
}
