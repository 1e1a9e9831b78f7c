// The shapes the rest of the extension sees, after the client has normalised what servers send.
// Nothing here imports `vscode`: the core is plain TypeScript, tested against the simulator.

/**
 * The range of times the model holds, epoch ms: 1970-01-01 to 9999-12-31 (UTC). A server time
 * outside it is taken as unknown: beyond it dates print as `NaN-NaN-NaN` or "in 31688087757 years".
 */
/** One day in milliseconds: the unit of token validity and of expiry warnings. */
export const DAY_MS = 86_400_000;

const EARLIEST_TIME_MS = 0;
const LATEST_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function isPlausibleTime(ms: number): boolean {
  return ms >= EARLIEST_TIME_MS && ms <= LATEST_TIME_MS;
}

/** How the client authenticates. Kantega API tokens go as Basic `user:token`, PATs as Bearer. */
export type CredentialKind = 'password' | 'apiToken' | 'pat';

export interface Credential {
  readonly kind: CredentialKind;
  readonly username: string;
  /** The password, Kantega API token or personal access token. Never logged, never in an error. */
  readonly secret: string;
}

/** Which token REST API an instance answers: 3.0 (current) or 2.0 (5.7.0 and older, with the name bug). */
export type TokenApiVersion = '3.0' | '2.0';

export interface PingResult {
  /** Server clock, epoch ms, from the answer's `timestamp`. */
  readonly serverTime: number;
  /** Server clock minus local clock, corrected for half the round trip, in ms. SAML breaks on skew. */
  readonly clockSkewMs: number;
  /** Round trip of the ping, ms. */
  readonly roundTripMs: number;
  /** The server's time zone from its `datetime`: `UTC+02:00 (Europe/Oslo)`, `UTC`; undefined when it gave none. */
  readonly serverZone?: string;
}

export interface Snapshot {
  /** Safe to restore by: not blank, not `.` or `..`; no `/`, `\`, control or bidi characters, or lone surrogates. */
  readonly id: string;
  /** Never blank: the description, else the file name, else the id. */
  readonly description: string;
  readonly filename?: string;
  /** When it was taken, epoch ms; undefined when the server did not say or said no plausible time. */
  readonly timeMillis?: number;
  readonly applicationName?: string;
  readonly applicationVersion?: string;
  readonly pluginVersion?: string;
  readonly baseUrl?: string;
  readonly readable: boolean;
}

export interface ApiToken {
  /**
   * A safe integer >= 0; undefined when the server's record had no usable id: such a token cannot be
   * deleted or renewed from here.
   */
  readonly id?: number;
  /** Never blank: the name, else (API 1.0/2.0) the description, else `Token <id>`. */
  readonly name: string;
  /** The free-text description; undefined when unknown (API 2.0 does not return it on GET). */
  readonly description?: string;
  /** True when `description` is unknown because of API 2.0's bug (not because it is empty). */
  readonly descriptionUnknown: boolean;
  readonly username?: string;
  /** Epoch ms, from `createdAtMillis`. */
  readonly createdAt?: number;
  /** The server's local `createdAt` text, as sent (no zone). */
  readonly createdAtText?: string;
  /** Absolute expiry, epoch ms; undefined when it never expires or could not be derived. */
  readonly expiresAt?: number;
  /** The server's `expiresAt` text (`2022-02-04T08:41`, or `Never`), as sent. */
  readonly expiresAtText?: string;
  readonly neverExpires: boolean;
  /** `validForDays` when the server said it (create answers): a number of days, or undefined for forever/unknown. */
  readonly validForDays?: number;
  /** Whether delete/renew/expiry-status can address this token (it has an id). */
  readonly actionable: boolean;
}

/** A freshly created token. `secret` is shown once to the user and then forgotten. */
export interface CreatedToken extends ApiToken {
  readonly secret: string;
}

export interface TokenExpiry {
  readonly id?: number;
  readonly name?: string;
  readonly expiresAt?: number;
  readonly expiresAtText?: string;
  readonly neverExpires: boolean;
  /** Whole days left (negative once expired). */
  readonly daysLeft?: number;
}

export interface CreateTokenRequest {
  readonly name?: string;
  readonly description?: string;
  /** Days of validity; `'forever'` for a token that never expires; undefined for the server default (30). */
  readonly validity?: number | 'forever';
}

/** Options common to every operation. */
/**
 * An identity provider an instance trusts (`ksso/api/idp/1.0`). `id` is opaque server text: it goes
 * into a request's path only after isSafePathSegment; `name` is never blank (the id stands in).
 */
export interface IdentityProvider {
  readonly id: string;
  readonly name: string;
}

/** What adding a managed group came to, read back from the list that followed the add. */
export interface ManagedGroupAdd {
  /** Whether the IdP's managed groups listed the group after the add answered 2xx. */
  readonly listed: boolean;
  /** The add's HTTP status (2xx). */
  readonly status: number;
  /** The add's answer body as one inert line, '' when it had none. */
  readonly answer: string;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** Network settings the editor layer passes in (from VS Code's and our own settings). */
export interface NetworkOptions {
  /** Per-request timeout in ms. Default 30 000. */
  readonly timeoutMs?: number;
  /** `http://proxy:3128`; when undefined, HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment apply. */
  readonly proxyUrl?: string;
  /** Comma- or array-separated hosts that bypass the proxy (like NO_PROXY). */
  readonly noProxy?: readonly string[];
  /** Verify TLS certificates (default true). */
  readonly strictTls?: boolean;
  /** Extra trusted CA certificates, PEM text (added to Node's defaults). */
  readonly caCertificates?: readonly string[];
  /** Trust the operating system's certificate store too, as VS Code's http.systemCertificates (default true). */
  readonly systemCertificates?: boolean;
  /** Told once per process why the OS store or NODE_EXTRA_CA_CERTS could not be read (for the log). */
  readonly onCertificateProblem?: (problem: string) => void;
  /** Bounded retries for idempotent GETs on 429/502/503/504 and resets. Default 2. */
  readonly maxRetries?: number;
  /** Upper bound on our own backoff between retries, ms; a server's Retry-After is never cut. Default 10 000. */
  readonly maxRetryDelayMs?: number;
}

/** One line per request for the log channel: never headers, never bodies, never secrets. */
export interface RequestLogEntry {
  readonly method: string;
  /** Path below the instance's base URL, with query (no secrets are ever sent in URLs). */
  readonly path: string;
  /** HTTP status, or undefined when no answer came. */
  readonly status?: number;
  readonly durationMs: number;
  /** Retry attempt number, 0 for the first try. */
  readonly attempt: number;
  /** The error kind when the request failed. */
  readonly error?: string;
}
