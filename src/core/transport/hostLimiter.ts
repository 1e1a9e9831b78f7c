// Bounded parallelism, per server: a fleet's instances are checked all at once (each is its own
// server), while one server gets only a few requests at a time, however many ask, from all clients.

/** Requests in flight to one host at most, from all clients of this process together. */
export const REQUESTS_PER_HOST = 4;

/** At most `limit` tasks at a time per key (a host); tasks of other keys never wait for them. */
export class KeyedLimiter {
  private readonly running = new Map<string, number>();
  private readonly queues = new Map<string, Array<() => void>>();

  constructor(readonly limit: number) {}

  /** How many tasks of `key` are running now. */
  inFlight(key: string): number {
    return this.running.get(key) ?? 0;
  }

  /**
   * Waits for a free place for `key`, then holds it until `release` is called. Rejects with
   * `cancelled()` when the signal aborts while waiting (nothing was started then).
   */
  acquire(key: string, signal: AbortSignal | undefined, cancelled: () => Error): Promise<() => void> {
    const release = () => this.release(key);
    if (this.inFlight(key) < this.limit) {
      this.running.set(key, this.inFlight(key) + 1);
      return Promise.resolve(once(release));
    }
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(cancelled());
      const queue = this.queues.get(key) ?? [];
      this.queues.set(key, queue);
      const start = () => {
        signal?.removeEventListener('abort', onAbort);
        this.running.set(key, this.inFlight(key) + 1);
        resolve(once(release));
      };
      const onAbort = () => {
        queue.splice(queue.indexOf(start), 1);
        reject(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(start);
    });
  }

  private release(key: string): void {
    const next = this.queues.get(key)?.shift();
    this.running.set(key, this.inFlight(key) - 1);
    if (!this.queues.get(key)?.length) this.queues.delete(key);
    if (this.inFlight(key) === 0) this.running.delete(key);
    next?.();
  }
}

function once(release: () => void): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    release();
  };
}

/** Shared by every client in the process: two instances on one server share its bound. */
export const hostLimiter = new KeyedLimiter(REQUESTS_PER_HOST);
