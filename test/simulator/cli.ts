// Starts a Kantega SSO simulator by hand:
//   npm run simulator -- --port 8090 --context /jira --version 5.7.0 --tls --login-redirect
// Prints the base URL, the users with their passwords/PATs and seeded API tokens, and (TLS) the CA path.
import { parseArgs } from 'node:util';
import { startSimulator, type SimulatorVersion } from './index';

const USAGE =
  'Usage: npm run simulator -- [--port 8090] [--host 127.0.0.1] [--context /jira] [--version 5.7.0|latest] [--tls] [--internal-ca] [--login-redirect] [--no-seed]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8090' },
      host: { type: 'string', default: '127.0.0.1' },
      context: { type: 'string', default: '/jira' },
      version: { type: 'string', default: 'latest' },
      tls: { type: 'boolean', default: false },
      // HTTPS with a certificate issued by a generated internal CA, instead of a self-signed one.
      'internal-ca': { type: 'boolean', default: false },
      'login-redirect': { type: 'boolean', default: false },
      'no-seed': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got ${values.port}`);
  if (values.version !== '5.7.0' && values.version !== 'latest')
    throw new Error(`--version must be 5.7.0 or latest, got ${values.version}`);

  const sim = await startSimulator({
    port,
    host: values.host,
    contextPath: values.context,
    version: values.version as SimulatorVersion,
    tls: values['internal-ca'] ? 'internalCa' : values.tls,
    loginRedirect: values['login-redirect'],
    seed: !values['no-seed'],
  });

  const lines = [
    `Kantega SSO simulator (${sim.version} mode) listening at ${sim.baseUrl}`,
    `  ping:   ${sim.baseUrl}/rest/ksso/api/info/1.0/ping`,
    `  config: ${sim.baseUrl}/rest/ksso-simulator/1.0/config   (live SSO configuration, no auth; PUT JSON to change it)`,
    ...(sim.caCertificatePath ? [`  CA certificate (PEM): ${sim.caCertificatePath}`] : []),
    '  users:',
    ...sim.state.users.map(
      (u) =>
        `    ${u.username} / ${u.password}${u.sysadmin ? '  (sysadmin)' : ''}${u.pat ? `  PAT (Bearer): ${u.pat}` : ''}`,
    ),
  ];
  if (sim.state.tokens.length > 0) {
    lines.push('  seeded Kantega API tokens (Basic user:token):');
    for (const t of sim.state.tokens) {
      const expiry =
        t.expiresAt === undefined
          ? 'never expires'
          : `${t.expiresAt < Date.now() ? 'expired' : 'expires'} ${new Date(t.expiresAt).toISOString()}`;
      lines.push(`    #${t.id} ${t.username} "${t.name}" (${expiry}): ${t.secret}`);
    }
  }
  lines.push('Press Ctrl+C to stop.');
  console.log(lines.join('\n'));

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
