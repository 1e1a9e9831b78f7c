// The one place that talks HTTP: a keep-alive undici dispatcher per instance (proxy and TLS
// settings applied), deadlines and cancellation enforced here rather than trusted to undici,
// bounded answers, bounded retries of idempotent requests, in-memory cookies for session and
// load-balancer affinity, and the translation of every failure into a KantegaError a person can
// act on. A host that asked to be left alone (Retry-After, 429) is sent nothing until then, by
// any client. undici itself is loaded on the first request (see undiciLoader.ts).
import * as l10n from '@vscode/l10n';
import type { buildConnector, Dispatcher } from 'undici';
import { hostLimiter } from './hostLimiter';
import { cancelledError, couldNot, KantegaError, type KantegaErrorDetails, type KantegaErrorKind } from '../errors';
import type { NetworkOptions, RequestLogEntry } from '../model';
import { combineRedactors, createRedactor, type Redact } from './redact';
import { loadUndici } from './undiciLoader';
import { Exchange, type Failure } from './exchange';
import {
  isSignedInRefusal,
  proxyErrorPage,
  redirectTarget,
  retryAfterOf,
  signInDenial,
  type RedirectTarget,
} from './httpAnswers';
import type { HttpRequest, HttpResponse } from './httpMessages';
import { MAX_RATE_LIMIT_WAIT_MS, noteRateLimit, quietFor, UNSTATED_RATE_LIMIT_WAIT_MS } from './rateLimits';
import { parseProxyUrl, proxyFor, proxyHostname } from './proxy';
import type { Trust } from './trust';
import { inertMessageText, sentences } from '../text/displayText';
import {
  amount,
  clockTime,
  decodeEntities,
  errorCode,
  errorMessage,
  mebibytes,
  proxySettingsAdvice,
  seconds,
  tlsMessage,
  waitWords,
} from './transportWords';

const DEFAULT_TIMEOUT_MS = 30_000;
/** A list of 100 000 tokens is about 27 MiB; anything far larger is not an answer of this API. */
const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_MAX_RETRY_DELAY_MS = 10_000;
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
/**
 * The longest server-asked wait a request sits out before it is sent (a retry, or a request meeting
 * a host that asked for quiet); a longer one ends the call at once, saying when to try again.
 */
const SHORT_WAIT_MS = 5_000;
/** Server text quoted in a message is cut to this (a page's title, the gist of a body). */
const EXCERPT_LENGTH = 160;
/** A page title quoted in a message is cut to this. */
const HEADING_LENGTH = 80;
/** The longest login URL handed on; longer ones are not a sign-in page a person needs. */
const MAX_LOGIN_URL_LENGTH = 2048;
/** A proxy that closes this many connections in a row, before any answer, is dropping them. */
const MAX_PROXY_DROPS = 3;

/** Transport settings beyond NetworkOptions. */
export interface TransportNetworkOptions extends NetworkOptions {
  /** Answers larger than this are not read; the connection is closed. Default 64 MiB. */
  readonly maxBodyBytes?: number;
  /** Longest silence between two parts of an answer, ms. Default: the request timeout. */
  readonly idleTimeoutMs?: number;
}

export interface HttpTransportOptions {
  readonly baseUrl: string;
  /** The Authorization header; undefined for anonymous requests. */
  readonly authorization?: string;
  /** Text that must never appear in a message (the credential's secret). */
  readonly secrets: readonly string[];
  /** The credential's username: its Basic value base64(`user:secret`) is redacted too. */
  readonly username?: string;
  readonly network?: TransportNetworkOptions;
  readonly onRequest?: (entry: RequestLogEntry) => void;
}

interface Cookie {
  readonly value: string;
  readonly path: string;
  readonly expiresAt?: number;
}

export class HttpTransport {
  readonly timeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly maxBodyBytes: number;
  private readonly maxRetries: number;
  private readonly maxRetryDelayMs: number;
  private readonly origin: string;
  /** The base URL's path (context path), without a trailing slash. */
  readonly basePath: string;
  private readonly host: string;
  private readonly hostname: string;
  /** Built on first use: most clients never quote server text, and building it compiles a pattern. */
  private baseRedact: Redact | undefined;
  private readonly getHeaders: string[];
  private readonly mutationHeaders: string[];
  private readonly cookies = new Map<string, Cookie>();
  private dispatcher: Dispatcher | undefined;
  /** The CAs trusted, once read: the first request to an https host (or through an https proxy) waits for them. */
  private trust: Trust | undefined;
  /** The proxy in use, `host:port` for messages (never its credentials); set with the dispatcher. */
  private proxy: string | undefined;
  private proxyDrops = 0;
  /** Set by close(): why requests that meet the closed transport were not sent. */
  private closedReason: string | undefined;
  /** Aborted by close(): ends waits (a retry's pause, a place in the host queue) at once. */
  private readonly closing = new AbortController();

