// A Kantega SSO Enterprise simulator: a real HTTP(S) server that answers like a Jira Data Center
// instance with Kantega SSO installed, for tests and for the demo. Spec: /work/shared/KANTEGA-API.md
// and the vendor pages in /work/shared/seeds.
//
// Behaviour choices where the vendor pages are silent:
// - Order of checks: unknown path -> 404 (before auth, like Jersey); a *wrong* Authorization header
//   -> 401 on every path, ping included (Seraph rejects bad Basic credentials everywhere); missing
//   credentials -> 401 (or 302 to login.jsp in loginRedirect mode) except on ping; then the XSRF
//   check on POST/PUT/DELETE; then sysadmin-only endpoints answer 403 to plain users.
// - 401 answers carry Jira's JSON body, `WWW-Authenticate: Basic realm="protected-area"` and
//   `X-Seraph-LoginReason` (AUTHENTICATED_FAILED for wrong credentials).
// - Ownership: user endpoints (delete, expiry status, renew) answer 404 for another user's token,
//   as if it did not exist (no existence leak), even for a sysadmin; admins use admin/delete.
// - Restore answers 200 with the restored snapshot's record; restore of an unknown id -> 404 JSON.
// - Take answers 200 with the new snapshot's record. Ids are unique: a second snapshot in the same
//   second gets `-2`, `-3`... appended.
// - Renew sets expiry to now + the token's original validity; never-expiring tokens stay `Never`.
//   It answers 200 with the expiry-status shape of the API version used.
// - 3.0 expiry status (undocumented): `tokenName` plus the real description in `apiTokenDescription`.
// - Expired tokens: lists show them with negative `timeUntilExpiryMillis`/`timeUntilExpiryDays`;
//   they no longer authenticate.
// - Faults: the first pending fault matching the request is consumed. latency delays the normal
//   answer; status/reset/html replace it without running the endpoint (no side effects);
//   malformedJson/wrongType/dropField run the endpoint and alter its JSON answer (a no-op on a
//   non-JSON answer such as a delete's text).
//
// Additions to the agreed interface: SimulatorOptions.applicationVersion/pluginVersion,
// Simulator.version, Simulator.caCertificatePath, SimulatorState.tokens[].validForDays,
// RecordedRequest, DEFAULT_USERS, and `PUT <base>/rest/ksso-simulator/1.0/config` (unauthenticated,
// test/demo only) which replaces the live config with the JSON object sent, so a restore is visible.
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { rm } from 'node:fs/promises';
import {
  DAY_MS,
  createdTokenRecord,
  expiryStatusRecord,
  localDateTimeMillis,
  newTokenSecret,
  snapshotStamp,
  tokenListRecord,
  zonedDateTime,
  type SimulatorToken,
  type TokenApiVersion,
} from './format';
import { generateCaSignedCertificate, generateSelfSignedCertificate } from './tls';

export type SimulatorVersion = '5.7.0' | 'latest';

export interface SimulatorUser {
  username: string;
  password: string;
  sysadmin: boolean;
  pat?: string;
}

export interface SimulatorOptions {
  /** 0/undefined = random free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default '/jira'; '' allowed. */
  contextPath?: string;
  /** Default 'latest'. */
  version?: SimulatorVersion;
  /**
   * HTTPS with a freshly generated certificate for 127.0.0.1 and localhost: self-signed (`true`),
   * or issued by a freshly generated internal CA (`'internalCa'`).
   */
  tls?: boolean | 'internalCa';
  /** Unauthenticated / wrong credentials -> 302 to `${contextPath}/login.jsp?os_destination=...` instead of 401. */
  loginRedirect?: boolean;
  /** Default: see DEFAULT_USERS. */
  users?: SimulatorUser[];
  /** Default true: a few snapshots and tokens for admin and john.doe, like the vendor examples. */
  seed?: boolean;
  /** Default 'JIRA'. */
  applicationName?: string;
  /** Default '9.12.2'. */
  applicationVersion?: string;
  /** Default per version mode: '5.7.0' or '7.4.1'. */
  pluginVersion?: string;
}

