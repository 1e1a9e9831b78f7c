// The one place that talks HTTP: a keep-alive undici dispatcher per instance (proxy and TLS
// settings applied), timeouts, bounded retries of idempotent requests, and the translation of
// every failure into a KantegaError a person can act on.
import { rootCertificates } from 'node:tls';
import { EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import { KantegaError, type KantegaErrorKind } from './errors';
import type { NetworkOptions, RequestLogEntry } from './model';

export const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_MAX_RETRY_DELAY_MS = 10_000;
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
/** Bodies larger than this are cut: a Kantega answer is a few KiB; anything else is an error page. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the base URL, starting with `/rest/`, query included. */
  readonly path: string;
  /** Sent as JSON with `Content-Type: application/json`. */
  readonly json?: unknown;
  /** Overrides the client's Authorization header (for example, renewing with the token itself). */
  readonly authorization?: string;
  /** What the user asked for, for messages: "list snapshots", "create an API token". */
  readonly operation: string;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly contentType: string;
  readonly body: string;
  /** Local clock when the answer's headers arrived, epoch ms. */
  readonly receivedAt: number;
  /** Local clock when the request was sent, epoch ms. */
  readonly sentAt: number;
}

export interface HttpTransportOptions {
  readonly baseUrl: string;
  /** The Authorization header; undefined for anonymous requests. */
  readonly authorization?: string;
  /** Text that must never appear in a message (the credential's secret). */
  readonly secrets: readonly string[];
  readonly network?: NetworkOptions;
  readonly onRequest?: (entry: RequestLogEntry) => void;
}

export class HttpTransport {
  private readonly dispatcher: Dispatcher;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxRetryDelayMs: number;

  constructor(private readonly options: HttpTransportOptions) {
    const network = options.network ?? {};
    this.timeoutMs = network.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = network.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.maxRetryDelayMs = network.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
    this.dispatcher = createDispatcher(network);
  }

