// The rotation plan: what the new token is created with, and the order that never deletes the old
// token before the new one signed in (and, for a sign-in token, took its place). Properties over
// every way each step can end; the validity round trip also against the simulator over real HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { KantegaClient } from '../../../src/core/api/client';
import {
  mayRetire,
  replaceToken,
  replacementRequest,
  retireToken,
  rotationVerdict,
  validityOf,
  type Validity,
} from '../../../src/core/api/tokenRotation';
import { KantegaError } from '../../../src/core/errors';
import { DAY_MS, type ApiToken, type CreatedToken } from '../../../src/core/model';
import { startSimulator, type Simulator, type SimulatorVersion } from '../../simulator';

for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'])
  delete process.env[name];

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const SEED = { seed: 18, numRuns: 300 };

function token(overrides: Partial<ApiToken> = {}): ApiToken {
  return {
    id: 7,
    name: 'ci-pipeline',
    description: 'Deploys from the build server',
    descriptionUnknown: false,
    username: 'admin',
    createdAt: NOW - 60 * DAY_MS,
    expiresAt: NOW + 30 * DAY_MS,
    neverExpires: false,
    actionable: true,
    ...overrides,
  };
}

function created(id = 12): CreatedToken {
  return { ...token({ id, createdAt: NOW, expiresAt: NOW + 90 * DAY_MS }), secret: `secret-${id}` };
}

/** A validity as the issue names them: the offered periods, any custom one, or never. */
const validities: fc.Arbitrary<Validity> = fc.oneof(
  fc.constantFrom<Validity>(30, 90, 180, 365, 'forever'),
  fc.integer({ min: 1, max: 3650 }),
);

describe('validityOf: the period a listed token was given', () => {
  it('round-trips every period through the times a server lists (minutes, a DST hour, the server clock off)', () => {
    fc.assert(
      fc.property(
        validities,
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        // Listed to the minute, a day of 23 or 25 hours, a few minutes between the create and the listing.
        fc.integer({ min: -(70 * 60_000), max: 70 * 60_000 }),
        (validity, createdAt, jitter) => {
          const listed =
            validity === 'forever'
              ? token({ createdAt, expiresAt: undefined, neverExpires: true })
              : token({ createdAt, expiresAt: createdAt + validity * DAY_MS + jitter });
          assert.equal(validityOf(listed), validity);
          assert.equal(replacementRequest(listed, validityOf(listed) ?? 90).validity, validity);
        },
      ),
      SEED,
    );
  });

  it('prefers the validForDays a create answer states, and says unknown rather than guess', () => {
    assert.equal(validityOf(token({ validForDays: 180, expiresAt: NOW + 3 * DAY_MS })), 180);
    assert.equal(validityOf(token({ createdAt: undefined })), undefined);
    assert.equal(validityOf(token({ expiresAt: undefined })), undefined);
    // Out of what a create accepts: not a period to create with.
    assert.equal(validityOf(token({ createdAt: NOW, expiresAt: NOW + 20 * 365 * DAY_MS })), undefined);
    assert.equal(validityOf(token({ createdAt: NOW, expiresAt: NOW - DAY_MS })), undefined);
    assert.equal(validityOf(token({ createdAt: NOW, expiresAt: Number.NaN })), undefined);
  });
});

describe('replacementRequest: the create body', () => {
  it('keeps the name and the description (3.0)', () => {
    assert.deepEqual(replacementRequest(token(), 90), {
      name: 'ci-pipeline',
      description: 'Deploys from the build server',
      validity: 90,
    });
  });

  it('sends no description where API 2.0 did not tell it (not the name a second time)', () => {
    const listedBy20 = token({ description: undefined, descriptionUnknown: true });
    assert.deepEqual(replacementRequest(listedBy20, 'forever'), {
      name: 'ci-pipeline',
      description: undefined,
      validity: 'forever',
    });
  });

  it('sends no empty description', () => {
    assert.equal(replacementRequest(token({ description: '  ' }), 30).description, undefined);
  });
});

/** How each step of one rotation ends, as the editor's steps would. */
interface Scenario {
  readonly create: 'ok' | 'fail' | 'unknown';
  readonly verify: 'ok' | 'fail';
  /** undefined: the old token is not the instance's credential. */
  readonly switchTo?: 'yes' | 'no' | 'fail' | 'unknown';
  readonly confirm: boolean;
  readonly remove: 'ok' | 'fail' | 'unknown';
  readonly oldActionable: boolean;
}

const scenarios: fc.Arbitrary<Scenario> = fc.record(
  {
    create: fc.constantFrom('ok', 'fail', 'unknown'),
    verify: fc.constantFrom('ok', 'fail'),
    switchTo: fc.constantFrom('yes', 'no', 'fail', 'unknown'),
    confirm: fc.boolean(),
    remove: fc.constantFrom('ok', 'fail', 'unknown'),
    oldActionable: fc.boolean(),
  },
  { requiredKeys: ['create', 'verify', 'confirm', 'remove', 'oldActionable'] },
);

function failure(outcome: 'fail' | 'unknown'): Error {
  return outcome === 'unknown'
    ? new KantegaError('outcomeUnknown', 'The request was sent, then timed out.')
    : new KantegaError('serverError', 'HTTP 500');
}

