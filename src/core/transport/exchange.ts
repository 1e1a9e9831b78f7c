// One request and its answer as an undici handler, apart from the transport that owns the
// connection: the deadline, the idle time between chunks, the body cap and cancellation, enforced
// here because undici does not always (nodejs/undici#3897). Deadlines run on the monotonic clock
// (performance.now): a wall clock set back must not make the timer spin, nor one set forward fire it early.
import * as l10n from '@vscode/l10n';
import type { Dispatcher } from 'undici';
import type { HttpRequest, HttpResponse } from './httpMessages';
import { firstHeader } from './httpAnswers';

/** `closed`: the transport was closed before the request went out (its client was let go). */
export type StopReason = 'deadline' | 'idle' | 'cancelled' | 'tooLarge' | 'closed';

/** How the failure of one exchange came about, for networkError. */
export interface Failure {
  readonly error?: unknown;
  readonly reason?: StopReason;
  /** Whether the request had started going out (a mutation may then have happened). */
  readonly sent: boolean;
  /** Whether the answer's headers had arrived. */
  readonly answered: boolean;
  readonly received: number;
}

/** What an exchange needs from the transport it runs on. */
export interface ExchangeHost {
  readonly timeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly maxBodyBytes: number;
  /** The base URL's path, which request paths are relative to (for cookie paths). */
  readonly basePath: string;
  storeCookies(values: readonly string[], requestPath: string): void;
  /** Closes a dispatcher whose request could not be aborted (still connecting). */
  discard(dispatcher: Dispatcher): void;
}

/** Settles exactly once: with the answer, or with how it failed. */
export class Exchange implements Dispatcher.DispatchHandler {
  private abortRequest: ((err: Error) => void) | undefined;
  private sent = false;
  private settled = false;
  /** Whether undici has finished with this request (answer complete, or its error reported). */
  private done = false;
  private status = 0;
  private headers: Record<string, string | string[] | undefined> = {};
  /** Wall clock when the headers arrived, for the answer (clock skew, Retry-After dates). */
  private receivedAt = 0;
  private chunks: Buffer[] = [];
  private received = 0;
  /**
   * One timer for both limits: it fires at the deadline or when the body has been silent for the
   * idle time, whichever is first. Chunks only note the time; the timer checks it when it fires,
   * so a fast answer costs no timer work per chunk.
   */
  private timer: NodeJS.Timeout;
  /** Monotonic (performance.now) times. */
  private readonly deadlineAt: number;
  private lastChunkAt = 0;

  constructor(
    private readonly transport: ExchangeHost,
    private readonly dispatcher: Dispatcher,
    private readonly req: HttpRequest,
    private readonly sentAt: number,
    private readonly finish: (response: HttpResponse | undefined, failure: Failure | undefined) => void,
  ) {
    this.deadlineAt = performance.now() + transport.timeoutMs;
    this.timer = setTimeout(this.onTimer, transport.timeoutMs);
    req.signal?.addEventListener('abort', this, { once: true });
  }

  private readonly onTimer = (): void => {
    const now = performance.now();
    if (now >= this.deadlineAt) return this.stop('deadline');
    // Until the headers arrive only the deadline counts.
    const idleAt = this.status ? this.lastChunkAt + this.transport.idleTimeoutMs : Infinity;
    if (now >= idleAt) return this.stop('idle');
    this.timer = setTimeout(this.onTimer, Math.ceil(Math.min(this.deadlineAt, idleAt) - now));
  };

  /** The caller's AbortSignal fired. */
  handleEvent(): void {
    this.stop('cancelled');
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abortRequest = abort;
    this.sent = true;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    if (this.settled) return false;
    this.status = statusCode;
    this.receivedAt = Date.now();
    this.lastChunkAt = performance.now();
    // From here the body may not stay silent longer than the idle time.
    if (this.lastChunkAt + this.transport.idleTimeoutMs < this.deadlineAt) {
      clearTimeout(this.timer);
      this.timer = setTimeout(this.onTimer, this.transport.idleTimeoutMs);
    }
    const headers = this.headers;
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = rawHeaders[i].toString('latin1').toLowerCase();
      const value = rawHeaders[i + 1].toString('latin1');
      const existing = headers[name];
      if (existing === undefined) headers[name] = value;
      else if (Array.isArray(existing)) existing.push(value);
      else headers[name] = [existing, value];
    }
    const length = Number(firstHeader(headers['content-length']));
    if (length > this.transport.maxBodyBytes) {
      this.stop('tooLarge');
      return false;
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return false;
    this.received += chunk.length;
    this.lastChunkAt = performance.now();
    if (this.received > this.transport.maxBodyBytes) {
      this.stop('tooLarge');
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    this.done = true;
    if (this.settled) return;
    this.settle();
    const setCookie = this.headers['set-cookie'];
    if (setCookie) {
      this.transport.storeCookies(
        Array.isArray(setCookie) ? setCookie : [setCookie],
        this.transport.basePath + this.req.path,
      );
    }
    const chunks = this.chunks;
    const body = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
    this.chunks = [];
    this.finish(
      {
        status: this.status,
        headers: this.headers,
        contentType: firstHeader(this.headers['content-type']) ?? '',
        body,
        receivedAt: this.receivedAt,
        sentAt: this.sentAt,
      },
      undefined,
    );
  }

  onError(error: Error): void {
    this.done = true;
    if (this.settled) return;
    this.settle();
    this.finish(undefined, {
      error,
      sent: this.sent,
      answered: this.status !== 0,
      received: this.received,
    });
  }

  onUpgrade(): void {
    this.onError(new Error(l10n.t('unexpected protocol upgrade')));
  }

  /** Ends the exchange from our side: the caller hears at once, and the connection is closed. */
  private stop(reason: StopReason): void {
    if (this.settled) return;
    this.settle();
    this.finish(undefined, { reason, sent: this.sent, answered: this.status !== 0, received: this.received });
    this.chunks = [];
    const stopped = new Error(`request stopped: ${reason}`);
    this.abortRequest?.(stopped);
    // Aborting a request still connecting does nothing in undici; only destroying its dispatcher ends it.
    if (!this.done) this.transport.discard(this.dispatcher);
  }

  private settle(): void {
    this.settled = true;
    clearTimeout(this.timer);
    this.req.signal?.removeEventListener('abort', this);
  }
}
