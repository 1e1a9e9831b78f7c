// Starts a Kantega SSO simulator by hand:
//   npm run simulator -- --port 8090 --context /jira --version 5.7.0 --tls --login-redirect
//   npm run simulator -- --users 500 --tokens 100000 --snapshots 300   (realistic volumes)
//   npm run simulator -- --idps 3 --groups 10000   (identity providers with many managed groups)
//   npm run simulator -- --hostile   (names and ids a hostile server could send)
//   npm run simulator -- --captcha-after 0   (no CAPTCHA; Jira's 3 is the default here)
//   npm run simulator -- --sso-gateway   (/rest behind a SAML gateway; --sso-gateway-oidc for OIDC)
// Prints the base URL, the users with their passwords/PATs and seeded API tokens (the first few
// when there are many), and (TLS) the CA path.
import { parseArgs } from 'node:util';
import { startSimulator, type Simulator, type SimulatorOptions, type SimulatorVersion } from './index';
import { JIRA_CAPTCHA_AFTER_FAILURES } from './types';

const USAGE = [
  'Usage: npm run simulator -- [options]',
  '  --port 8090            0 = any free port',
  '  --host 127.0.0.1',
  '  --context /jira        context path; "" for none',
  '  --version latest       or 5.7.0 (token API 2.0 only, with its name-in-description bug)',
  '  --tls                  HTTPS with a self-signed certificate',
  '  --internal-ca          HTTPS with a certificate issued by a generated internal CA',
  '  --login-redirect       unauthenticated requests get 302 to login.jsp instead of 401',
  '  --no-seed              start without the example tokens and snapshots',
  '  --users N              add N generated users user0001... (password = username)',
  '  --tokens N             add N generated tokens spread over all users, with an expiry spread',
  '  --snapshots N          add N generated snapshots over the last two years',
  '  --idps N               add N generated identity providers (1 if only --groups is given)',
  '  --groups N             managed groups of each generated identity provider',
  '  --no-idp-api           no identity-provider API (ksso/api/idp/1.0 answers 404; always so for 5.7.0)',
  '  --reject-encoded-slash a path with %2F answers 400, as Tomcat does by default',
  '  --hostile              add hostile records (command links, bidi overrides, odd names and ids)',
  '  --captcha-after 3      CAPTCHA (403) after N failed sign-ins of a user in a row, like Jira; 0 = off',
  '  --sso-gateway          /rest requests get 302 to a SAML login on another host (API tokens pass)',
  '  --sso-gateway-oidc     the same with an OIDC login (/oauth2/authorize)',
].join('\n');

/** How many users and tokens to print before "... and N more". */
const PRINT_LIMIT = 20;

function count(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got ${raw}`);
  return value;
}

function optionsFrom(argv: string[]): SimulatorOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8090' },
      host: { type: 'string', default: '127.0.0.1' },
      context: { type: 'string', default: '/jira' },
      version: { type: 'string', default: 'latest' },
      tls: { type: 'boolean', default: false },
      'internal-ca': { type: 'boolean', default: false },
      'login-redirect': { type: 'boolean', default: false },
      'no-seed': { type: 'boolean', default: false },
      users: { type: 'string' },
      tokens: { type: 'string' },
      snapshots: { type: 'string' },
      idps: { type: 'string' },
      groups: { type: 'string' },
      'no-idp-api': { type: 'boolean', default: false },
      'reject-encoded-slash': { type: 'boolean', default: false },
      hostile: { type: 'boolean', default: false },
      'captcha-after': { type: 'string', default: String(JIRA_CAPTCHA_AFTER_FAILURES) },
      'sso-gateway': { type: 'boolean', default: false },
      'sso-gateway-oidc': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got ${values.port}`);
  if (values.version !== '5.7.0' && values.version !== 'latest')
    throw new Error(`--version must be 5.7.0 or latest, got ${values.version}`);
  const volume = {
    users: count('users', values.users),
    tokens: count('tokens', values.tokens),
    snapshots: count('snapshots', values.snapshots),
    idps: count('idps', values.idps),
    groups: count('groups', values.groups),
  };
  return {
    port,
    host: values.host,
    contextPath: values.context,
    version: values.version as SimulatorVersion,
    tls: values['internal-ca'] ? 'internalCa' : values.tls,
    loginRedirect: values['login-redirect'],
    seed: !values['no-seed'],
    hostile: values.hostile,
    idpApi: !values['no-idp-api'],
    rejectEncodedSlash: values['reject-encoded-slash'],
    captchaAfterFailures: count('captcha-after', values['captcha-after']),
    ssoGateway: values['sso-gateway-oidc'] ? { protocol: 'oidc' } : values['sso-gateway'],
    ...(Object.values(volume).some((n) => n !== undefined) ? { seedVolume: volume } : {}),
  };
}

