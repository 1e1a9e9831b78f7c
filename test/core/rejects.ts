// The one way the core tests expect a failure: a KantegaError of a kind, with a message a person
// can read (no parser noise, no stack frames, nothing that leaked from JavaScript itself).
import assert from 'node:assert/strict';
import { KantegaError, type KantegaErrorKind } from '../../src/core/errors';

/** Text that only ever reaches a message by mistake. */
const LEAKS = /Unexpected token|undefined|\[object Object\]|at .*\.ts:\d+|Invalid URL/;

/** Awaits `promise`, which must reject with a KantegaError of `kind` whose message matches `message`. */
export async function rejectsWith(
  promise: Promise<unknown>,
  kind: KantegaErrorKind,
  message: RegExp,
): Promise<KantegaError> {
  let caught: unknown;
  await promise.then(
    () => assert.fail(`expected a ${kind} error`),
    (e: unknown) => {
      caught = e;
    },
  );
  assert.ok(caught instanceof KantegaError, `expected KantegaError, got ${String(caught)}`);
  assert.equal(caught.kind, kind, caught.message);
  assert.match(caught.message, message);
  assert.doesNotMatch(caught.message, LEAKS);
  return caught;
}