  constructor(private readonly options: HttpTransportOptions) {
    const network = options.network ?? {};
    this.timeoutMs = network.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.idleTimeoutMs = network.idleTimeoutMs ?? this.timeoutMs;
    this.maxBodyBytes = network.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.maxRetries = network.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.maxRetryDelayMs = network.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
    // Parsed once: per request only strings are joined.
    const url = new URL(options.baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.host = url.host;
    this.hostname = url.hostname;
    const auth = options.authorization ? ['authorization', options.authorization] : [];
    this.getHeaders = ['accept', 'application/json', ...auth];
    this.mutationHeaders = [...this.getHeaders, 'x-atlassian-token', 'no-check'];
  }

  /**
   * Sends a request; GETs are retried on 429/502/503/504 and resets, other methods never. A retry
   * never goes sooner than the server asked (Retry-After); a wait longer than SHORT_WAIT_MS ends
   * the call at once and keeps the host quiet until it is over.
   */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const retries = req.method === 'GET' ? this.maxRetries : 0;
    for (let attempt = 0; ; attempt++) {
      const lastTry = attempt >= retries;
      let response: HttpResponse;
      try {
        response = await this.sendWithinHostBound(req, attempt, lastTry);
      } catch (e) {
        if (!lastTry && e instanceof KantegaError && e.kind === 'connectionReset') {
          await this.pause(this.backoff(attempt), req);
          continue;
        }
        throw e;
      }
      if (lastTry || !RETRYABLE_STATUSES.has(response.status)) return response;
      const asked = retryAfterOf(response);
      // A wait the server asked for (or a 429's backoff) was noted for the host: the retry sits it
      // out in sendWithinHostBound, like every other request to that host.
      if (asked !== undefined) {
        if (asked > SHORT_WAIT_MS) return response;
        continue;
      }
      if (response.status !== 429) await this.pause(this.backoff(attempt), req);
    }
  }

  /**
   * One exchange, once the host asked for no quiet and has a free place: a fleet runs in parallel,
   * one server is not flooded, and a server that asked to be left alone is.
   */
  private async sendWithinHostBound(req: HttpRequest, attempt: number, lastTry: boolean): Promise<HttpResponse> {
    for (;;) {
      await this.waitWhileQuiet(req);
      const signal = req.signal ? AbortSignal.any([req.signal, this.closing.signal]) : this.closing.signal;
      const release = await hostLimiter.acquire(this.host, signal, () => this.notSent(req));
      try {
        // Another request may have met a limit while this one queued.
        if (quietFor(this.origin)) continue;
        const response = await this.sendOnce(req, attempt);
        // Noted before the place is released, so that no request queued behind this one goes out.
        this.noteWait(response, attempt, lastTry);
        return response;
      } finally {
        release();
      }
    }
  }

  /**
   * Keeps the host quiet for as long as the answer asked (Retry-After on a 429, 502, 503 or 504);
   * a 429 that names no wait holds the host for our backoff, or a minute once the request gives up.
   */
  private noteWait(response: HttpResponse, attempt: number, lastTry: boolean): void {
    if (!RETRYABLE_STATUSES.has(response.status)) return;
    const asked = retryAfterOf(response);
    if (asked !== undefined) noteRateLimit(this.origin, asked, response.status);
    else if (response.status === 429) {
      noteRateLimit(this.origin, lastTry ? UNSTATED_RATE_LIMIT_WAIT_MS : this.backoff(attempt), 429);
    }
  }

  /** Sits out a short quiet the host asked for; a long one ends the call with nothing sent. */
  private async waitWhileQuiet(req: HttpRequest): Promise<void> {
    for (let quiet = quietFor(this.origin); quiet; quiet = quietFor(this.origin)) {
      if (quiet.remainingMs > SHORT_WAIT_MS) throw this.quietError(req, quiet.remainingMs, quiet.status);
      await this.pause(quiet.remainingMs, req);
    }
  }

  /**
   * Lets the client go: nothing more is sent, and a request that meets the closed transport (a
   * retry, one queued for the host, the next call of an operation) ends as `interrupted` with
   * `reason` ("the settings or credential of this instance changed meanwhile").
   */
  async close(reason?: string): Promise<void> {
    if (this.closedReason === undefined) {
      this.closedReason =
        reason?.trim().replace(/[.\s]+$/, '') || l10n.t('the connection to this instance was closed meanwhile');
    }
    this.closing.abort();
    const dispatcher = this.dispatcher;
    this.dispatcher = undefined;
    this.cookies.clear();
    await dispatcher?.close();
  }

