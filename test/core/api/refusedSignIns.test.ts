// Sign-ins refused before the password is checked (issue #15, items 1 and 2), against real loopback
// simulators: Atlassian's CAPTCHA after failed sign-ins, and a single sign-on gateway in front of
// /rest. Neither is a wrong password, neither is retried, and the connection check files both under
// the sign-in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KantegaClient } from '../../../src/core/api/client';
import { checkConnection } from '../../../src/core/api/connectionCheck';
import { KantegaError } from '../../../src/core/errors';
import { HttpTransport } from '../../../src/core/transport/http';
import type { Credential } from '../../../src/core/model';
import { startSimulator, type Simulator } from '../../simulator';
import { rejectsWith } from '../rejects';

for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'])
  delete process.env[name];

const clients: KantegaClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
});

function clientFor(sim: Simulator, credential: Partial<Credential> = {}): KantegaClient {
  const client = new KantegaClient({
    baseUrl: sim.baseUrl,
    credential: { kind: 'password', username: 'admin', secret: 'admin', ...credential },
    network: { maxRetryDelayMs: 50 },
  });
  clients.push(client);
  return client;
}

const host = (sim: Simulator) => new URL(sim.baseUrl).host;
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('a CAPTCHA after failed sign-ins', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ captchaAfterFailures: 3 });
  });
  after(() => sim.close());

  it('is named as such, with the login page on the instance, and is not retried', async () => {
    for (let i = 0; i < 3; i++) {
      await rejectsWith(clientFor(sim, { secret: 'stale' }).listMyTokens(), 'unauthorized', /HTTP 401/);
    }
    assert.equal(sim.failedSignIns('admin'), 3);
    assert.ok(sim.captchaRequired('admin'));
    const before = sim.requests.length;
    const e = await rejectsWith(
      clientFor(sim).listMyTokens(),
      'captcha',
      new RegExp(
        `^Could not list your API tokens: ${escaped(host(sim))} asks for a CAPTCHA after failed sign-ins, so it ` +
          'refuses this user until they sign in once in a browser\\. ' +
          `Sign in to ${escaped(host(sim))} in the browser, then set the credential again\\.$`,
      ),
    );
    assert.equal(e.loginUrl, `${sim.baseUrl}/login.jsp`);
    assert.equal(e.status, 403);
    assert.equal(sim.requests.length - before, 1, 'sent once, not retried');
    assert.equal(sim.failedSignIns('admin'), 4);
  });

  it('fails the connection check at the sign-in, already on the ping', async () => {
    const check = await checkConnection(clientFor(sim));
    assert.ok(!check.ok);
    assert.equal(check.stage, 'signIn');
    assert.ok(check.error instanceof KantegaError && check.error.kind === 'captcha', String(check.error));
    assert.match(sim.requests.at(-1)?.path ?? '', /\/ping$/);
  });

  it("is no lack of sysadmin rights when listing every user's tokens", async () => {
    await rejectsWith(clientFor(sim).listAllTokens(), 'captcha', /asks for a CAPTCHA/);
  });

  it('is lifted by the browser sign-in: the same credential works again', async () => {
    sim.clearCaptcha('admin');
    assert.ok((await clientFor(sim).listMyTokens()).length > 0);
  });
});