  /** Sends a request; GETs are retried on 429/502/503/504 and resets, other methods never. */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const retries = req.method === 'GET' ? this.maxRetries : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.sendOnce(req, attempt);
        if (attempt < retries && RETRYABLE_STATUSES.has(response.status)) {
          await sleep(this.retryDelay(attempt, response), req.signal);
          continue;
        }
        return response;
      } catch (e) {
        if (attempt < retries && e instanceof KantegaError && e.kind === 'connectionReset') {
          await sleep(this.retryDelay(attempt), req.signal);
          continue;
        }
        throw e;
      }
    }
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }

  /** Turns a server's error status into a KantegaError; callers handle the statuses they expect first. */
  statusError(req: HttpRequest, response: HttpResponse): KantegaError {
    const status = response.status;
    const details = { status, request: `${req.method} ${req.path}` };
    const what = `Could not ${req.operation}`;
    const toLogin = isLoginRedirect(response);
    if (toLogin || status === 401) {
      return new KantegaError(
        'unauthorized',
        `${what}: ${this.hostName()} did not accept the credentials (HTTP ${status}${toLogin ? ', redirected to a login page' : ''}). Check the username and the password or token, and set the credential again.`,
        details,
      );
    }
    if (status === 403 && /xsrf/i.test(response.body)) {
      return new KantegaError(
        'xsrf',
        `${what}: the server's XSRF check rejected the request (HTTP 403). A proxy may be stripping the X-Atlassian-Token header; ask its administrator to let it through.`,
        details,
      );
    }
    if (status === 403) {
      return new KantegaError(
        'forbidden',
        `${what}: permission denied (HTTP 403). This needs an Atlassian system administrator, or the owner of the token.`,
        details,
      );
    }
    if (status === 404) {
      return new KantegaError(
        'notFound',
        `${what}: not found (HTTP 404). It may have been deleted or renamed meanwhile: refresh and try again.`,
        details,
      );
    }
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers['retry-after'], response.receivedAt);
      const wait =
        retryAfterMs !== undefined
          ? ` Try again in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} seconds.`
          : ' Wait a moment and try again.';
      return new KantegaError('rateLimited', `${what}: the server is rate limiting requests (HTTP 429).${wait}`, {
        ...details,
        retryAfterMs,
      });
    }
    const excerpt = this.excerpt(response.body);
    if (status >= 500) {
      return new KantegaError(
        'serverError',
        `${what}: the server failed (HTTP ${status})${excerpt ? `: ${excerpt}` : '.'} Try again later; if it persists, check the server's logs.`,
        details,
      );
    }
    if (status >= 300 && status < 400) {
      const location = firstHeader(response.headers.location);
      return new KantegaError(
        'httpError',
        `${what}: the server redirected to ${location ? this.redact(location) : 'another address'} (HTTP ${status}). Check the base URL (https rather than http? the right context path?).`,
        details,
      );
    }
    return new KantegaError(
      'httpError',
      `${what}: unexpected answer HTTP ${status}${excerpt ? `: ${excerpt}` : '.'}`,
      details,
    );
  }

  /** The body's gist for a message: tags stripped, short, never a secret. */
  excerpt(body: string): string {
    const text = body
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const cut = text.length > 160 ? `${text.slice(0, 160)}…` : text;
    return this.redact(cut);
  }

  private redact(text: string): string {
    let out = text;
    for (const secret of this.options.secrets) if (secret) out = out.split(secret).join('***');
    return out;
  }

  private hostName(): string {
    return new URL(this.options.baseUrl).host;
  }

  private retryDelay(attempt: number, response?: HttpResponse): number {
    const fromServer = response ? parseRetryAfter(response.headers['retry-after'], response.receivedAt) : undefined;
    const backoff = 250 * 2 ** attempt + Math.floor(Math.random() * 100);
    return Math.min(fromServer ?? backoff, this.maxRetryDelayMs);
  }

  private async sendOnce(req: HttpRequest, attempt: number): Promise<HttpResponse> {
    const url = this.options.baseUrl + req.path;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const headers: Record<string, string> = { accept: 'application/json' };
    const authorization = req.authorization ?? this.options.authorization;
    if (authorization) headers.authorization = authorization;
    if (req.method !== 'GET') headers['x-atlassian-token'] = 'no-check';
    let body: string | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    }
    const sentAt = Date.now();
    const log = (status?: number, error?: string) =>
      this.options.onRequest?.({
        method: req.method,
        path: req.path,
        status,
        durationMs: Date.now() - sentAt,
        attempt,
        error,
      });
    try {
      const res = await request(url, {
        method: req.method,
        headers,
        body,
        signal,
        dispatcher: this.dispatcher,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      const receivedAt = Date.now();
      const text = await readBody(res.body);
      log(res.statusCode);
      return {
        status: res.statusCode,
        headers: res.headers,
        contentType: firstHeader(res.headers['content-type']) ?? '',
        body: text,
        receivedAt,
        sentAt,
      };
    } catch (e) {
      const error = this.networkError(e, req, { cancelled: req.signal?.aborted === true, timedOut: timeout.aborted });
      log(undefined, error.kind);
      throw error;
    }
  }

  private networkError(e: unknown, req: HttpRequest, how: { cancelled: boolean; timedOut: boolean }): KantegaError {
    const host = this.hostName();
    const what = `Could not ${req.operation}`;
    const request = `${req.method} ${req.path}`;
    const code = errorCode(e);
    const make = (kind: KantegaErrorKind, message: string) =>
      new KantegaError(kind, `${what}: ${message}`, { request, code });
    if (how.cancelled) return make('cancelled', 'cancelled.');
    if (
      how.timedOut ||
      code === 'UND_ERR_HEADERS_TIMEOUT' ||
      code === 'UND_ERR_BODY_TIMEOUT' ||
      code === 'UND_ERR_CONNECT_TIMEOUT' ||
      code === 'ETIMEDOUT'
    ) {
      return make(
        'timeout',
        `${host} did not answer within ${seconds(this.timeoutMs)}. Check that the server is up and reachable (VPN? proxy?), or raise the setting kantegaSso.requestTimeoutSeconds.`,
      );
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return make(
        'dns',
        `the host name ${new URL(this.options.baseUrl).hostname} could not be resolved. Check the base URL, and your VPN or DNS.`,
      );
    }
    if (code === 'ECONNREFUSED') {
      return make(
        'connectionRefused',
        `${host} refused the connection. Check the port in the base URL and that the server is running.`,
      );
    }
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
      const httpsHint = this.options.baseUrl.startsWith('http:')
        ? ' If the server uses HTTPS, start the base URL with https://.'
        : '';
      return make(
        'connectionReset',
        `the connection to ${host} was closed before an answer arrived. Try again; if it persists, a proxy or firewall may be in the way.${httpsHint}`,
      );
    }
    const tls = tlsMessage(code, host);
    if (tls) return make('tls', tls);
    const message = errorMessage(e);
    if (/proxy/i.test(message) || code === 'UND_ERR_PRX_TLS') {
      return make(
        'proxy',
        `the proxy failed (${this.redact(message)}). Check the http.proxy setting or the HTTPS_PROXY environment variable, and the proxy's credentials.`,
      );
    }
    return make('network', `${this.redact(message) || 'a network error occurred'}${code ? ` (${code})` : ''}.`);
  }
}

