// The simulator's public types: what tests, the demo and the CLI program against.
import type { SimulatorToken } from './format';

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
  /** Generated records on top of the seed (or of nothing with seed: false): see SeedVolume. */
  seedVolume?: SeedVolume;
  /** Adds hostile records (see seedHostile and HOSTILE) after the seed and volume. */
  hostile?: boolean;
  /**
   * Default true: the identity-provider family (`ksso/api/idp/1.0`) exists in 'latest' mode. False:
   * it answers 404 like an unknown resource, as it always does in '5.7.0' mode (see setIdpApi).
   */
  idpApi?: boolean;
  /**
   * Default false: `%2F` in a path is decoded into the path parameter (a group or id `a/b` works).
   * True: any path with `%2F` answers 400 with an HTML page, as Tomcat does by default
   * (encodedSolidusHandling="reject") on a real Jira, Confluence or Bitbucket.
   */
  rejectEncodedSlash?: boolean;
  /**
   * Jira's CAPTCHA rule: once a user has this many consecutive failed Basic sign-ins, every Basic
   * request of that user answers 403 CAPTCHA_CHALLENGE until clearCaptcha. Default 0 = off, because
   * existing suites send wrong passwords on purpose; Jira's own default is JIRA_CAPTCHA_AFTER_FAILURES
   * (3), which the CLI uses. 0 or Infinity = off.
   */
  captchaAfterFailures?: number;
  /**
   * A single sign-on gateway in front of `<base>/rest/`: requests answer 302 to a SAML (default) or
   * OIDC login on another host, except Basic requests with a valid Kantega API token (by default).
   * `true` = all defaults. Default off.
   */
  ssoGateway?: boolean | SsoGatewayOptions;
}

export interface SsoGatewayOptions {
  /** Default 'saml': `?SAMLRequest=...&RelayState=...`; 'oidc': `?response_type=code&client_id=jira&...`. */
  protocol?: 'saml' | 'oidc';
  /** Default `https://idp.example.test/adfs/ls/` (saml) or `https://idp.example.test/oauth2/authorize` (oidc). */
  loginUrl?: string;
  /** Default true: Basic with a valid Kantega API token passes (the vendor accepts tokens on /rest by default). */
  exemptApiTokens?: boolean;
}

/** Jira's default `jira.maximum.authentication.attempts.allowed`: the CAPTCHA after 3 failed sign-ins. */
export const JIRA_CAPTCHA_AFTER_FAILURES = 3;

/** Failed Basic sign-ins of one user: `consecutive` drives the CAPTCHA, `total` is never reset. */
export interface SignInFailures {
  consecutive: number;
  total: number;
}

/**
 * Realistic volumes. Users are user0001... (password = username, not sysadmin); tokens are spread
 * over all users (skewed: a few own many) with ~15% expired, ~10% expiring within a week, ~45%
 * within a year and ~30% never; snapshots are spread over the last two years (at least a minute
 * apart), every tenth an upgrade backup (`Backup before upgrade of config from version 7.3.0 to
 * 7.4.1` is the newest of those).
 */
