// `npm run demo`: the extension in a real VS Code (code-server) against a simulated fleet of Kantega
// SSO instances, for a first look without any Atlassian server. Runs until Ctrl-C.
//   npm run demo -- [--port 8123] [--host 127.0.0.1] [--data-dir .vscode-test/demo]
// code-server on PORT; then, on PORT+1..PORT+6: Jira Production (a two-node cluster behind a
// balancer, current API, a few thousand tokens, identity providers AD FS and Okta), Confluence
// Production (AD FS only, managing a group Jira's does not), Bitbucket Staging (signs in with an
// API token that expires in 3 days), Confluence Test (Kantega SSO 5.7.0: token API 2.0, no IdPs),
// Jira Staging, configured where nothing listens ("down"), and Jira Test, drifted from production
// the ways the fleet inventory marks: another Kantega SSO version, no Okta, AD FS managing other
// groups, a newest snapshot 40 days old that still carries production's base URL (a clone). Fixed
// ports keep the instances' URLs, and so the credentials saved in the browser, the same from one run
// to the next.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  defaultVsixPath,
  installExtension,
  repoRoot,
  startCodeServer,
  writeUserSettings,
  type CodeServer,
} from './codeServer';
import { startCluster, startSimulator, DEFAULT_USERS, type Cluster, type Simulator } from '../test/simulator/index';