function createDispatcher(network: NetworkOptions): Dispatcher {
  const tls: { rejectUnauthorized: boolean; ca?: string[] } = { rejectUnauthorized: network.strictTls !== false };
  // Extra CAs are added to Node's trusted roots, not instead of them.
  if (network.caCertificates?.length) tls.ca = [...rootCertificates, ...network.caCertificates];
  const noProxy = network.noProxy?.length ? network.noProxy.join(',') : undefined;
  // EnvHttpProxyAgent reads HTTP(S)_PROXY / NO_PROXY itself unless told otherwise, and keeps a
  // plain keep-alive Agent for hosts that need no proxy.
  return new EnvHttpProxyAgent({
    ...(network.proxyUrl ? { httpProxy: network.proxyUrl, httpsProxy: network.proxyUrl } : {}),
    ...(noProxy ? { noProxy } : {}),
    connect: tls,
    requestTls: tls,
    keepAliveTimeout: 30_000,
  });
}

async function readBody(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < MAX_BODY_BYTES) chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function isLoginRedirect(response: HttpResponse): boolean {
  if (response.status < 300 || response.status >= 400) return false;
  const location = firstHeader(response.headers.location) ?? '';
  return /login|saml|sso|auth/i.test(location);
}

/** Whether the answer is an HTML page (a login page, a proxy's error page) instead of the API. */
export function isHtml(response: HttpResponse): boolean {
  return /text\/html/i.test(response.contentType) || /^\s*(<!doctype|<html)/i.test(response.body);
}

/** `Retry-After` in seconds or as an HTTP date, as ms from `now`. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = firstHeader(value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function errorCode(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR' && code !== 'UND_ERR_ABORTED' && code !== 'ABORT_ERR')
      return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorMessage(e: unknown): string {
  const messages: string[] = [];
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const message = (cur as { message?: unknown }).message;
    if (typeof message === 'string' && message) messages.push(message.split('\n')[0]);
    cur = (cur as { cause?: unknown }).cause;
  }
  return messages.join(': ');
}

function tlsMessage(code: string | undefined, host: string): string | undefined {
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return `${host} presented a self-signed certificate, which is not trusted. Add its CA certificate (PEM) to the setting kantegaSso.caCertificates, or, for a test instance only, turn off http.proxyStrictSSL.`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return `${host}'s certificate is issued by an unknown certificate authority (an internal CA?). Add that CA's certificate (PEM) to the setting kantegaSso.caCertificates.`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `${host}'s certificate is not valid for this host name. Use the host name the certificate was issued for in the base URL.`;
    case 'CERT_HAS_EXPIRED':
      return `${host}'s certificate has expired. Ask the server's administrator to renew it.`;
    case 'CERT_NOT_YET_VALID':
      return `${host}'s certificate is not valid yet: check this computer's clock and the server's.`;
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return `${host} does not speak HTTPS on this port. Try http:// or the right port in the base URL.`;
    default:
      return code && /^(ERR_SSL|ERR_TLS|CERT_)/.test(code)
        ? `the secure connection to ${host} failed (${code}).`
        : undefined;
  }
}

function seconds(ms: number): string {
  const value = ms < 10_000 ? Math.round(ms / 100) / 10 : Math.round(ms / 1000);
  return `${value} ${value === 1 ? 'second' : 'seconds'}`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new KantegaError('cancelled', 'The operation was cancelled.'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new KantegaError('cancelled', 'The operation was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
