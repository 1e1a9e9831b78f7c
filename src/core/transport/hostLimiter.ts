// Bounded parallelism, per server: a fleet's instances are checked all at once (each is its own
// server), while one server gets only a few requests at a time, however many ask.

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

export type KeyedOutcome<R> =
  | { readonly status: 'done'; readonly value: R }
  | { readonly status: 'failed'; readonly error: unknown }
  /** Cancelled before its turn came: nothing was sent for it. */
  | { readonly status: 'notStarted' };

/**
 * Runs `task` for every item, one at a time per key (a host) and all keys in parallel; results keep
 * the order of `items`. Once `signal` aborts, items whose turn has not come are not started.
 */
export async function runOnePerKey<T, R>(
  items: readonly T[],
  keyOf: (item: T) => string,
  task: (item: T) => Promise<R>,
  options: { readonly signal?: AbortSignal; readonly onSettled?: (index: number, outcome: KeyedOutcome<R>) => void },
): Promise<KeyedOutcome<R>[]> {
  const outcomes: KeyedOutcome<R>[] = new Array(items.length);
  const queues = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    queues.set(key, [...(queues.get(key) ?? []), index]);
  });
  await Promise.all(
    [...queues.values()].map(async (indexes) => {
      for (const index of indexes) {
        let outcome: KeyedOutcome<R>;
        if (options.signal?.aborted) outcome = { status: 'notStarted' };
        else {
          try {
            outcome = { status: 'done', value: await task(items[index]) };
          } catch (error) {
            outcome = { status: 'failed', error };
          }
        }
        outcomes[index] = outcome;
        options.onSettled?.(index, outcome);
      }
    }),
  );
  return outcomes;
}