  /** The redactor for server text in messages about `req`: the credential's secrets and the request's own. */
  redactorFor(req?: HttpRequest): Redact {
    const base = (this.baseRedact ??= createRedactor({
      secrets: this.options.secrets,
      username: this.options.username,
    }));
    if (!req?.secrets?.length) return base;
    return combineRedactors(createRedactor({ secrets: req.secrets }), base);
  }

  /** Turns a server's error status into a KantegaError; callers handle the statuses they expect first. */
  statusError(req: HttpRequest, response: HttpResponse): KantegaError {
    const status = response.status;
    const details = { status, request: `${req.method} ${req.path}` };
    const fail = (kind: KantegaErrorKind, reason: string, extra: KantegaErrorDetails = {}): KantegaError =>
      new KantegaError(kind, couldNot(req.operation, reason), { ...details, ...extra });
    const host = this.host;
    const redirect = redirectTarget(response, { origin: this.origin, hostname: this.hostname });
    if (redirect) return this.redirectError(fail, status, redirect);
    const denial = signInDenial(response);
    if (denial?.kind === 'captcha') {
      return fail(
        'captcha',
        sentences(
          l10n.t('{0} asks for a CAPTCHA after failed sign-ins,', host),
          l10n.t('so it refuses this user until they sign in once in a browser.'),
          l10n.t('Sign in to {0} in the browser, then set the credential again.', host),
        ),
        { loginUrl: this.ownLoginUrl(denial.loginUrl, req) },
      );
    }
    if (denial?.kind === 'denied') {
      return fail(
        'unauthorized',
        sentences(
          l10n.t(
            '{0} denied the sign-in (HTTP {1}, {2}): the account may be locked or not allowed to sign in.',
            host,
            status,
            'AUTHENTICATION_DENIED',
          ),
          l10n.t('Sign in to {0} in the browser to see why, then set the credential again.', host),
        ),
      );
    }
    if (status === 401 && isSignedInRefusal(response)) {
      // Kantega's sysadmin-only resources (identity providers) answer 401 to a signed-in plain user:
      // the credential works, a right is missing. Held back as a refused credential it would lock out
      // an account that is fine.
      return fail(
        'forbidden',
        sentences(
          l10n.t('{0} signed the user in but refused the request (HTTP 401).', host),
          l10n.t('This needs an Atlassian system administrator.'),
        ),
      );
    }
    if (status === 401) {
      return fail(
        'unauthorized',
        sentences(l10n.t('{0} did not accept the credentials (HTTP 401).', host), checkCredentialAdvice()),
      );
    }
    if (status === 403 && /xsrf/i.test(response.body)) {
      return fail(
        'xsrf',
        sentences(
          l10n.t("the server's XSRF check rejected the request (HTTP 403)."),
          l10n.t('A proxy may be stripping the X-Atlassian-Token header; ask its administrator to let it through.'),
        ),
      );
    }
    if (status === 403) {
      return fail(
        'forbidden',
        sentences(
          l10n.t('permission denied (HTTP 403).'),
          l10n.t('This needs an Atlassian system administrator, or the owner of the token.'),
        ),
      );
    }
    if (status === 404) {
      return fail(
        'notFound',
        sentences(
          l10n.t('not found (HTTP 404).'),
          l10n.t('It may have been deleted or renamed meanwhile: refresh and try again.'),
        ),
      );
    }
    const asked = RETRYABLE_STATUSES.has(status) ? retryAfterOf(response) : undefined;
    if (status === 429) {
      const said =
        asked === undefined
          ? sentences(
              l10n.t('the server is rate limiting requests (HTTP 429) without saying for how long,'),
              l10n.t('so it is left alone for a minute.'),
              this.tryAgainAfter(response, UNSTATED_RATE_LIMIT_WAIT_MS),
            )
          : asked === 0
            ? sentences(l10n.t('the server is rate limiting requests (HTTP 429).'), l10n.t('Try again in a moment.'))
            : sentences(
                l10n.t(
                  'the server is rate limiting requests (HTTP 429) and asked to wait {0}.',
                  this.askedWords(asked),
                ),
                this.tryAgainAfter(response, asked),
              );
      return fail('rateLimited', said, { retryAfterMs: asked });
    }
    const retryAdvice =
      asked !== undefined && asked > 0
        ? l10n.t(
            'It asked to wait {0}: try again after {1}.',
            this.askedWords(asked),
            this.clockTimeAfter(response, asked),
          )
        : undefined;
    const proxyPage = proxyErrorPage(response);
    if (proxyPage) {
      const heading = proxyPage.heading && inertMessageText(this.redactorFor(req)(proxyPage.heading), HEADING_LENGTH);
      const statusLine = !heading
        ? `HTTP ${status}`
        : heading.startsWith(`${status} `)
          ? `HTTP ${heading}`
          : l10n.t('HTTP {0} (its page says "{1}")', status, heading);
      const behind =
        status === 504
          ? l10n.t('the application behind it did not answer in time: it is down, restarting or overloaded.')
          : l10n.t('the application behind it is down or restarting.');
      const answered = proxyPage.proxy
        ? l10n.t('the reverse proxy in front of {0} ({1}) answered {2}: {3}', host, proxyPage.proxy, statusLine, behind)
        : l10n.t('the reverse proxy in front of {0} answered {1}: {2}', host, statusLine, behind);
      return fail(
        'serverError',
        sentences(
          answered,
          retryAdvice ??
            l10n.t("Try again in a few minutes; if it persists, check the application's and the proxy's logs."),
        ),
        { retryAfterMs: asked },
      );
    }
    const excerpt = this.excerpt(response.body, req);
    if (status >= 500) {
      return fail(
        'serverError',
        sentences(
          excerpt
            ? l10n.t('the server failed (HTTP {0}): {1}', status, withFullStop(excerpt))
            : l10n.t('the server failed (HTTP {0}).', status),
          retryAdvice ?? l10n.t("Try again later; if it persists, check the server's logs."),
        ),
        { retryAfterMs: asked },
      );
    }
    return fail(
      'httpError',
      excerpt
        ? l10n.t('unexpected answer HTTP {0}: {1}', status, withFullStop(excerpt))
        : l10n.t('unexpected answer HTTP {0}.', status),
    );
  }