export interface SeedVolume {
  users?: number;
  tokens?: number;
  snapshots?: number;
  /**
   * Identity providers to add (names like Azure AD, Okta, AD FS..., 20-character ids, every fourth
   * inactive). Default 0, or 1 when only `groups` is given.
   */
  idps?: number;
  /** Managed groups of each generated IdP (not a total): `{ idps: 1, groups: 10_000 }` is one IdP with 10,000. */
  groups?: number;
  /** Default 1: the same seed generates the same names, owners, expiries and times (secrets stay random). */
  randomSeed?: number;
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

/**
 * An identity provider as the simulator keeps it: in the live config under `config.idps` (so
 * snapshots capture it and restore puts it back). The API lists `{id, name}` of every entry, active
 * or not, and serves `managedGroups` as stored, in the order they were added (duplicates included).
 */
export interface SimulatorIdp {
  /** Opaque, like `1ncq3jsPC74BGuNnfZPl`; any string. */
  id: string;
  name: string;
  /** Not in any API answer; inactive IdPs are listed too. */
  enabled: boolean;
  managedGroups: string[];
}

/** One add of a managed group that answered 2xx, in order. */
export interface ManagedGroupAdd {
  idpId: string;
  group: string;
  /** state.now() when it was answered. */
  at: number;
  /** False when state.idpAddIgnored swallowed it: the answer was 204 but the group was not added. */
  applied: boolean;
}

export interface SimulatorState {
  users: SimulatorUser[];
  /** The live Kantega SSO configuration; snapshots capture it, restore puts it back. */
  config: Record<string, unknown>;
  snapshots: SimulatorSnapshot[];
  tokens: SimulatorToken[];
  /** Clock used for expiry, ping and new records; tests may override: `sim.state.now = () => fixed`. */
  now(): number;
  /** Appended to the message of every error answer (status >= 400, JSON or plain text); hostile mode. */
  errorSuffix?: string;
  /** Every managed-group add answered 2xx, in order (shared by cluster nodes). */
  managedGroupAdds: ManagedGroupAdd[];
  /**
   * The "silent no-op" quirk: an add of a managed group answers 204 as usual (after the same
   * checks) but changes nothing. true = for every IdP; an array = for the IdPs with those ids.
   */
  idpAddIgnored?: boolean | string[];
  /** Consecutive failures at which the CAPTCHA starts; 0 (or Infinity) = off. Cluster nodes share it. */
  captchaAfterFailures: number;
  /** Failed Basic sign-ins by user name (existing users only). Cluster nodes share it (one database). */
  signInFailures: Map<string, SignInFailures>;
}

export interface RecordedRequest {
  method: string;
  /** As received, with context path and query. */
  path: string;
  /** Lower-cased names; the authorization value is replaced by its scheme only, e.g. 'Basic'. */
  headers: Record<string, string>;
  body?: string;
  /**
   * Set once Jira's sign-in let the request in: who, and with which kind of credential (the token's
   * id for API tokens), never the secret. Unset for anonymous requests and for answers Jira's
   * sign-in never saw (replacement and proxy faults).
   */
  signedInAs?: { username: string; kind: 'password' | 'apiToken' | 'pat'; tokenId?: number };
  /** Set when Jira's sign-in refused the credentials: `true` for wrong ones (401, or 302 in loginRedirect mode). */
  authFailed?: true | 'captcha';
}

export type Fault =
  | { type: 'latency'; ms: number }
  | {
      type: 'status';
      status: number;
      retryAfterSeconds?: number;
      /**
       * `Retry-After` as sent: a number of seconds, a Date (sent as an HTTP date), or a raw string
       * (e.g. a malformed value). Wins over retryAfterSeconds.
       */
      retryAfter?: number | string | Date;
      body?: string;
      contentType?: string;
    }
  | { type: 'reset' }
  | { type: 'html' }
  | { type: 'malformedJson' }
  | { type: 'wrongType'; field: string; value: unknown }
  | { type: 'dropField'; field: string }
  /** Answers exactly `body` (default 200 application/json), e.g. ids beyond 2^53 as literal JSON text. */
  | { type: 'rawBody'; body: string; status?: number; contentType?: string; headers?: Record<string, string> }
  /** The normal answer (endpoint runs), its body sent `chunkBytes` (default 16) every `intervalMs` (default 20). */
  | { type: 'drip'; chunkBytes?: number; intervalMs?: number }
  /**
   * 200 application/json with headers, then an array that never ends: `chunkBytes` (default 1024)
   * every `intervalMs` (default 10) until the client disconnects. The endpoint does not run.
   */
  | { type: 'endless'; chunkBytes?: number; intervalMs?: number }
  /** 200 with a valid JSON array of exactly `mebibytes` MiB (Content-Length set), generated as it is sent. */
  | { type: 'huge'; mebibytes: number }
  /**
   * An error (default 500 text/plain) whose body echoes the Authorization header verbatim; with
   * `decoded`, also the Basic credentials as `user:password`, URL-encoded, and user and password on
   * separate lines: material for redaction tests. The endpoint does not run.
   */
  | { type: 'echoAuthorization'; status?: number; decoded?: boolean }
  /**
   * The error page a reverse proxy in front of Jira sends, byte for byte, with that proxy's status
   * line and headers (Server, Content-Type) and none of Jira's. The endpoint does not run.
   */
  | { type: 'proxyErrorPage'; status: 502 | 503 | 504; server: 'nginx' | 'apache' | 'haproxy' | 'aws-alb' };

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
  /** Bodies still being written by drip, endless or huge faults: 0 once their clients have gone. */
  readonly activeStreams: number;
  inject(fault: Fault, opts?: FaultOptions): void;
  clearFaults(): void;
  /** Issues a token for a user directly (as if created in the UI); returns its id and secret. */
  issueToken(
    username: string,
    opts?: { name?: string; description?: string; validForDays?: number | 'forever'; createdAt?: number },
  ): { id: number; secret: string };
  setVersion(version: SimulatorVersion): void;
  setLoginRedirect(on: boolean): void;
  /** Turns the identity-provider family on or off in 'latest' mode ('5.7.0' never has it). */
  setIdpApi(on: boolean): void;
  /**
   * Adds an identity provider to the live config (as if configured in the UI) and returns its id:
   * `id`, or a random 20-character one. Throws when an IdP with that id exists.
   */
  addIdp(name: string, id?: string, opts?: { enabled?: boolean; managedGroups?: string[] }): string;
  /** Replaces an IdP's managed groups (kept as given: order, duplicates). Throws for an unknown id. */
  setManagedGroups(idpId: string, groups: string[]): void;
  /** A copy of the configured IdPs with their managed groups (the live config's `idps`). */
  idps(): SimulatorIdp[];
  /** Turns the SSO gateway on (`true` or options) or off, like the ssoGateway option; this node only. */
  setSsoGateway(on: boolean | SsoGatewayOptions): void;
  /**
   * What signing in once in the browser does: resets the user's consecutive failures (every user's
   * without a name), lifting the CAPTCHA. Totals stay. Throws for an unknown user name.
   */
  clearCaptcha(username?: string): void;
  /** Every failed Basic sign-in the server saw for the user (wrong secret or refused by the CAPTCHA); never reset. */
  failedSignIns(username: string): number;
  /** Whether the user's Basic requests now meet the CAPTCHA. */
  captchaRequired(username: string): boolean;
  close(): Promise<void>;
}

export const DEFAULT_USERS: readonly Readonly<SimulatorUser>[] = Object.freeze([
  { username: 'admin', password: 'admin', sysadmin: true, pat: 'admin-pat-0001' },
  { username: 'john.doe', password: 'john', sysadmin: false, pat: 'john-pat-0001' },
  { username: 'jane.roe', password: 'jane', sysadmin: false },
]);
