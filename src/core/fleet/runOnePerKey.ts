// A fleet operation (a snapshot of many instances, an add across them) runs on every instance at
// once, but instances that share a host take turns: a change is one request at a time per server.
import { isKantegaError } from '../errors';

export type KeyedOutcome<R> =
  | { readonly status: 'done'; readonly value: R }
  | { readonly status: 'failed'; readonly error: unknown }
  /** Cancelled before its turn came: nothing was sent for it. */
  | { readonly status: 'notStarted' };

/**
 * Whether Retry Failed runs it again: it never started, or it failed; not a change whose outcome is
 * unknown (it may have happened: look before trying again).
 */
export function isWorthRetrying(outcome: KeyedOutcome<unknown>): boolean {
  if (outcome.status === 'notStarted') return true;
  return outcome.status === 'failed' && !(isKantegaError(outcome.error) && outcome.error.kind === 'outcomeUnknown');
}

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