export interface SimulatorSnapshot {
  id: string;
  description: string;
  filename: string;
  timeMillis: number;
  config: Record<string, unknown>;
  applicationName: string;
  applicationVersion: string;
  pluginVersion: string;
  baseUrl: string;
  readable: boolean;
}

export type { SimulatorToken };

export interface SimulatorState {
  users: SimulatorUser[];
  /** The live Kantega SSO configuration; snapshots capture it, restore puts it back. */
  config: Record<string, unknown>;
  snapshots: SimulatorSnapshot[];
  tokens: SimulatorToken[];
  /** Clock used for expiry, ping and new records; tests may override: `sim.state.now = () => fixed`. */
  now(): number;
}

export interface RecordedRequest {
  method: string;
  /** As received, with context path and query. */
  path: string;
  /** Lower-cased names; the authorization value is replaced by its scheme only, e.g. 'Basic'. */
  headers: Record<string, string>;
  body?: string;
}

export type Fault =
  | { type: 'latency'; ms: number }
  | { type: 'status'; status: number; retryAfterSeconds?: number; body?: string; contentType?: string }
  | { type: 'reset' }
  | { type: 'html' }
  | { type: 'malformedJson' }
  | { type: 'wrongType'; field: string; value: unknown }
  | { type: 'dropField'; field: string };

export interface FaultOptions {
  /** Default 1; Infinity for always. */
  times?: number;
  pathIncludes?: string;
  method?: string;
}

export interface Simulator {
  /** Origin + contextPath, e.g. http://127.0.0.1:43123/jira */
  readonly baseUrl: string;
  readonly port: number;
  readonly version: SimulatorVersion;
  /** PEM to trust when tls: the self-signed certificate, or the internal CA's. */
  readonly caCertificate?: string;
  /** Path of that PEM on disk (removed by close()). */
  readonly caCertificatePath?: string;
  readonly state: SimulatorState;
  readonly requests: RecordedRequest[];
  /** TCP connections accepted so far: shows whether clients reuse connections (keep-alive). */
  readonly connectionCount: number;
  inject(fault: Fault, opts?: FaultOptions): void;
  clearFaults(): void;
  /** Issues a token for a user directly (as if created in the UI); returns its id and secret. */
  issueToken(
    username: string,
    opts?: { name?: string; description?: string; validForDays?: number | 'forever'; createdAt?: number },
  ): { id: number; secret: string };
  setVersion(version: SimulatorVersion): void;
  setLoginRedirect(on: boolean): void;
  close(): Promise<void>;
}

export const DEFAULT_USERS: readonly Readonly<SimulatorUser>[] = Object.freeze([
  { username: 'admin', password: 'admin', sysadmin: true, pat: 'admin-pat-0001' },
  { username: 'john.doe', password: 'john', sysadmin: false, pat: 'john-pat-0001' },
  { username: 'jane.roe', password: 'jane', sysadmin: false },
]);

const PLUGIN_VERSION: Record<SimulatorVersion, string> = { '5.7.0': '5.7.0', latest: '7.4.1' };
const JSON_TYPE = 'application/json;charset=UTF-8';
const TEXT_TYPE = 'text/plain;charset=UTF-8';
const HTML_TYPE = 'text/html;charset=UTF-8';
const API = '/rest/ksso/api';
const SIMULATOR_CONFIG_PATH = '/rest/ksso-simulator/1.0/config';

/** What an endpoint answers, before faults alter it and it is written. */
interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

type Auth = { kind: 'anonymous' } | { kind: 'invalid' } | { kind: 'user'; user: SimulatorUser; token?: SimulatorToken };

type Access = 'public' | 'user' | 'sysadmin';

interface Endpoint {
  access: Access;
  handle(ctx: RequestContext): Reply;
}

interface RequestContext {
  user: SimulatorUser;
  authToken?: SimulatorToken;
  params: string[];
  query: URLSearchParams;
  body: string;
  api: TokenApiVersion;
}

