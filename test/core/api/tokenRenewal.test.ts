// Renewing the token picked, against the simulator over loopback: the answer is checked against the
// token picked, so a pasted secret of another token (or an empty body while signing in with another)
// is named for what it renewed; an answer without an id is checked by listing the token again.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { KantegaClient } from '../../../src/core/api/client';
import { expiryMoved, renewPickedToken, withExpiry } from '../../../src/core/api/tokenRenewal';
import { DAY_MS, type ApiToken, type Credential } from '../../../src/core/model';
import { startSimulator, type Simulator, type SimulatorVersion } from '../../simulator';

for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'])
  delete process.env[name];

const token = (fields: Partial<ApiToken> = {}): ApiToken => ({
  id: 1,
  name: 'ci',
  descriptionUnknown: false,
  neverExpires: false,
  actionable: true,
  ...fields,
});

describe('expiryMoved and withExpiry', () => {
  const NOW = Date.UTC(2026, 0, 15);

  it('moved only when the new expiry is more than a minute later', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30 * DAY_MS, max: 30 * DAY_MS }), (delta) => {
        const moved = expiryMoved(token({ expiresAt: NOW }), token({ expiresAt: NOW + delta }));
        assert.equal(moved, delta > 60_000, `delta ${delta}`);
      }),
    );
  });

  it('counts an expiry it cannot compare, and a token that never expires, as moved', () => {
    assert.equal(expiryMoved(token(), token({ expiresAt: NOW })), true);
    assert.equal(expiryMoved(token({ expiresAt: NOW }), token()), true);
    assert.equal(expiryMoved(token({ neverExpires: true }), token({ neverExpires: true })), true);
    assert.equal(expiryMoved(token({ expiresAt: NOW }), token({ neverExpires: true })), true);
  });

  it('takes the expiry of the answer, keeping the text it had when the answer has none', () => {
    const before = token({ expiresAt: NOW, expiresAtText: '2026-01-15T00:00' });
    assert.deepEqual(withExpiry(before, { neverExpires: false, expiresAt: NOW + DAY_MS }), {
      ...before,
      expiresAt: NOW + DAY_MS,
    });
    const never = withExpiry(before, { neverExpires: true, expiresAtText: 'Never' });
    assert.equal(never.expiresAt, undefined);
    assert.equal(never.expiresAtText, 'Never');
  });
});

for (const version of ['latest', '5.7.0'] as SimulatorVersion[]) {
  describe(`renewPickedToken against Kantega SSO ${version}`, () => {
    let sim: Simulator;
    const clients: KantegaClient[] = [];
    const clientAs = (credential: Partial<Credential> = {}): KantegaClient => {
      const client = new KantegaClient({
        baseUrl: sim.baseUrl,
        credential: { kind: 'password', username: 'john.doe', secret: 'john', ...credential },
      });
      clients.push(client);
      return client;
    };
    /** A token of john.doe two days from expiry, as the client lists it. */
    const expiringToken = async (name: string) => {
      const issued = sim.issueToken('john.doe', { name, validForDays: 30, createdAt: Date.now() - 28 * DAY_MS });
      const listed = (await clientAs().listMyTokens()).find((t) => t.id === issued.id);
      assert.ok(listed?.id !== undefined);
      return { ...issued, listed: { ...listed, id: listed.id } };
    };
    const serverExpiry = (id: number) => sim.state.tokens.find((t) => t.id === id)?.expiresAt;
    const inThirtyDays = (expiresAt: number | undefined) =>
      assert.ok(expiresAt !== undefined && Math.abs(expiresAt - (Date.now() + 30 * DAY_MS)) < 120_000, `${expiresAt}`);

    before(async () => {
      sim = await startSimulator({ version });
    });
    after(async () => {
      await Promise.all(clients.map((c) => c.close()));
      await sim.close();
    });
    beforeEach(() => sim.clearFaults());

    it('renews the token picked with its secret, and gives the expiry the server answered', async () => {
      const picked = await expiringToken('picked');
      const outcome = await renewPickedToken(clientAs(), picked.listed, picked.secret);
      assert.equal(outcome.kind, 'renewed');
      assert.ok(outcome.kind === 'renewed');
      assert.equal(outcome.token.name, 'picked');
      inThirtyDays(outcome.token.expiresAt);
      inThirtyDays(serverExpiry(picked.id));
    });

    it("names the other token when the secret pasted is another token's; the one picked is unchanged", async () => {
      const picked = await expiringToken('picked again');
      const other = await expiringToken('other');
      const before = serverExpiry(picked.id);
      const outcome = await renewPickedToken(clientAs(), picked.listed, other.secret);
      assert.equal(outcome.kind, 'renewedAnother');
      assert.ok(outcome.kind === 'renewedAnother');
      assert.equal(outcome.renewed.id, other.id);
      assert.equal(outcome.renewed.name, 'other');
      inThirtyDays(outcome.renewed.expiresAt);
      assert.equal(serverExpiry(picked.id), before, 'the token picked was not renewed');
    });

    it('with an empty body renews the token signing in: the one picked, or named as another', async () => {
      const signIn = await expiringToken('sign-in');
      const picked = await expiringToken('not signing in');
      const client = clientAs({ kind: 'apiToken', secret: signIn.secret });
      const own = await renewPickedToken(client, signIn.listed, undefined);
      assert.equal(own.kind, 'renewed');
      inThirtyDays(serverExpiry(signIn.id));
      const put = sim.requests.filter((r) => r.method === 'PUT').at(-1);
      assert.equal(put?.body, undefined, 'no body');
      assert.equal(put?.signedInAs?.tokenId, signIn.id);

      const before = serverExpiry(picked.id);
      const another = await renewPickedToken(client, picked.listed, undefined);
      assert.ok(another.kind === 'renewedAnother' && another.renewed.id === signIn.id);
      assert.equal(serverExpiry(picked.id), before);
    });

    it('an answer without an id: lists the token again, renewed when its expiry moved, else unconfirmed', async () => {
      const picked = await expiringToken('no id in the answer');
      sim.inject({ type: 'dropField', field: 'id' }, { method: 'PUT', pathIncludes: 'user/refresh' });
      const renewed = await renewPickedToken(clientAs(), picked.listed, picked.secret);
      assert.ok(renewed.kind === 'renewed');
      inThirtyDays(renewed.token.expiresAt);
      assert.deepEqual(
        sim.requests.slice(-2).map((r) => `${r.method} ${r.path.replace(/^.*apitokens\/\d\.\d\//, '')}`),
        ['PUT user/refresh', 'GET user/tokens'],
      );

      const again = await expiringToken('still no id');
      const other = await expiringToken('renewed by mistake');
      sim.inject({ type: 'dropField', field: 'id' }, { method: 'PUT', pathIncludes: 'user/refresh' });
      const unconfirmed = await renewPickedToken(clientAs(), again.listed, other.secret);
      assert.ok(unconfirmed.kind === 'unconfirmed');
      assert.equal(unconfirmed.token.name, 'still no id');
      assert.ok(!expiryMoved(again.listed, unconfirmed.token), 'the token picked, as listed again, did not move');
    });
  });
}