/** Quoted, with control, bidi and line-separator characters escaped: hostile names must not reach the terminal raw. */
function printable(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function limited<T>(items: T[], line: (item: T) => string): string[] {
  const lines = items.slice(0, PRINT_LIMIT).map(line);
  if (items.length > PRINT_LIMIT) lines.push(`    ... and ${items.length - PRINT_LIMIT} more`);
  return lines;
}

function describe(sim: Simulator, options: SimulatorOptions): string {
  const lines = [
    `Kantega SSO simulator (${sim.version} mode) listening at ${sim.baseUrl}`,
    `  ping:   ${sim.baseUrl}/rest/ksso/api/info/1.0/ping`,
    `  config: ${sim.baseUrl}/rest/ksso-simulator/1.0/config` +
      '   (live SSO configuration, no auth; PUT JSON to change it)',
    ...(sim.caCertificatePath ? [`  CA certificate (PEM): ${sim.caCertificatePath}`] : []),
    sim.state.captchaAfterFailures > 0
      ? `  CAPTCHA after ${sim.state.captchaAfterFailures} failed sign-ins in a row; a browser sign-in: ` +
        `POST ${sim.baseUrl}/rest/ksso-simulator/1.0/captcha/clear?username=...`
      : '  CAPTCHA off',
    ...(options.ssoGateway
      ? [`  SSO gateway: ${sim.baseUrl}/rest/ redirects to an identity provider; Kantega API tokens pass`]
      : []),
    '  users:',
    ...limited(sim.state.users, (u) => {
      const pat = u.pat ? `  PAT (Bearer): ${u.pat}` : '';
      return `    ${u.username} / ${u.password}${u.sysadmin ? '  (sysadmin)' : ''}${pat}`;
    }),
  ];
  if (sim.state.tokens.length > 0) {
    lines.push(`  seeded Kantega API tokens (Basic user:token), ${sim.state.tokens.length} in all:`);
    lines.push(
      ...limited(sim.state.tokens, (t) => {
        const expiry =
          t.expiresAt === undefined
            ? 'never expires'
            : `${t.expiresAt < Date.now() ? 'expired' : 'expires'} ${new Date(t.expiresAt).toISOString()}`;
        const name = printable(t.name.length > 60 ? `${t.name.slice(0, 60)}…` : t.name);
        return `    #${t.id} ${t.username} ${name} (${expiry}): ${t.secret}`;
      }),
    );
  }
  if (sim.state.snapshots.length > 0) lines.push(`  snapshots: ${sim.state.snapshots.length}`);
  const idps = sim.idps();
  if (idps.length > 0) {
    const groups = idps.reduce((sum, idp) => sum + idp.managedGroups.length, 0);
    lines.push(`  identity providers: ${idps.length}, ${groups} managed groups (in the config endpoint's "idps")`);
  }
  lines.push('Press Ctrl+C to stop.');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const options = optionsFrom(process.argv.slice(2));
  if (!options) {
    console.log(USAGE);
    return;
  }
  const sim = await startSimulator(options);
  console.log(describe(sim, options));
  const stop = () => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`Simulator failed to start: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exit(1);
});