describe("the CAPTCHA's login page is handed on only when it is on the instance's own origin", () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  const captchaWith = (loginUrl: string, body = '<html><body>Forbidden</body></html>', contentType = 'text/html') =>
    sim.inject({
      type: 'rawBody',
      status: 403,
      contentType,
      body,
      headers: {
        'x-seraph-loginreason': 'AUTHENTICATION_DENIED',
        'x-authentication-denied-reason': `CAPTCHA_CHALLENGE; login-url=${loginUrl}`,
      },
    });

  it('kept: absolute, relative, and with credentials stripped', async () => {
    const origin = new URL(sim.baseUrl).origin;
    const kept: Array<[string, string]> = [
      [`${sim.baseUrl}/login.jsp`, `${sim.baseUrl}/login.jsp`],
      ['/jira/login.jsp?os_destination=%2F', `${origin}/jira/login.jsp?os_destination=%2F`],
      ['login.jsp', `${sim.baseUrl}/login.jsp`],
      [`http://admin:admin@${host(sim)}/jira/login.jsp`, `${sim.baseUrl}/login.jsp`],
    ];
    for (const [sent, expected] of kept) {
      captchaWith(sent);
      const e = await rejectsWith(clientFor(sim).ping(), 'captcha', /asks for a CAPTCHA/);
      assert.equal(e.loginUrl, expected, sent);
    }
  });

  it('dropped, and never named: another host, another port, another scheme, a secret in it', async () => {
    const port = Number(new URL(sim.baseUrl).port);
    const dropped = [
      'https://evil.example/login.jsp',
      '//evil.example/login.jsp',
      'javascript:alert(document.cookie)',
      'data:text/html,<script>alert(1)</script>',
      `http://127.0.0.1:${port + 1}/jira/login.jsp`,
      `https://${host(sim)}/jira/login.jsp`,
      `${sim.baseUrl}/login.jsp?os_password=s3cret-password`,
      'http://[::1',
    ];
    for (const sent of dropped) {
      captchaWith(sent);
      const e = await rejectsWith(
        clientFor(sim, { secret: 's3cret-password' }).ping(),
        'captcha',
        /asks for a CAPTCHA after failed sign-ins/,
      );
      assert.equal(e.loginUrl, undefined, sent);
      assert.doesNotMatch(e.message, /evil|javascript|data:|s3cret|login\.jsp/, sent);
    }
  });

  it('a CAPTCHA answered as JSON on the sysadmin list is still the CAPTCHA, not "not a sysadmin"', async () => {
    captchaWith(`${sim.baseUrl}/login.jsp`, '{"message":"Forbidden"}', 'application/json');
    await rejectsWith(clientFor(sim).listAllTokens(), 'captcha', /asks for a CAPTCHA/);
  });

  it('AUTHENTICATION_DENIED without the CAPTCHA reason: the server denied the sign-in', async () => {
    sim.inject({
      type: 'rawBody',
      status: 403,
      contentType: 'text/html',
      body: '<html><body>Forbidden</body></html>',
      headers: { 'x-seraph-loginreason': 'AUTHENTICATION_DENIED' },
    });
    const e = await rejectsWith(
      clientFor(sim).listSnapshots(),
      'unauthorized',
      /^Could not list snapshots: 127\.0\.0\.1:\d+ denied the sign-in \(HTTP 403, AUTHENTICATION_DENIED\): the account may be locked or not allowed to sign in\. Sign in to 127\.0\.0\.1:\d+ in the browser to see why, then set the credential again\.$/,
    );
    assert.equal(e.loginUrl, undefined);
  });
});

