// The single sign-on gateway in front of /rest: 302s to a SAML or OIDC login on another host for
// everything but Kantega API tokens, over real HTTP with fetch (redirects not followed).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { startSimulator, type Simulator } from './index';
import { ADMIN, JOHN, PING, TOKENS_3, asRecord, basic, call, startCli } from './testkit';

const MINE = `${TOKENS_3}/user/tokens`;

describe('simulator SSO gateway', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ ssoGateway: true, captchaAfterFailures: 3 });
  });
  after(() => sim.close());

  const get = (path: string, auth?: string) => call(sim, 'GET', path, { auth, redirect: 'manual' });

  it('sends /rest requests, ping included, to a SAML login on another host with a deflated AuthnRequest', async () => {
    const answer = await get(PING);
    assert.equal(answer.status, 302);
    const location = new URL(answer.headers.get('location') ?? '');
    assert.equal(`${location.origin}${location.pathname}`, 'https://idp.example.test/adfs/ls/');
    assert.deepEqual([...location.searchParams.keys()], ['SAMLRequest', 'RelayState']);
    const request = inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest')!, 'base64')).toString();
    assert.match(request, /^<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2\.0:protocol" /);
    assert.ok(request.includes(`AssertionConsumerServiceURL="${sim.baseUrl}/plugins/servlet/samlconsumer"`));
    assert.ok(request.includes(`<saml:Issuer>${sim.baseUrl}</saml:Issuer>`));
    assert.match(location.searchParams.get('RelayState') ?? '', /^[0-9a-f]{32}$/);
    assert.deepEqual(
      [sim.requests.at(-1)!.signedInAs, sim.requests.at(-1)!.authFailed],
      [undefined, undefined],
      'the sign-in never saw it',
    );
  });

  it('passwords, PATs and wrong or expired tokens are redirected too, and not counted as failed sign-ins', async () => {
    for (const auth of [
      ADMIN,
      'Bearer admin-pat-0001',
      basic('admin', 'wrong'),
      basic('admin', 'x'),
      basic('admin', 'y'),
    ]) {
      assert.equal((await get(MINE, auth)).status, 302, auth);
    }
    const expired = sim.state.tokens.find((t) => t.id === 129)!;
    assert.equal((await get(MINE, basic('admin', expired.secret))).status, 302);
    assert.equal(sim.failedSignIns('admin'), 0, 'Jira never saw those credentials');
  });

  it('a valid Kantega API token passes through to Jira', async () => {
    const { id, secret } = sim.issueToken('john.doe');
    const answer = await get(MINE, basic('john.doe', secret));
    assert.equal(answer.status, 200);
    assert.ok(Array.isArray(answer.json));
    assert.deepEqual(sim.requests.at(-1)!.signedInAs, { username: 'john.doe', kind: 'apiToken', tokenId: id });
  });

  it("leaves pages outside /rest and the simulator's own endpoints alone", async () => {
    assert.equal((await get('/login.jsp')).status, 200);
    assert.equal((await get('/rest/ksso-simulator/1.0/config')).status, 200);
    assert.equal((await get('/rest/ksso-simulator/1.0/captcha')).status, 200);
  });

  it('exemptApiTokens: false redirects tokens too; setSsoGateway(false) is the admin exempting /rest', async () => {
    const { secret } = sim.issueToken('john.doe');
    sim.setSsoGateway({ exemptApiTokens: false });
    assert.equal((await get(MINE, basic('john.doe', secret))).status, 302);
    sim.setSsoGateway(false);
    assert.equal((await get(MINE, JOHN)).status, 200);
    assert.equal((await get(PING)).status, 200);
    sim.setSsoGateway(true);
    assert.equal((await get(PING)).status, 302);
  });

  it('OIDC: an authorization-code request to /oauth2/authorize, with a state and a nonce', async () => {
    sim.setSsoGateway({ protocol: 'oidc' });
    try {
      const location = new URL((await get(MINE, JOHN)).headers.get('location') ?? '');
      assert.equal(`${location.origin}${location.pathname}`, 'https://idp.example.test/oauth2/authorize');
      const parameters = Object.fromEntries(location.searchParams);
      assert.deepEqual(
        { ...parameters, state: 'x', nonce: 'y' },
        {
          response_type: 'code',
          client_id: 'jira',
          redirect_uri: `${sim.baseUrl}/plugins/servlet/oidc/callback`,
          scope: 'openid email profile',
          state: 'x',
          nonce: 'y',
        },
      );
      assert.match(parameters.state, /^[0-9a-f]{32}$/);
    } finally {
      sim.setSsoGateway(true);
    }
  });

  it('a login URL of its own, keeping the query it already has', async () => {
    sim.setSsoGateway({ loginUrl: 'https://sso.corp.example/saml2/idp/SSO?tenant=7' });
    try {
      const location = (await get(PING)).headers.get('location') ?? '';
      assert.match(location, /^https:\/\/sso\.corp\.example\/saml2\/idp\/SSO\?tenant=7&SAMLRequest=[^&]+&RelayState=/);
    } finally {
      sim.setSsoGateway(true);
    }
  });
});

describe('simulator CLI SSO gateway flags', () => {
  it('--sso-gateway puts /rest behind a SAML login; --sso-gateway-oidc behind an OIDC one', async () => {
    for (const [flag, login] of [
      ['--sso-gateway', 'https://idp.example.test/adfs/ls/?SAMLRequest='],
      ['--sso-gateway-oidc', 'https://idp.example.test/oauth2/authorize?response_type=code'],
    ]) {
      const cli = await startCli(['--port', '0', flag]);
      try {
        assert.match(cli.output, /SSO gateway: /);
        const answer = await fetch(`${cli.baseUrl}${PING}`, { redirect: 'manual' });
        assert.equal(answer.status, 302);
        assert.ok(answer.headers.get('location')?.startsWith(login), answer.headers.get('location') ?? '');
        const config = await fetch(`${cli.baseUrl}/rest/ksso-simulator/1.0/config`);
        assert.ok(asRecord(await config.json()));
      } finally {
        assert.equal(await cli.stop(), 0);
      }
    }
  });
});
