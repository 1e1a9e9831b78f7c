// A rotation in words, for any tokens the server may list and any way the steps may end: the words
// name the tokens (shown, never raw) and say what the person has now, never `undefined`, `NaN` or
// `[object Object]`, and never that something was deleted when it was not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { rotationWords, tokenWords, validityWords } from '../../../src/core/api/tokenRotationWords';
import type { Replacement, StepResult } from '../../../src/core/api/tokenRotation';
import { describeError, KantegaError } from '../../../src/core/errors';
import type { ApiToken, CreatedToken } from '../../../src/core/model';
import { displayText } from '../../../src/core/text/displayText';
import { trickyString } from '../properties';

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const SETTINGS = { seed: 1802, numRuns: 400 };
/** Words of a bug; a token's name may say anything, so the check runs on the words with the names taken out. */
const BUG_WORDS = /undefined|NaN|Infinity|\[object Object\]|\n\s+at /;
// eslint-disable-next-line no-control-regex -- control characters are what the check looks for
const CONTROL = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

const time = fc.option(fc.integer({ min: 0, max: LATEST }), { nil: undefined });
const token: fc.Arbitrary<ApiToken> = fc
  .record({
    id: fc.option(fc.nat(), { nil: undefined }),
    name: trickyString.filter((name) => name.trim() !== ''),
    description: fc.option(trickyString, { nil: undefined }),
    descriptionUnknown: fc.boolean(),
    username: fc.option(trickyString, { nil: undefined }),
    createdAt: time,
    expiresAt: time,
    neverExpires: fc.boolean(),
  })
  .map((t) => ({ ...t, actionable: t.id !== undefined, expiresAt: t.neverExpires ? undefined : t.expiresAt }));

/** What a step threw: the client's errors, which carry server text, and anything else code may throw. */
const error = fc.oneof(
  trickyString.map((text) => new KantegaError('serverError', `HTTP 500: ${text}`)),
  trickyString.map((text) => new KantegaError('outcomeUnknown', `Sent, then timed out: ${text}`)),
  trickyString.map((text) => new Error(text)),
  fc.constantFrom<unknown>(undefined, null, 42, { message: 'x' }, 'plain text'),
);
const step: fc.Arbitrary<StepResult> = fc.oneof(
  fc.constant<StepResult>({ state: 'done' }),
  fc.constant<StepResult>({ state: 'declined' }),
  fc.constant<StepResult>({ state: 'skipped' }),
  error.map((e): StepResult => ({ state: 'failed', error: e })),
  error.map((e): StepResult => ({ state: 'unknown', error: e })),
);
const SKIPPED: StepResult = { state: 'skipped' };
const replacement: fc.Arbitrary<Replacement> = fc
  .record({
    old: token,
    created: fc.option(token, { nil: undefined }),
    create: step,
    verify: step,
    switchCredential: step,
  })
  .map(({ created, ...rest }) => ({
    ...rest,
    // A created token exists exactly when the create succeeded.
    create: created ? { state: 'done' } : rest.create.state === 'done' ? { state: 'skipped' } : rest.create,
    created: created && ({ ...created, secret: 'secret-never-shown' } satisfies CreatedToken),
  }));

/** The words, with every name the server chose and every error's own text taken out: what is left is ours. */
function ours(message: string, tokens: readonly (ApiToken | undefined)[], steps: readonly StepResult[]): string {
  const theirs = [
    ...tokens.flatMap((t) => (t ? [displayText(t.name, 60)] : [])),
    ...steps.flatMap((result) => ('error' in result ? [describeError(result.error)] : [])),
  ];
  let left = message;
  for (const text of theirs.sort((a, b) => b.length - a.length)) left = left.split(text).join('');
  return left;
}

describe('rotation words', () => {
  it('name a token by its shown name, id, creation and expiry, whatever the server listed', () => {
    fc.assert(
      fc.property(token, (listed) => {
        const words = tokenWords(listed, NOW);
        assert.ok(words.includes(`"${displayText(listed.name, 60)}"`), words);
        assert.ok(!CONTROL.test(words), JSON.stringify(words));
        assert.ok(!BUG_WORDS.test(ours(words, [listed], [])), JSON.stringify(words));
      }),
      SETTINGS,
    );
  });

  it('say what the person has now, never a bug word, a control character or the secret', () => {
    fc.assert(
      fc.property(
        replacement,
        fc.record({ retired: step, signsIn: fc.boolean(), discarded: fc.option(step, { nil: undefined }) }),
        (made, outcome) => {
          const { severity, message } = rotationWords('Jira Prod', made, outcome, NOW);
          assert.ok(['information', 'warning', 'error'].includes(severity));
          assert.ok(message.includes('Jira Prod'), message);
          assert.ok(!message.includes('secret-never-shown'), 'the secret is never in the words');
          const steps = [
            made.create,
            made.verify,
            made.switchCredential,
            outcome.retired,
            outcome.discarded ?? SKIPPED,
          ];
          assert.ok(!BUG_WORDS.test(ours(message, [made.old, made.created], steps)), JSON.stringify(message));
          // Only a delete that was done is told as done; a failed or unknown step is never "deleted".
          if (/The old token \(id [^)]*\) is deleted\./.test(message)) assert.equal(outcome.retired.state, 'done');
          if (made.create.state !== 'done' || made.verify.state !== 'done') {
            assert.ok(!/The old token \(id [^)]*\) is deleted/.test(message), message);
            assert.notEqual(severity, 'information');
          }
        },
      ),
      SETTINGS,
    );
  });

  it('word a failed create and a refused new token so that the old token is said to stay', () => {
    const old: ApiToken = {
      id: 7,
      name: 'ci',
      descriptionUnknown: false,
      neverExpires: false,
      actionable: true,
      createdAt: NOW,
      expiresAt: NOW + 86_400_000,
    };
    const failed: StepResult = { state: 'failed', error: new KantegaError('serverError', 'HTTP 502 from nginx.') };
    const skipped: StepResult = { state: 'skipped' };
    const notCreated = rotationWords(
      'Jira',
      { old, create: failed, verify: skipped, switchCredential: skipped },
      { retired: skipped, signsIn: false },
      NOW,
    );
    assert.equal(
      notCreated.message,
      'The new API token "ci" was not created on Jira: HTTP 502 from nginx. ' +
        'Nothing was changed: the old token stays valid.',
    );
    const created = { ...old, id: 12, secret: 's' };
    const refused = rotationWords(
      'Jira',
      { old, created, create: { state: 'done' }, verify: failed, switchCredential: skipped },
      { retired: skipped, signsIn: true, discarded: { state: 'done' } },
      NOW,
    );
    assert.match(refused.message, /\(id 12\) was created on Jira but did not sign in: HTTP 502 from nginx\. /);
    assert.match(
      refused.message,
      /The old token stays valid and in use; the new one, whose secret nobody has, is deleted\./,
    );
    assert.equal(validityWords('forever'), 'never expires');
    assert.equal(validityWords(45), '45 days');
  });
});