const USAGE = 'Usage: npm run demo -- [--port 8123] [--host 127.0.0.1] [--data-dir .vscode-test/demo]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8123' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string', default: path.join(repoRoot, '.vscode-test', 'demo') },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65530)
    throw new Error(`--port must be 1-65530, got ${values.port}. ${USAGE}`);
  const host = values.host;

  const simulators: (Simulator | Cluster)[] = [];
  let server: CodeServer | undefined;
  let stopping = false;
  const stop = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      console.log('\nStopping the demo...');
      await server?.stop();
      await Promise.all(simulators.map((sim) => sim.close()));
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    const DAY_MS = 24 * 60 * 60 * 1000;
    const jira = await startCluster({
      port: port + 1,
      host,
      contextPath: '/jira',
      version: 'latest',
      applicationName: 'JIRA',
      applicationVersion: '9.12.2',
      // Thousands of tokens over hundreds of users, as a big Jira has.
      seedVolume: { users: 400, tokens: 3_000, snapshots: 30 },
      // A snapshot taken on one node shows on the other after a few seconds, not the default minute.
      replicationDelayMs: 5_000,
    });
    simulators.push(jira);
    const confluence = await startSimulator({
      port: port + 2,
      host,
      contextPath: '/confluence',
      version: 'latest',
      applicationName: 'Confluence',
      applicationVersion: '8.5.4',
      seedVolume: { users: 40, tokens: 120 },
    });
    simulators.push(confluence);
    // Identity providers: Jira trusts the seeded two (AD FS and Okta); Confluence only AD FS, which
    // manages one group there that Jira's AD FS does not, the kind of drift an admin looks for.
    const adfs = confluence.idps().find((idp) => idp.name === 'AD FS')!;
    confluence.state.config.idps = [];
    confluence.addIdp(adfs.name, adfs.id, {
      managedGroups: [...adfs.managedGroups, 'confluence-administrators-sso'],
    });
    const bitbucket = await startSimulator({
      port: port + 3,
      host,
      contextPath: '',
      version: 'latest',
      applicationName: 'Bitbucket',
      applicationVersion: '8.19.1',
    });
    simulators.push(bitbucket);
    // The token Bitbucket Staging signs in with: created 87 days ago for 90, so the expiry warnings show.
    const deployToken = bitbucket.issueToken('admin', {
      name: 'VS Code (Bitbucket Staging)',
      description: 'Signs the Kantega SSO extension in',
      validForDays: 90,
      createdAt: Date.now() - 87 * DAY_MS,
    });
    const confluenceTest = await startSimulator({
      port: port + 4,
      host,
      contextPath: '/confluence',
      version: '5.7.0',
      applicationName: 'Confluence',
      applicationVersion: '7.19.16',
    });
    simulators.push(confluenceTest);
    const downUrl = `http://${host}:${port + 5}/jira`;
    const jiraTest = await startSimulator({
      port: port + 6,
      host,
      contextPath: '/jira',
      version: 'latest',
      applicationName: 'JIRA',
      applicationVersion: '9.12.2',
      pluginVersion: '7.3.0',
    });
    simulators.push(jiraTest);
    const testAdfs = jiraTest.idps().find((idp) => idp.name === 'AD FS')!;
    jiraTest.state.config.idps = [];
    jiraTest.addIdp(testAdfs.name, testAdfs.id, {
      managedGroups: [...testAdfs.managedGroups.slice(1), 'jira-test-only-sso'],
    });
    // Cloned from production and not touched since: its snapshots are old and name production's address.
    for (const snapshot of jiraTest.state.snapshots) {
      snapshot.timeMillis -= 40 * DAY_MS;
      snapshot.baseUrl = jira.baseUrl;
    }

    const admin = DEFAULT_USERS.find((u) => u.username === 'admin')!;
    const john = DEFAULT_USERS.find((u) => u.username === 'john.doe')!;
    const instance = (name: string, baseUrl: string, username: string, environment: string, auth = 'password') => ({
      name,
      baseUrl,
      username,
      auth,
      environment,
    });
    const instances = [
      instance('Jira Production', jira.baseUrl, admin.username, 'production'),
      instance('Confluence Production', confluence.baseUrl, admin.username, 'production'),
      instance('Bitbucket Staging', bitbucket.baseUrl, admin.username, 'staging', 'apiToken'),
      instance('Confluence Test', confluenceTest.baseUrl, john.username, 'test'),
      instance('Jira Staging (down)', downUrl, admin.username, 'staging'),
      instance('Jira Test', jiraTest.baseUrl, admin.username, 'test'),
    ];

    // Persistent folders: the browser's saved credentials are encrypted with a key kept in user-data.
    const demoRoot = path.resolve(values['data-dir']);
    const userDataDir = path.join(demoRoot, 'user-data');
    const extensionsDir = path.join(demoRoot, 'extensions');
    const workspace = path.join(demoRoot, 'workspace');
    await mkdir(workspace, { recursive: true });
    await writeUserSettings(userDataDir, {
      ...(await readUserSettings(userDataDir)),
      'kantegaSso.instances': instances,
      // The demo folder sits inside this repository; do not offer to open it in Source Control.
      'git.openRepositoryInParentFolders': 'never',
    });
    await installExtension(defaultVsixPath, userDataDir, extensionsDir);

    server = await startCodeServer({ userDataDir, extensionsDir, folder: workspace, port, host });

    console.log(
      [
        '',
        'Kantega SSO demo is running.',
        '',
        `  Open ${server.url}/ in Chrome, Edge or Firefox, then click the Kantega SSO icon in the activity bar.`,
        '',
        '  Instances (settings are written for you; each credential must be typed once, because VS Code',
        '  keeps secrets in the browser: run "Kantega SSO: Set Credential…" or use the instance\'s key icon):',
        `    Jira Production        ${jira.baseUrl}  (two-node cluster, 3,000+ tokens, IdPs AD FS and Okta)`,
        `                           user ${admin.username}, password: ${admin.password}  (sysadmin)`,
        `    Confluence Production  ${confluence.baseUrl}  (IdP AD FS, one managed group Jira's lacks)`,
        `                           user ${admin.username}, password: ${admin.password}  (sysadmin)`,
        `    Bitbucket Staging      ${bitbucket.baseUrl}  (signs in with an API token that expires in 3 days)`,
        `                           user ${admin.username}, API token: ${deployToken.secret}`,
        `    Confluence Test        ${confluenceTest.baseUrl}  (Kantega SSO 5.7.0: token API 2.0, no IdP API)`,
        `                           user ${john.username}, password: ${john.password}`,
        `    Jira Staging (down)    ${downUrl}  nothing listens here, to show an unreachable instance`,
        `    Jira Test              ${jiraTest.baseUrl}  (drifted: Kantega SSO 7.3.0, no Okta, other AD FS groups,`,
        `                           an old snapshot with production's base URL; see "Show Fleet Inventory")`,
        `                           user ${admin.username}, password: ${admin.password}  (sysadmin)`,
        '',
        `  Other simulator users: ${DEFAULT_USERS.filter((u) => u !== admin && u !== john)
          .map((u) => `${u.username}/${u.password}`)
          .join(', ')}; generated users user0001... sign in with their name as password.`,
        '  Live SSO configuration (changes when you restore a snapshot):',
        `    ${confluence.baseUrl}/rest/ksso-simulator/1.0/config`,
        '',
        'Press Ctrl+C to stop.',
      ].join('\n'),
    );
  } catch (error) {
    console.error(`Demo failed to start: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }
}

async function readUserSettings(userDataDir: string): Promise<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(userDataDir, 'User', 'settings.json'), 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    // First run, or a settings file with comments: start from the demo's own settings.
    return {};
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
