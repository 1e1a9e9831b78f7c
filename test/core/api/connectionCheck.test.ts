// The two-stage connection check every "does this instance work?" question goes through.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { KantegaClient } from '../../../src/core/api/client';
import { checkConnection, type ConnectionStage } from '../../../src/core/api/connectionCheck';
import { KantegaError } from '../../../src/core/errors';
import { startSimulator, type Simulator } from '../../simulator';

describe('checkConnection', () => {
  let sim: Simulator;
  const clients: KantegaClient[] = [];
  const client = (baseUrl: string, secret = 'admin') => {
    const c = new KantegaClient({
      baseUrl,
      credential: { kind: 'password', username: 'admin', secret },
      network: { maxRetries: 0 },
    });
    clients.push(c);
    return c;
  };
  before(async () => {
    sim = await startSimulator();
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sim.close();
  });

  it("reports the ping and the user's own tokens when both stages pass, in order", async () => {
    const stages: ConnectionStage[] = [];
    const check = await checkConnection(client(sim.baseUrl), { onStage: (stage) => stages.push(stage) });
    assert.ok(check.ok);
    assert.ok(check.ping.serverTime > 0);
    assert.ok(check.myTokens.length > 0 && check.myTokens.every((t) => t.username === 'admin'));
    assert.deepEqual(stages, ['reach', 'signIn']);
  });

  it('a wrong password fails at sign-in, even though the ping itself answered 401', async () => {
    const check = await checkConnection(client(sim.baseUrl, 'wrong'));
    assert.equal(check.ok, false);
    assert.equal(!check.ok && check.stage, 'signIn');
    assert.ok(!check.ok && check.error instanceof KantegaError && check.error.kind === 'unauthorized');
  });

  it('a token list that fails for another reason (500) is a server failure, not a sign-in failure', async () => {
    sim.inject({ type: 'status', status: 500, body: 'boom' }, { pathIncludes: 'user/tokens', times: Infinity });
    try {
      const check = await checkConnection(client(sim.baseUrl));
      assert.ok(
        !check.ok &&
          check.stage === 'server' &&
          check.error instanceof KantegaError &&
          check.error.kind === 'serverError',
      );
    } finally {
      sim.clearFaults();
    }
  });

  it('nothing listening fails at the reach stage and never tries to sign in', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as net.AddressInfo;
        server.close(() => resolve(p));
      });
    });
    const stages: ConnectionStage[] = [];
    const check = await checkConnection(client(`http://127.0.0.1:${port}/jira`), {
      onStage: (stage) => stages.push(stage),
    });
    assert.ok(
      !check.ok &&
        check.stage === 'reach' &&
        check.error instanceof KantegaError &&
        check.error.kind === 'connectionRefused',
    );
    assert.deepEqual(stages, ['reach']);
  });

  it('throws an interruption (the client was let go meanwhile): it says nothing about the instance', async () => {
    const closed = client(sim.baseUrl);
    await closed.close('the settings or credential of this instance changed meanwhile');
    await assert.rejects(
      checkConnection(closed),
      (e: unknown) => e instanceof KantegaError && e.kind === 'interrupted' && /changed meanwhile/.test(e.message),
    );
  });

  it('throws a cancellation instead of reporting it as a failure', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      checkConnection(client(sim.baseUrl), { signal: controller.signal }),
      (e: unknown) => e instanceof KantegaError && e.kind === 'cancelled',
    );
  });
});