describe('a single sign-on gateway in front of /rest', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ ssoGateway: true, captchaAfterFailures: 3 });
  });
  after(() => sim.close());

  it('SAML on another host: named with the host it redirected to, and the two fixes', async () => {
    const before = sim.requests.length;
    const e = await rejectsWith(
      clientFor(sim).listMyTokens(),
      'ssoGateway',
      new RegExp(
        `^Could not list your API tokens: a single sign-on gateway in front of ${escaped(host(sim))} intercepted ` +
          'the API call and redirected it to a SAML sign-in at idp\\.example\\.test \\(HTTP 302\\); the credential ' +
          'was never checked\\. Exempt /rest \\(or at least /rest/ksso\\) from the gateway, or sign in with a ' +
          'Kantega SSO API token \\(accepted on /rest by default\\)\\.$',
      ),
    );
    assert.equal(e.redirectHost, 'idp.example.test');
    assert.equal(e.status, 302);
    assert.equal(sim.requests.length - before, 1, 'not retried');
    assert.equal(sim.failedSignIns('admin'), 0, 'the credential never reached Jira');
    assert.doesNotMatch(e.message, /SAMLRequest|RelayState|adfs/);
  });

  it('fails the connection check at the sign-in, already on the ping', async () => {
    const check = await checkConnection(clientFor(sim));
    assert.ok(!check.ok && check.stage === 'signIn');
    assert.ok(check.error instanceof KantegaError && check.error.kind === 'ssoGateway');
  });

  it('OpenID Connect is named as such', async () => {
    sim.setSsoGateway({ protocol: 'oidc' });
    try {
      const e = await rejectsWith(
        clientFor(sim).listSnapshots(),
        'ssoGateway',
        /redirected it to an OpenID Connect sign-in at idp\.example\.test \(HTTP 302\)/,
      );
      assert.equal(e.redirectHost, 'idp.example.test');
    } finally {
      sim.setSsoGateway(true);
    }
  });

  it('a SAML path on the instance’s own host is a gateway too', async () => {
    sim.setSsoGateway({ loginUrl: `${new URL(sim.baseUrl).origin}/adfs/ls/` });
    try {
      const e = await rejectsWith(
        clientFor(sim).ping(),
        'ssoGateway',
        /to a SAML sign-in at 127\.0\.0\.1 \(HTTP 302\)/,
      );
      assert.equal(e.redirectHost, '127.0.0.1');
    } finally {
      sim.setSsoGateway(true);
    }
  });

  it('a Kantega SSO API token passes the gateway', async () => {
    const { secret } = sim.issueToken('admin', { name: 'through the gateway' });
    assert.ok((await clientFor(sim, { kind: 'apiToken', secret }).listMyTokens()).length > 0);
  });

  it("Atlassian's own login redirect stays a refused credential", async () => {
    sim.setSsoGateway(false);
    sim.setLoginRedirect(true);
    try {
      const e = await rejectsWith(
        clientFor(sim, { secret: 'wrong' }).listSnapshots(),
        'unauthorized',
        /did not accept the credentials \(HTTP 302, redirected to a login page\)/,
      );
      assert.equal(e.redirectHost, undefined);
    } finally {
      sim.setLoginRedirect(false);
      sim.setSsoGateway(true);
    }
  });

  it('a hostile Location gives its host only when it is a plain host name, and never more', async () => {
    const redirect = (location: string) =>
      sim.inject({ type: 'rawBody', status: 302, body: '', contentType: 'text/html', headers: { location } });
    redirect('https://a(b)c.example/adfs/ls/?SAMLRequest=x');
    const odd = await rejectsWith(
      clientFor(sim).listSnapshots(),
      'ssoGateway',
      /redirected it to a SAML sign-in on another host \(HTTP 302\)/,
    );
    assert.equal(odd.redirectHost, undefined);
    assert.doesNotMatch(odd.message, /a\(b\)c/);

    redirect('https://idp.example.test/adfs/ls/?SAMLRequest=[x](command:workbench.action.quit)');
    const linked = await rejectsWith(clientFor(sim).listSnapshots(), 'ssoGateway', /at idp\.example\.test /);
    assert.doesNotMatch(linked.message, /command:|SAMLRequest/);

    redirect('javascript:alert(1)//?SAMLRequest=x');
    const script = await rejectsWith(
      clientFor(sim).listSnapshots(),
      'httpError',
      /the server redirected to another address \(HTTP 302\)/,
    );
    assert.equal(script.redirectHost, undefined);
    assert.doesNotMatch(script.message, /javascript/);
  });
});

describe('a 401 to a signed-in user', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  /** What the transport makes of an identity-provider call (sysadmin only: 401 for anyone else). */
  async function idpListError(username: string, secret: string): Promise<KantegaError> {
    const transport = new HttpTransport({
      baseUrl: sim.baseUrl,
      authorization: `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`,
      secrets: [secret],
      username,
    });
    try {
      const req = {
        method: 'GET' as const,
        path: '/rest/ksso/api/idp/1.0/idp/ids',
        operation: 'list identity providers',
      };
      const response = await transport.send(req);
      assert.equal(response.status, 401);
      return transport.statusError(req, response);
    } finally {
      await transport.close();
    }
  }

  it('is a missing right, not a refused credential, when the server names the user it signed in', async () => {
    const e = await idpListError('john.doe', 'john');
    assert.equal(e.kind, 'forbidden');
    assert.match(
      e.message,
      /signed the user in but refused the request \(HTTP 401\)\. This needs an Atlassian system administrator\.$/,
    );
    assert.equal(sim.failedSignIns('john.doe'), 0);
  });

  it('stays a refused credential for a wrong password on the same resource', async () => {
    const e = await idpListError('john.doe', 'not-johns');
    assert.equal(e.kind, 'unauthorized');
    assert.doesNotMatch(e.message, /not-johns/);
  });
});