  private redirectError(
    fail: (kind: KantegaErrorKind, reason: string, extra?: KantegaErrorDetails) => KantegaError,
    status: number,
    target: RedirectTarget,
  ): KantegaError {
    const host = this.host;
    switch (target.kind) {
      case 'httpsUpgrade':
        return fail(
          'httpError',
          sentences(
            l10n.t('{0} redirects to https (HTTP {1}).', host, status),
            l10n.t('Use https:// in the base URL: {0}.', `https://${host}${this.basePath}`),
          ),
        );
      case 'ssoGateway':
        return fail(
          'ssoGateway',
          sentences(
            l10n.t(
              'a single sign-on gateway in front of {0} intercepted the API call and redirected it to {1} (HTTP {2});',
              host,
              signInWords(target),
              status,
            ),
            l10n.t('the credential was never checked.'),
            l10n.t('Exempt /rest (or at least /rest/ksso) from the gateway,'),
            l10n.t('or sign in with a Kantega SSO API token (accepted on /rest by default).'),
          ),
          { redirectHost: target.host },
        );
      case 'login':
        return fail(
          'unauthorized',
          sentences(
            l10n.t('{0} did not accept the credentials (HTTP {1}, redirected to a login page).', host, status),
            checkCredentialAdvice(),
          ),
        );
      case 'elsewhere':
        return fail(
          'httpError',
          sentences(
            target.host
              ? l10n.t('the server redirected to {0} (HTTP {1}).', target.host, status)
              : l10n.t('the server redirected to another address (HTTP {0}).', status),
            l10n.t('Check the base URL (https rather than http? the right context path?).'),
          ),
        );
    }
  }

  /**
   * The CAPTCHA's login page when it is on the instance's own origin (http or https, no user name
   * or password in it, nothing secret): a button may open it. Anything else is dropped, never named.
   */
  private ownLoginUrl(raw: string | undefined, req: HttpRequest): string | undefined {
    if (!raw || raw.length > MAX_LOGIN_URL_LENGTH) return undefined;
    let url: URL;
    try {
      url = new URL(raw, `${this.origin}${this.basePath}/`);
    } catch {
      return undefined;
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== this.origin) return undefined;
    url.username = '';
    url.password = '';
    const href = url.href;
    return this.redactorFor(req)(href) === href ? href : undefined;
  }

  /** "2 minutes", or "more than a day" for a wait longer than any kept. */
  private askedWords(ms: number): string {
    return ms > MAX_RATE_LIMIT_WAIT_MS ? l10n.t('more than a day') : waitWords(ms);
  }

  /** "Try again after 10:42." for a wait from when the answer arrived. */
  private tryAgainAfter(response: HttpResponse, waitMs: number): string {
    return l10n.t('Try again after {0}.', this.clockTimeAfter(response, waitMs));
  }

  /** When a wait from the answer's arrival ends: "10:42". */
  private clockTimeAfter(response: HttpResponse, waitMs: number): string {
    const wait = Math.min(waitMs, MAX_RATE_LIMIT_WAIT_MS);
    const from = Number.isFinite(response.receivedAt) && response.receivedAt > 0 ? response.receivedAt : Date.now();
    return clockTime(from + wait, wait);
  }