interface PendingFault {
  fault: Fault;
  remaining: number;
  pathIncludes?: string;
  method?: string;
}

const deepCopy = <T>(value: T): T => structuredClone(value);

function normaliseContextPath(raw: string | undefined): string {
  if (raw === undefined) return '/jira';
  const trimmed = raw.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function jsonError(status: number, message: string): Reply {
  return { status, json: { message, 'status-code': status } };
}

function htmlPage(title: string, body: string): string {
  return (
    `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${title}</title></head>` +
    `<body><h1>${title}</h1>${body}</body></html>\n`
  );
}

function loginPage(): Reply {
  return {
    status: 200,
    contentType: HTML_TYPE,
    text: htmlPage(
      'Log in - Jira',
      '<form id="login-form" action="login.jsp" method="post"><input name="os_username"><input name="os_password" type="password">' +
        '<input type="submit" value="Log In"></form>',
    ),
  };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const contextPath = normaliseContextPath(options.contextPath);
  const host = options.host ?? '127.0.0.1';
  let version: SimulatorVersion = options.version ?? 'latest';
  let loginRedirect = options.loginRedirect ?? false;
  const applicationName = options.applicationName ?? 'JIRA';
  const applicationVersion = options.applicationVersion ?? '9.12.2';
  const pluginVersion = (): string => options.pluginVersion ?? PLUGIN_VERSION[version];
  const certificate =
    options.tls === 'internalCa'
      ? await generateCaSignedCertificate()
      : options.tls
        ? { ...(await generateSelfSignedCertificate()), caPem: undefined }
        : undefined;

  const state: SimulatorState = {
    users: (options.users ?? DEFAULT_USERS).map((u) => ({ ...u })),
    config: {},
    snapshots: [],
    tokens: [],
    now: () => Date.now(),
  };
  const requests: RecordedRequest[] = [];
  let faults: PendingFault[] = [];
  let baseUrl = '';
  let lastTokenId = 0;

  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const findUser = (username: string) => state.users.find((u) => u.username === username);
  const isExpired = (t: SimulatorToken) => t.expiresAt !== undefined && t.expiresAt <= state.now();

  function nextTokenId(): number {
    lastTokenId = Math.max(lastTokenId, ...state.tokens.map((t) => t.id)) + 1;
    return lastTokenId;
  }

  function addToken(
    username: string,
    name: string,
    description: string,
    validForDays: number | 'forever',
    createdAt: number,
  ): SimulatorToken {
    const token: SimulatorToken = {
      id: nextTokenId(),
      username,
      name,
      description,
      secret: newTokenSecret(),
      createdAt,
      ...(validForDays === 'forever' ? {} : { expiresAt: createdAt + validForDays * DAY_MS, validForDays }),
    };
    state.tokens.push(token);
    return token;
  }

  function takeSnapshot(
    description: string | undefined,
    timeMillis: number,
    config: Record<string, unknown>,
  ): SimulatorSnapshot {
    const stamp = `sso-snapshot-${snapshotStamp(timeMillis)}`;
    let id = stamp;
    for (let n = 2; state.snapshots.some((s) => s.id === id); n++) id = `${stamp}-${n}`;
    const snapshot: SimulatorSnapshot = {
      id,
      description: description ?? id,
      filename: `${id}.zip`,
      timeMillis,
      config: deepCopy(config),
      applicationName,
      applicationVersion,
      pluginVersion: pluginVersion(),
      baseUrl,
      readable: true,
    };
    state.snapshots.push(snapshot);
    return snapshot;
  }

  function snapshotRecord(s: SimulatorSnapshot): Record<string, unknown> {
    return {
      applicationName: s.applicationName,
      applicationVersion: s.applicationVersion,
      pluginVersion: s.pluginVersion,
      baseUrl: s.baseUrl,
      timeMillis: s.timeMillis,
      description: s.description,
      filename: s.filename,
      id: s.id,
      readable: s.readable,
    };
  }

  // ---- authentication -------------------------------------------------------------------------

  function authenticate(header: string | undefined): Auth {
    if (!header) return { kind: 'anonymous' };
    const [scheme, ...rest] = header.trim().split(/\s+/);
    const value = rest.join(' ');
    if (/^basic$/i.test(scheme)) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return { kind: 'invalid' };
      const user = findUser(decoded.slice(0, colon));
      const secret = decoded.slice(colon + 1);
      if (!user || secret === '') return { kind: 'invalid' };
      if (secret === user.password) return { kind: 'user', user };
      const token = state.tokens.find((t) => t.username === user.username && t.secret === secret && !isExpired(t));
      return token ? { kind: 'user', user, token } : { kind: 'invalid' };
    }
    if (/^bearer$/i.test(scheme)) {
      const user = value ? state.users.find((u) => u.pat === value) : undefined;
      return user ? { kind: 'user', user } : { kind: 'invalid' };
    }
    return { kind: 'invalid' };
  }

  function notAuthenticated(failed: boolean, pathAndQuery: string): Reply {
    if (loginRedirect) {
      return {
        status: 302,
        headers: { location: `${contextPath}/login.jsp?os_destination=${encodeURIComponent(pathAndQuery)}` },
        contentType: HTML_TYPE,
        text: '',
      };
    }
    return {
      ...jsonError(401, 'Client must be authenticated to access this resource.'),
      headers: {
        'www-authenticate': 'Basic realm="protected-area"',
        'x-seraph-loginreason': failed ? 'AUTHENTICATED_FAILED' : 'AUTHENTICATION_DENIED',
      },
    };
  }

  // ---- endpoints --------------------------------------------------------------------------------

  function parseJsonBody(body: string): { ok: true; value: Record<string, unknown> } | { ok: false; reply: Reply } {
    if (body.trim() === '') return { ok: true, value: {} };
    try {
      const value: unknown = JSON.parse(body);
      if (value && typeof value === 'object' && !Array.isArray(value))
        return { ok: true, value: value as Record<string, unknown> };
    } catch {
      // fall through to the 400 below
    }
    return { ok: false, reply: jsonError(400, 'The request body must be a JSON object.') };
  }

  function ownToken(ctx: RequestContext, id: number): SimulatorToken | undefined {
    return state.tokens.find((t) => t.id === id && t.username === ctx.user.username);
  }

  const parseId = (raw: string | null | undefined): number | undefined =>
    raw && /^\d+$/.test(raw) ? Number(raw) : undefined;

  function deleteToken(token: SimulatorToken | undefined, rawId: string): Reply {
    if (!token) return { status: 404, contentType: TEXT_TYPE, text: `API token with id ${rawId} not found` };
    state.tokens = state.tokens.filter((t) => t !== token);
    return { status: 200, contentType: TEXT_TYPE, text: `API token with id ${token.id} deleted` };
  }

  const byIdDescending = (a: SimulatorToken, b: SimulatorToken) => b.id - a.id;

  const snapshotEndpoints: Record<string, Endpoint> = {
    list: {
      access: 'sysadmin',
      handle: () => ({
        status: 200,
        json: [...state.snapshots].sort((a, b) => b.timeMillis - a.timeMillis).map(snapshotRecord),
      }),
    },
    take: {
      access: 'sysadmin',
      handle: (ctx) => {
        const description = ctx.query.get('description');
        const snapshot = takeSnapshot(description || undefined, state.now(), state.config);
        return { status: 200, json: snapshotRecord(snapshot) };
      },
    },
    restore: {
      access: 'sysadmin',
      handle: (ctx) => {
        const snapshot = state.snapshots.find((s) => s.id === ctx.params[0]);
        if (!snapshot) return jsonError(404, `Snapshot with id ${ctx.params[0]} not found`);
        state.config = deepCopy(snapshot.config);
        return { status: 200, json: snapshotRecord(snapshot) };
      },
    },
  };

  const tokenEndpoints: Record<string, Endpoint> = {
    allTokens: {
      access: 'sysadmin',
      handle: (ctx) => ({
        status: 200,
        json: {
          allApiTokens: [...state.tokens].sort(byIdDescending).map((t) => tokenListRecord(t, state.now(), ctx.api)),
        },
      }),
    },
    adminDelete: {
      access: 'sysadmin',
      handle: (ctx) => {
        const id = parseId(ctx.params[0]);
        return deleteToken(
          state.tokens.find((t) => t.id === id),
          ctx.params[0],
        );
      },
    },
    myTokens: {
      access: 'user',
      handle: (ctx) => ({
        status: 200,
        json: state.tokens
          .filter((t) => t.username === ctx.user.username)
          .sort(byIdDescending)
          .map((t) => tokenListRecord(t, state.now(), ctx.api)),
      }),
    },
    create: {
      access: 'user',
      handle: (ctx) => {
        const parsed = parseJsonBody(ctx.body);
        if (!parsed.ok) return parsed.reply;
        const request = parsed.value;
        const now = state.now();
        let validity: number | 'forever' = 30;
        if (
          request.isValidForever === true ||
          (typeof request.validForDays === 'string' && /^forever$/i.test(request.validForDays))
        ) {
          validity = 'forever';
        } else if (request.validForDays !== undefined && request.validForDays !== null && request.validForDays !== '') {
          const days =
            typeof request.validForDays === 'number'
              ? request.validForDays
              : typeof request.validForDays === 'string' && /^\s*\d+\s*$/.test(request.validForDays)
                ? Number(request.validForDays)
                : NaN;
          if (!Number.isInteger(days) || days < 1)
            return jsonError(400, 'validForDays must be a whole number of days, at least 1.');
          validity = days;
        }
        const name =
          typeof request.tokenName === 'string' && request.tokenName.trim() !== ''
            ? request.tokenName
            : `api_token_${localDateTimeMillis(now)}`;
        const description = typeof request.description === 'string' ? request.description : '';
        const token = addToken(ctx.user.username, name, description, validity, now);
        return { status: 201, json: createdTokenRecord(token) };
      },
    },
    myDelete: {
      access: 'user',
      handle: (ctx) => {
        const id = parseId(ctx.params[0]);
        return deleteToken(id === undefined ? undefined : ownToken(ctx, id), ctx.params[0]);
      },
    },
    expiryStatus: {
      access: 'user',
      handle: (ctx) => {
        const raw = ctx.query.get('id');
        const id = parseId(raw);
        if (id === undefined) return jsonError(400, 'Query parameter id (a token id) is required.');
        const token = ownToken(ctx, id);
        if (!token) return jsonError(404, `API token with id ${raw} not found`);
        return { status: 200, json: expiryStatusRecord(token, state.now(), ctx.api) };
      },
    },
    refresh: {
      access: 'user',
      handle: (ctx) => {
        const parsed = parseJsonBody(ctx.body);
        if (!parsed.ok) return parsed.reply;
        const secret = parsed.value.apiToken;
        let token: SimulatorToken | undefined;
        if (typeof secret === 'string' && secret !== '') {
          token = state.tokens.find((t) => t.secret === secret && t.username === ctx.user.username);
          if (!token) return jsonError(404, 'API token not found');
        } else if (ctx.authToken) {
          token = ctx.authToken;
        } else {
          return jsonError(400, 'Send {"apiToken": "<token>"} or authenticate with the API token to renew it.');
        }
        if (token.expiresAt !== undefined) {
          const days = token.validForDays ?? Math.max(1, Math.round((token.expiresAt - token.createdAt) / DAY_MS));
          token.expiresAt = state.now() + days * DAY_MS;
        }
        return { status: 200, json: expiryStatusRecord(token, state.now(), ctx.api) };
      },
    },
  };

  const ping: Endpoint = {
    access: 'public',
    handle: () => {
      const now = state.now();
      return { status: 200, json: { datetime: zonedDateTime(now), response: 'pong', timestamp: now } };
    },
  };

  /** Routes a context-relative path; undefined = unknown path, 'method' = known path, other method. */
  function matchEndpoint(
    method: string,
    path: string,
  ): { endpoint: Endpoint; params: string[]; api: TokenApiVersion } | 'method' | undefined {
    const routes: Array<[RegExp, Record<string, Endpoint>]> = [
      [/^\/info\/1\.0\/ping\/?$/, { GET: ping }],
      [/^\/snapshot\/1\.0\/config\/snapshot\/?$/, { GET: snapshotEndpoints.list, POST: snapshotEndpoints.take }],
      [/^\/snapshot\/1\.0\/config\/snapshot\/restore\/([^/]+)\/?$/, { POST: snapshotEndpoints.restore }],
      [/^\/apitokens\/(?:2\.0|3\.0)\/admin\/tokens\/?$/, { GET: tokenEndpoints.allTokens }],
      [/^\/apitokens\/(?:2\.0|3\.0)\/admin\/delete\/([^/]+)\/?$/, { DELETE: tokenEndpoints.adminDelete }],
      [/^\/apitokens\/(?:2\.0|3\.0)\/user\/tokens\/?$/, { GET: tokenEndpoints.myTokens, POST: tokenEndpoints.create }],
      [/^\/apitokens\/(?:2\.0|3\.0)\/user\/delete\/([^/]+)\/?$/, { DELETE: tokenEndpoints.myDelete }],
      [/^\/apitokens\/(?:2\.0|3\.0)\/user\/expiry\/status\/?$/, { GET: tokenEndpoints.expiryStatus }],
      [/^\/apitokens\/(?:2\.0|3\.0)\/user\/refresh\/?$/, { PUT: tokenEndpoints.refresh }],
    ];
    if (!path.startsWith(`${API}/`)) return undefined;
    const apiPath = path.slice(API.length);
    const api: TokenApiVersion = apiPath.startsWith('/apitokens/3.0/') ? '3.0' : '2.0';
    // 5.7.0 only has the 2.0 token API: the 3.0 resources do not exist there.
    if (api === '3.0' && version === '5.7.0') return undefined;
    for (const [pattern, byMethod] of routes) {
      const match = pattern.exec(apiPath);
      if (!match) continue;
      const endpoint = byMethod[method];
      if (!endpoint) return 'method';
      return { endpoint, params: match.slice(1).map((p) => decodeURIComponent(p)), api };
    }
    return undefined;
  }

  function route(method: string, rawUrl: string, headers: http.IncomingHttpHeaders, body: string): Reply {
    const url = new URL(rawUrl, 'http://simulator.invalid');
    let path = url.pathname;
    if (contextPath) {
      if (path !== contextPath && !path.startsWith(`${contextPath}/`)) {
        return {
          status: 404,
          contentType: HTML_TYPE,
          text: htmlPage('HTTP Status 404 – Not Found', '<p>The requested resource is not available.</p>'),
        };
      }
      path = path.slice(contextPath.length) || '/';
    }
    const pathAndQuery = path + url.search;

    if (path === SIMULATOR_CONFIG_PATH) {
      if (method === 'GET') return { status: 200, json: state.config };
      if (method === 'PUT') {
        const parsed = parseJsonBody(body);
        if (!parsed.ok) return parsed.reply;
        state.config = parsed.value;
        return { status: 200, json: state.config };
      }
      return jsonError(405, 'Method not allowed');
    }
    if (path === '/login.jsp' && method === 'GET') return loginPage();

    const auth = authenticate(headers.authorization);
    if (auth.kind === 'invalid') return notAuthenticated(true, pathAndQuery);

    const match = matchEndpoint(method, path);
    if (match === undefined) {
      if (path.startsWith('/rest/')) return jsonError(404, `null for uri: ${baseUrl}${pathAndQuery}`);
      return {
        status: 404,
        contentType: HTML_TYPE,
        text: htmlPage("Oops, you've found a dead link.", '<p>Page not found.</p>'),
      };
    }
    if (match === 'method') return { status: 405, contentType: TEXT_TYPE, text: '' };
    const { endpoint, params, api } = match;

    if (endpoint.access !== 'public' && auth.kind !== 'user') return notAuthenticated(false, pathAndQuery);
    if (method !== 'GET' && method !== 'HEAD') {
      const noCheck = String(headers['x-atlassian-token'] ?? '').toLowerCase() === 'no-check';
      const jsonBody = /application\/json/i.test(String(headers['content-type'] ?? ''));
      if (!noCheck && !jsonBody) return { status: 403, contentType: TEXT_TYPE, text: 'XSRF check failed' };
    }
    if (endpoint.access === 'sysadmin' && auth.kind === 'user' && !auth.user.sysadmin) {
      return jsonError(403, 'You must be a system administrator to access this resource.');
    }
    const user = auth.kind === 'user' ? auth.user : { username: 'anonymous', password: '', sysadmin: false };
    const authToken = auth.kind === 'user' ? auth.token : undefined;
    return endpoint.handle({ user, authToken, params, query: url.searchParams, body, api });
  }

  // ---- faults -----------------------------------------------------------------------------------

  function takeFault(method: string, path: string): Fault | undefined {
    const pending = faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.pathIncludes === undefined || path.includes(f.pathIncludes)) &&
        (f.method === undefined || f.method.toUpperCase() === method),
    );
    if (!pending) return undefined;
    pending.remaining -= 1;
    faults = faults.filter((f) => f.remaining > 0);
    return pending.fault;
  }

  function alterJson(reply: Reply, change: (record: Record<string, unknown>) => void): Reply {
    if (reply.json === undefined) return reply;
    const json = deepCopy(reply.json);
    const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
    const targets: unknown[] = Array.isArray(json)
      ? json
      : isRecord(json) && Array.isArray(json.allApiTokens)
        ? json.allApiTokens
        : [json];
    for (const target of targets) if (isRecord(target)) change(target);
    return { ...reply, json };
  }

  function applyAnswerFault(reply: Reply, fault: Fault): Reply {
    switch (fault.type) {
      case 'malformedJson': {
        const text = reply.json === undefined ? '{"response": "po' : JSON.stringify(reply.json);
        return { status: 200, contentType: JSON_TYPE, text: text.slice(0, Math.max(1, Math.floor(text.length / 2))) };
      }
      case 'wrongType':
        return alterJson(reply, (record) => {
          record[fault.field] = fault.value;
        });
      case 'dropField':
        return alterJson(reply, (record) => {
          delete record[fault.field];
        });
      default:
        return reply;
    }
  }

  function faultReply(fault: Fault): Reply | undefined {
    if (fault.type === 'status') {
      const reason = http.STATUS_CODES[fault.status] ?? 'Error';
      return {
        status: fault.status,
        headers: fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {},
        contentType: fault.contentType ?? (fault.body !== undefined ? TEXT_TYPE : HTML_TYPE),
        text: fault.body ?? htmlPage(`${fault.status} ${reason}`, `<p>${reason}</p>`),
      };
    }
    if (fault.type === 'html') return loginPage();
    return undefined;
  }

  // ---- HTTP plumbing ------------------------------------------------------------------------------

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  function write(res: http.ServerResponse, reply: Reply, username: string): void {
    if (res.destroyed || res.writableEnded) return;
    const body = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? '');
    const contentType = reply.json !== undefined ? JSON_TYPE : (reply.contentType ?? TEXT_TYPE);
    res.writeHead(reply.status, {
      'content-type': contentType,
      'content-length': Buffer.byteLength(body),
      'x-ausername': username,
      'cache-control': 'no-cache, no-store, no-transform',
      ...reply.headers,
    });
    res.end(body);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';

    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      const text = Array.isArray(value) ? value.join(', ') : value;
      headers[name.toLowerCase()] = name.toLowerCase() === 'authorization' ? text.trim().split(/\s+/)[0] : text;
    }
    requests.push({ method, path: rawUrl, headers, ...(body !== '' ? { body } : {}) });

    const fault = takeFault(method, rawUrl);
    if (fault?.type === 'latency') await delay(fault.ms);
    if (fault?.type === 'reset') {
      req.socket.destroy();
      return;
    }
    const auth = authenticate(req.headers.authorization);
    const username = auth.kind === 'user' ? auth.user.username : 'anonymous';
    const replaced = fault ? faultReply(fault) : undefined;
    if (replaced) {
      write(res, replaced, username);
      return;
    }
    let reply = route(method, rawUrl, req.headers, body);
    if (fault) reply = applyAnswerFault(reply, fault);
    write(res, reply, username);
  }

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      write(
        res,
        jsonError(500, `Simulator failure: ${error instanceof Error ? error.message : String(error)}`),
        'anonymous',
      );
    });
  };
  const server = certificate
    ? https.createServer({ key: certificate.keyPem, cert: certificate.certPem }, listener)
    : http.createServer(listener);
  let connectionCount = 0;
  server.on('connection', (socket: Socket) => {
    connectionCount++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  baseUrl = `${certificate ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}${contextPath}`;

  if (options.seed ?? true) seedState();

  function seedState(): void {
    const now = state.now();
    const config = (revision: number, identityProviders: string[], lastChangedBy: string, daysAgo: number) => ({
      identityProviders,
      kerberosEnabled: revision > 5,
      revision,
      lastChangedBy,
      lastChangedAt: new Date(now - daysAgo * DAY_MS).toISOString(),
    });
    takeSnapshot(
      `Backup before upgrade of config from version [unknown version] to ${pluginVersion()}`,
      now - 30 * DAY_MS,
      config(3, ['Azure AD (SAML)'], 'admin', 31),
    );
    takeSnapshot(
      'test',
      now - 2 * DAY_MS - 3 * 60 * 60 * 1000,
      config(11, ['Azure AD (SAML)', 'Okta (OIDC)'], 'admin', 3),
    );
    state.config = config(12, ['Azure AD (SAML)', 'Okta (OIDC)', 'Google Workspace (OIDC)'], 'admin', 1);

    // Ids and names like the vendor examples, with an expiry spread: never, expired, ~5 days, ~170 days.
    const seedToken = (
      id: number,
      username: string,
      name: string,
      description: string,
      validForDays: number | 'forever',
      createdDaysAgo: number,
    ) => {
      lastTokenId = id - 1;
      addToken(username, name, description, validForDays, now - createdDaysAgo * DAY_MS + 41 * 60 * 1000);
    };
    const purpose = "Longer free-text optional description about the token's purpose";
    seedToken(97, 'john.doe', 'User token 1', '', 30, 25);
    seedToken(98, 'john.doe', 'Google drive service', 'Syncs Jira attachments to the shared drive', 180, 10);
    seedToken(129, 'admin', 'Old build server', purpose, 30, 35);
    seedToken(130, 'admin', 'non-expiring', purpose, 'forever', 40);
  }

  return {
    get baseUrl() {
      return baseUrl;
    },
    port,
    get version() {
      return version;
    },
    ...(certificate
      ? { caCertificate: certificate.caPem ?? certificate.certPem, caCertificatePath: certificate.certPath }
      : {}),
    state,
    requests,
    get connectionCount() {
      return connectionCount;
    },
    inject(fault, opts = {}) {
      faults.push({
        fault,
        remaining: opts.times ?? 1,
        pathIncludes: opts.pathIncludes,
        method: opts.method?.toUpperCase(),
      });
    },
    clearFaults() {
      faults = [];
    },
    issueToken(username, opts = {}) {
      if (!findUser(username)) throw new Error(`No simulator user ${username}`);
      const createdAt = opts.createdAt ?? state.now();
      const token = addToken(
        username,
        opts.name ?? `api_token_${localDateTimeMillis(createdAt)}`,
        opts.description ?? '',
        opts.validForDays ?? 30,
        createdAt,
      );
      return { id: token.id, secret: token.secret };
    },
    setVersion(next) {
      version = next;
    },
    setLoginRedirect(on) {
      loginRedirect = on;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await closed;
      if (certificate) await rm(certificate.dir, { recursive: true, force: true });
    },
  };
}