/** Runs a whole rotation and records which steps ran, in order. */
async function rotate(scenario: Scenario) {
  const calls: string[] = [];
  const old = token({ actionable: scenario.oldActionable, id: scenario.oldActionable ? 7 : undefined });
  const signIn = scenario.switchTo !== undefined;
  const replacement = await replaceToken(old, {
    create: async () => {
      calls.push('create');
      if (scenario.create !== 'ok') throw failure(scenario.create);
      return created();
    },
    verify: async (made) => {
      calls.push(`verify ${made.id}`);
      if (scenario.verify === 'fail') throw new KantegaError('unauthorized', 'HTTP 401');
    },
    switchCredential: signIn
      ? async () => {
          calls.push('switch');
          if (scenario.switchTo === 'fail' || scenario.switchTo === 'unknown') throw failure(scenario.switchTo);
          return scenario.switchTo === 'yes';
        }
      : undefined,
  });
  const retired = await retireToken(replacement, signIn, scenario.confirm, async () => {
    calls.push('delete');
    if (scenario.remove !== 'ok') throw failure(scenario.remove);
  });
  return { calls, replacement, retired, signIn };
}

describe('the order of a rotation', () => {
  it('never deletes the old token unless the new one verified, replaced it as credential, was confirmed', async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, async (scenario) => {
        const { calls, replacement, retired, signIn } = await rotate(scenario);
        const verified = scenario.create === 'ok' && scenario.verify === 'ok';
        const inPlace = !signIn || scenario.switchTo === 'yes';
        const shouldDelete = verified && inPlace && scenario.confirm && scenario.oldActionable;
        assert.equal(calls.includes('delete'), shouldDelete, calls.join(', '));
        assert.equal(mayRetire(replacement, signIn), verified && inPlace && scenario.oldActionable);
        // Each step only after the one before succeeded; the verification is of the token just made.
        const expected = ['create'];
        if (scenario.create === 'ok') expected.push('verify 12');
        if (scenario.create === 'ok' && scenario.verify === 'ok' && signIn) expected.push('switch');
        if (shouldDelete) expected.push('delete');
        assert.deepEqual(calls, expected);
        // Whatever happened is recorded, never thrown; an unsent step is skipped, not failed.
        if (!shouldDelete) assert.ok(['skipped', 'declined'].includes(retired.state), retired.state);
        if (scenario.create !== 'ok') assert.equal(replacement.verify.state, 'skipped');
      }),
      SEED,
    );
  });

  it('words the outcome from what the person has now', async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, async (scenario) => {
        const { replacement, retired } = await rotate(scenario);
        const verdict = rotationVerdict(replacement, retired);
        const anyUnknown =
          scenario.create === 'unknown' ||
          (scenario.create === 'ok' && scenario.verify === 'ok' && scenario.switchTo === 'unknown') ||
          retired.state === 'unknown';
        if (anyUnknown) assert.equal(verdict, 'unknown');
        else if (scenario.create !== 'ok' || scenario.verify !== 'ok' || scenario.switchTo === 'fail')
          assert.equal(verdict, 'failed');
        else assert.equal(verdict, retired.state === 'done' ? 'rotated' : 'bothValid');
      }),
      SEED,
    );
  });

  it('records a create whose answer never came as unknown, and a verification that failed as failed', async () => {
    const { replacement } = await rotate({
      create: 'unknown',
      verify: 'ok',
      confirm: true,
      remove: 'ok',
      oldActionable: true,
    });
    assert.equal(replacement.create.state, 'unknown');
    const refused = await rotate({ create: 'ok', verify: 'fail', confirm: true, remove: 'ok', oldActionable: true });
    assert.equal(refused.replacement.verify.state, 'failed');
    assert.equal(refused.replacement.created?.id, 12);
  });
});

for (const version of ['latest', '5.7.0'] as SimulatorVersion[]) {
  describe(`validity periods round-trip through Kantega SSO ${version}`, () => {
    let sim: Simulator;
    let client: KantegaClient;
    before(async () => {
      sim = await startSimulator({ version });
      client = new KantegaClient({
        baseUrl: sim.baseUrl,
        credential: { kind: 'password', username: 'admin', secret: 'admin' },
      });
    });
    after(async () => {
      await client.close();
      await sim.close();
    });

    it('a token made with 30, 90, 180, 365, 47 days or never lists that period, its name and description', async () => {
      const periods: Validity[] = [30, 90, 180, 365, 47, 'forever'];
      for (const validity of periods) {
        await client.createToken({ name: `rotating ${validity}`, description: 'kept', validity });
      }
      const listed = await client.listMyTokens();
      for (const validity of periods) {
        const old = listed.find((candidate) => candidate.name === `rotating ${validity}`);
        assert.ok(old, `listed: ${listed.map((candidate) => candidate.name).join(', ')}`);
        assert.equal(validityOf(old), validity);
        const request = replacementRequest(old, validityOf(old) ?? 90);
        assert.equal(request.name, `rotating ${validity}`);
        // 2.0 lists the name where the description belongs: the new token gets none, never the name.
        assert.equal(request.description, version === 'latest' ? 'kept' : undefined);
      }
    });
  });
}