  /** A request that met a host still asking for quiet: nothing sent. */
  private quietError(req: HttpRequest, remainingMs: number, status: number): KantegaError {
    return new KantegaError(
      'rateLimited',
      couldNot(
        req.operation,
        sentences(
          l10n.t(
            'nothing was sent, because {0} asked to be left alone for {1} more (HTTP {2}).',
            this.host,
            waitWords(remainingMs),
            status,
          ),
          l10n.t('Try again after {0}.', clockTime(Date.now() + remainingMs, remainingMs)),
        ),
      ),
      { request: `${req.method} ${req.path}`, retryAfterMs: Math.ceil(remainingMs) },
    );
  }

  /** Why a request was not sent: the person cancelled it, or its transport was closed meanwhile. */
  private notSent(req: HttpRequest): KantegaError {
    if (req.signal?.aborted || this.closedReason === undefined) return cancelledError(req.operation);
    const message = couldNot(
      req.operation,
      sentences(l10n.t('{0}; nothing was sent.', this.closedReason), l10n.t('Try again.')),
    );
    return new KantegaError('interrupted', message, { request: `${req.method} ${req.path}` });
  }

  /** The body's gist for a message: the page's head and tags stripped, short, inert, never a secret. */
  excerpt(body: string, req?: HttpRequest): string {
    // Redacted before it is cut, so that a cut cannot leave half a secret behind. The head goes:
    // its title repeats the page's heading.
    const text = this.redactorFor(req)(
      decodeEntities(
        body
          .slice(0, 64 * 1024)
          .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, ' ')
          .replace(/<[^>]*>/g, ' '),
      ),
    );
    return inertMessageText(text, EXCERPT_LENGTH);
  }

  /** Our own wait before a retry when the server named none. */
  private backoff(attempt: number): number {
    return Math.min(250 * 2 ** attempt + Math.floor(Math.random() * 100), this.maxRetryDelayMs);
  }

  /** Waits `ms`; the person's cancel or the transport's close ends the wait at once. */
  private pause(ms: number, req: HttpRequest): Promise<void> {
    const signals = [req.signal, this.closing.signal];
    return new Promise((resolve, reject) => {
      if (signals.some((s) => s?.aborted)) return reject(this.notSent(req));
      const onAbort = () => {
        stop();
        reject(this.notSent(req));
      };
      const timer = setTimeout(() => {
        stop();
        resolve();
      }, Math.ceil(ms));
      const stop = () => {
        clearTimeout(timer);
        for (const s of signals) s?.removeEventListener('abort', onAbort);
      };
      for (const s of signals) s?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private async sendOnce(req: HttpRequest, attempt: number): Promise<HttpResponse> {
    if (!this.dispatcher && !this.trust && this.needsTls())
      this.trust = await loadUndici().trustFor(this.options.network ?? {});
    return new Promise((resolve, reject) => {
      const sentAt = Date.now();
      const startedAt = performance.now();
      const finish = (response: HttpResponse | undefined, failure: Failure | undefined): void => {
        const error = response ? undefined : this.networkError(req, failure as Failure);
        if (error) reject(error);
        else resolve(response as HttpResponse);
        this.options.onRequest?.({
          method: req.method,
          path: req.path,
          status: response?.status,
          durationMs: Math.round(performance.now() - startedAt),
          attempt,
          error: error?.kind,
        });
      };
      const notSent = { sent: false, answered: false, received: 0 };
      if (req.signal?.aborted) return finish(undefined, { reason: 'cancelled', ...notSent });
      // A closed transport makes no new dispatcher: its client was let go (settings changed).
      if (this.closedReason !== undefined) return finish(undefined, { reason: 'closed', ...notSent });
      let dispatcher: Dispatcher;
      try {
        dispatcher = this.currentDispatcher();
      } catch (e) {
        reject(e instanceof KantegaError ? this.withOperation(e, req) : e);
        return;
      }
      const exchange = new Exchange(this, dispatcher, req, sentAt, finish);
      dispatcher.dispatch(
        {
          origin: this.origin,
          path: this.basePath + req.path,
          method: req.method,
          headers: this.headersFor(req),
          body: req.json !== undefined ? JSON.stringify(req.json) : undefined,
          headersTimeout: this.timeoutMs,
          bodyTimeout: this.idleTimeoutMs,
        },
        exchange,
      );
    });
  }

  private headersFor(req: HttpRequest): string[] {
    const base = req.method === 'GET' ? this.getHeaders : this.mutationHeaders;
    const cookie = this.cookies.size ? this.cookieHeader(this.basePath + req.path) : undefined;
    if (req.authorization === undefined && req.json === undefined && !cookie) return base;
    const headers = req.authorization === undefined ? [...base] : withAuthorization(base, req.authorization);
    if (req.json !== undefined) headers.push('content-type', 'application/json');
    if (cookie) headers.push('cookie', cookie);
    return headers;
  }

  /** Whether a connection will speak TLS: to an https host, or to an https proxy. */
  private needsTls(): boolean {
    if (this.origin.startsWith('https:')) return true;
    return /^https:/i.test(proxyFor(this.origin, this.hostname, this.options.network ?? {}) ?? '');
  }

  /** The dispatcher, created on first use and again after a stuck one was destroyed. */
  private currentDispatcher(): Dispatcher {
    if (this.dispatcher) return this.dispatcher;
    const network = this.options.network ?? {};
    const proxyUrl = proxyFor(this.origin, this.hostname, network);
    const { Agent, Pool, ProxyAgent } = loadUndici();
    // Plain http through a plain proxy has no TLS to check.
    const tls = this.trust?.tls ?? { rejectUnauthorized: network.strictTls !== false };
    const keepAliveTimeout = 30_000;
    if (!proxyUrl) {
      this.proxy = undefined;
      this.dispatcher = new Agent({ connect: tls, keepAliveTimeout });
      return this.dispatcher;
    }
    const proxy = parseProxyUrl(proxyUrl);
    this.proxy = proxy.host;
    this.proxyDrops = 0;
    this.dispatcher = new ProxyAgent({
      uri: proxy.href,
      requestTls: tls,
      proxyTls: tls,
      keepAliveTimeout,
      // undici retries forever when a proxy accepts and closes at once (nodejs/undici#3897):
      // after a few such drops in a row the tunnel fails with an error that ends the request.
      factory: (origin: string | URL, opts: object) => {
        const connect = (opts as { connect: ConnectFunction }).connect;
        return new Pool(origin, { ...opts, connect: this.guardProxyConnect(connect) });
      },
    } as ConstructorParameters<typeof ProxyAgent>[0]);
    return this.dispatcher;
  }

  private guardProxyConnect(connect: ConnectFunction): ConnectFunction {
    return (opts, callback) =>
      connect(opts, (err, socket) => {
        if (!err) {
          this.proxyDrops = 0;
          return callback(null, socket as NonNullable<typeof socket>);
        }
        if (errorCode(err) === 'UND_ERR_SOCKET' && ++this.proxyDrops >= MAX_PROXY_DROPS) {
          this.proxyDrops = 0;
          const dropped = Object.assign(new Error('the proxy closed the connection before answering'), {
            code: 'KSSO_PROXY_DROPPED',
          });
          return callback(dropped, null);
        }
        return callback(err, null);
      });
  }

  /** Drops a dispatcher undici could not stop (a request that ignores its abort); the next request makes a new one. */
  discard(dispatcher: Dispatcher): void {
    if (this.dispatcher === dispatcher) this.dispatcher = undefined;
    dispatcher.destroy().catch(() => undefined);
  }

  storeCookies(values: readonly string[], requestPath: string): void {
    const now = Date.now();
    for (const header of values) {
      const [pair, ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = requestPath.slice(0, Math.max(1, requestPath.lastIndexOf('/')));
      let expiresAt: number | undefined;
      for (const attribute of attributes) {
        const [key, ...rest] = attribute.split('=');
        const attrValue = rest.join('=').trim();
        const attrName = key.trim().toLowerCase();
        if (attrName === 'path' && attrValue.startsWith('/')) path = attrValue;
        else if (attrName === 'max-age' && /^-?\d+$/.test(attrValue)) expiresAt = now + Number(attrValue) * 1000;
        else if (attrName === 'expires' && expiresAt === undefined) {
          const date = Date.parse(attrValue);
          if (!Number.isNaN(date)) expiresAt = date;
        }
      }
      if (expiresAt !== undefined && expiresAt <= now) this.cookies.delete(name);
      else this.cookies.set(name, { value, path, expiresAt });
    }
  }

  private cookieHeader(requestPath: string): string | undefined {
    const now = Date.now();
    const parts: string[] = [];
    for (const [name, cookie] of this.cookies) {
      if (cookie.expiresAt !== undefined && cookie.expiresAt <= now) {
        this.cookies.delete(name);
        continue;
      }
      if (pathMatches(requestPath, cookie.path)) parts.push(`${name}=${cookie.value}`);
    }
    return parts.length ? parts.join('; ') : undefined;
  }

  /** An error raised before any exchange (an unusable proxy address), worded for this operation. */
  private withOperation(e: KantegaError, req: HttpRequest): KantegaError {
    return new KantegaError(e.kind, couldNot(req.operation, e.message), {
      request: `${req.method} ${req.path}`,
    });
  }

  networkError(req: HttpRequest, failure: Failure): KantegaError {
    const host = this.host;
    const request = `${req.method} ${req.path}`;
    const code = failure.error !== undefined ? errorCode(failure.error) : undefined;
    const make = (kind: KantegaErrorKind, message: string) =>
      new KantegaError(kind, couldNot(req.operation, message), { request, code });
    const mutation = req.method !== 'GET';
    const unknownOutcome = (why: string) =>
      make(
        'outcomeUnknown',
        sentences(
          l10n.t('{0}, after the request was sent, so the change may or may not have happened.', why),
          l10n.t('Refresh to see the current state before trying again.'),
        ),
      );
    const proxy = this.proxy;
    if (failure.reason === 'cancelled') {
      return mutation && failure.sent ? unknownOutcome(l10n.t('cancelled')) : make('cancelled', l10n.t('cancelled.'));
    }
    if (failure.reason === 'closed') return this.notSent(req);
    // The transport was closed while this request was out: its dispatcher went with it.
    const closedReason = this.closedReason;
    if (closedReason !== undefined && (code === 'UND_ERR_DESTROYED' || code === 'UND_ERR_CLOSED')) {
      if (!failure.sent) return this.notSent(req);
      if (mutation) return unknownOutcome(closedReason);
      return make(
        'interrupted',
        sentences(l10n.t('{0}, so the request was cut off.', closedReason), l10n.t('Try again.')),
      );
    }
    if (failure.reason === 'tooLarge') {
      return make(
        'tooLarge',
        sentences(
          l10n.t('the answer from {0} is larger than {1} MiB, so it was not read.', host, mebibytes(this.maxBodyBytes)),
          l10n.t('That is more than any Kantega SSO answer should be: check the base URL, or a proxy in between.'),
        ),
      );
    }
    const idle = failure.reason === 'idle' || code === 'UND_ERR_BODY_TIMEOUT';
    if (
      failure.reason === 'deadline' ||
      idle ||
      code === 'UND_ERR_HEADERS_TIMEOUT' ||
      code === 'UND_ERR_CONNECT_TIMEOUT' ||
      code === 'ETIMEDOUT'
    ) {
      if (mutation && failure.sent) {
        return unknownOutcome(
          proxy
            ? l10n.t('no answer from {0} through the proxy {1} in time', host, proxy)
            : l10n.t('no answer from {0} in time', host),
        );
      }
      return make('timeout', sentences(this.timeoutWords(failure, idle), timeoutAdvice(proxy)));
    }
    if (proxy) {
      if (code === 'ECONNREFUSED') {
        return make(
          'proxy',
          sentences(
            l10n.t('the proxy {0} refused the connection.', proxy),
            l10n.t('{0}, and that the proxy is running.', proxySettingsAdvice()),
          ),
        );
      }
      if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
        return make(
          'proxy',
          sentences(
            l10n.t("the proxy's host name {0} could not be resolved.", proxyHostname(proxy)),
            l10n.t('Check the http.proxy setting or the HTTPS_PROXY environment variable.'),
          ),
        );
      }
      if (code === 'KSSO_PROXY_DROPPED' || (code === 'UND_ERR_SOCKET' && !failure.sent)) {
        return make(
          'proxy',
          sentences(
            l10n.t(
              'the proxy {0} accepts connections but closes them at once, so {1} could not be reached.',
              proxy,
              host,
            ),
            l10n.t("{0}, and ask the proxy's administrator whether it lets you through.", proxySettingsAdvice()),
          ),
        );
      }
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return make(
        'dns',
        sentences(
          l10n.t('the host name {0} could not be resolved.', this.hostname),
          l10n.t('Check the base URL, and your VPN or DNS.'),
        ),
      );
    }
    if (code === 'ECONNREFUSED') {
      return make(
        'connectionRefused',
        sentences(
          l10n.t('{0} refused the connection.', host),
          l10n.t('Check the port in the base URL and that the server is running.'),
        ),
      );
    }
    // UND_ERR_DESTROYED: a sibling request's stuck connection made us destroy the dispatcher.
    if (
      code === 'ECONNRESET' ||
      code === 'UND_ERR_SOCKET' ||
      code === 'EPIPE' ||
      (code === 'UND_ERR_DESTROYED' && closedReason === undefined)
    ) {
      if (mutation && failure.answered === false && failure.sent) {
        return unknownOutcome(l10n.t('the connection to {0} was closed before an answer arrived', host));
      }
      return make(
        'connectionReset',
        sentences(
          l10n.t('the connection to {0} was closed before an answer arrived.', host),
          l10n.t('Try again; if it persists, a proxy or firewall may be in the way.'),
          this.origin.startsWith('http:') ? l10n.t('If the server uses HTTPS, start the base URL with https://.') : '',
        ),
      );
    }
    const tls = tlsMessage(code, host, this.trust?.systemStore);
    if (tls) return make('tls', tls);
    const message = this.redactorFor(req)(errorMessage(failure.error));
    const proxyStatus = proxy ? /Proxy response \((\d{3})\)/.exec(message)?.[1] : undefined;
    if (proxyStatus === '407') {
      return make(
        'proxy',
        sentences(
          l10n.t('the proxy {0} asks for credentials (HTTP 407).', proxy as string),
          l10n.t('{0}: the proxy URL can carry them, as http://user:password@proxy:port.', proxySettingsAdvice()),
        ),
      );
    }
    if (proxyStatus) {
      return make(
        'proxy',
        sentences(
          l10n.t('the proxy {0} would not open a connection to {1} (HTTP {2}).', proxy as string, host, proxyStatus),
          l10n.t('{0}, and whether the proxy lets you reach this host.', proxySettingsAdvice()),
        ),
      );
    }
    if (proxy && (/proxy/i.test(message) || code === 'UND_ERR_PRX_TLS')) {
      return make(
        'proxy',
        sentences(
          l10n.t('the proxy {0} failed ({1}).', proxy, message),
          l10n.t("{0}, and the proxy's credentials.", proxySettingsAdvice()),
        ),
      );
    }
    // The system's own words (Node's, undici's) are quoted as they are: they have no translation.
    const said = message || l10n.t('a network error occurred');
    return make('network', code ? `${said} (${code}).` : `${said}.`);
  }

  /** What a timeout was: an answer that stalled, one that did not finish, or none at all. */
  private timeoutWords(failure: Failure, idle: boolean): string {
    const host = this.host;
    const proxy = this.proxy;
    if (idle) {
      const silence = seconds(this.idleTimeoutMs);
      return proxy
        ? l10n.t(
            '{0} stopped sending its answer midway: nothing arrived for {1} through the proxy {2}.',
            host,
            silence,
            proxy,
          )
        : l10n.t('{0} stopped sending its answer midway: nothing arrived for {1}.', host, silence);
    }
    const limit = seconds(this.timeoutMs);
    if (failure.answered) {
      const received = amount(failure.received);
      return proxy
        ? l10n.t(
            'the answer from {0} did not finish within {1} through the proxy {2} ({3} arrived).',
            host,
            limit,
            proxy,
            received,
          )
        : l10n.t('the answer from {0} did not finish within {1} ({2} arrived).', host, limit, received);
    }
    return proxy
      ? l10n.t('{0} did not answer within {1} through the proxy {2}.', host, limit, proxy)
      : l10n.t('{0} did not answer within {1}.', host, limit);
  }
}

/** What to check after a timeout: the server (and the proxy), or the time allowed. */
function timeoutAdvice(proxy: string | undefined): string {
  return sentences(
    proxy
      ? l10n.t('Check that the server and the proxy are up (and the http.proxy setting or HTTPS_PROXY),')
      : l10n.t('Check that the server is up and reachable (VPN? proxy?),'),
    l10n.t('or raise the setting kantegaSso.requestTimeoutSeconds.'),
  );
}

/** What the person can do about a refused sign-in. */
function checkCredentialAdvice(): string {
  return l10n.t('Check the username and the password or token, and set the credential again.');
}

/** Where a single sign-on gateway sent the API call: "a SAML sign-in at idp.example.com". */
function signInWords(target: Extract<RedirectTarget, { kind: 'ssoGateway' }>): string {
  const { host } = target;
  switch (target.protocol) {
    case 'SAML':
      return host ? l10n.t('a SAML sign-in at {0}', host) : l10n.t('a SAML sign-in on another host');
    case 'OpenID Connect':
      return host
        ? l10n.t('an OpenID Connect sign-in at {0}', host)
        : l10n.t('an OpenID Connect sign-in on another host');
    default:
      return host ? l10n.t('a sign-in page at {0}', host) : l10n.t('a sign-in page on another host');
  }
}

type ConnectFunction = buildConnector.connector;

/** Server text quoted at the end of a sentence, ending in one full stop (or its own "!", "?", "…"). */
function withFullStop(excerpt: string): string {
  return /[.!?…]$/.test(excerpt) ? excerpt : `${excerpt}.`;
}

function withAuthorization(base: readonly string[], authorization: string): string[] {
  const headers: string[] = [];
  for (let i = 0; i < base.length; i += 2) if (base[i] !== 'authorization') headers.push(base[i], base[i + 1]);
  headers.push('authorization', authorization);
  return headers;
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath || cookiePath === '/') return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/';
}
