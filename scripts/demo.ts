// `npm run demo`: the extension in a real VS Code (code-server) against simulated Kantega SSO
// instances, for a first look without any Atlassian server. Runs until Ctrl-C.
//   npm run demo -- [--port 8123] [--host 127.0.0.1] [--data-dir .vscode-test/demo]
// code-server on PORT, a production Jira (latest API) on PORT+1, a staging Confluence (plugin 5.7.0)
// on PORT+2, and an instance configured at PORT+3 where nothing listens ("down"). Fixed ports keep
// the instances' URLs, and so the credentials saved in the browser, the same from one run to the next.
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
import { startSimulator, DEFAULT_USERS, type Simulator } from '../test/simulator/index';

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
  if (!Number.isInteger(port) || port < 1 || port > 65532)
    throw new Error(`--port must be 1-65532, got ${values.port}. ${USAGE}`);
  const host = values.host;

  const simulators: Simulator[] = [];
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
    const jira = await startSimulator({
      port: port + 1,
      host,
      contextPath: '/jira',
      version: 'latest',
      applicationName: 'JIRA',
      applicationVersion: '9.12.2',
    });
    simulators.push(jira);
    const confluence = await startSimulator({
      port: port + 2,
      host,
      contextPath: '/confluence',
      version: '5.7.0',
      applicationName: 'Confluence',
      applicationVersion: '8.5.4',
    });
    simulators.push(confluence);
    const downUrl = `http://${host}:${port + 3}/jira`;

    const admin = DEFAULT_USERS.find((u) => u.username === 'admin')!;
    const john = DEFAULT_USERS.find((u) => u.username === 'john.doe')!;
    const instances = [
      {
        name: 'Jira Production',
        baseUrl: jira.baseUrl,
        username: admin.username,
        auth: 'password',
        environment: 'production',
      },
      {
        name: 'Confluence Staging',
        baseUrl: confluence.baseUrl,
        username: john.username,
        auth: 'password',
        environment: 'staging',
      },
      { name: 'Jira Test (down)', baseUrl: downUrl, username: admin.username, auth: 'password', environment: 'test' },
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
        '  keeps secrets in the browser: run "Kantega SSO: Set Credential" or use the instance\'s key icon):',
        `    Jira Production     ${jira.baseUrl}  (current Kantega SSO, token API 3.0)`,
        `                        user ${admin.username}, password: ${admin.password}  (sysadmin)`,
        `    Confluence Staging  ${confluence.baseUrl}  (Kantega SSO 5.7.0, token API 2.0)`,
        `                        user ${john.username}, password: ${john.password}`,
        `    Jira Test (down)    ${downUrl}  nothing listens here, to show an unreachable instance`,
        '',
        `  Other simulator users: ${DEFAULT_USERS.filter((u) => u !== admin && u !== john)
          .map((u) => `${u.username}/${u.password}`)
          .join(', ')}.`,
        '  Live SSO configuration (changes when you restore a snapshot):',
        `    ${jira.baseUrl}/rest/ksso-simulator/1.0/config`,
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
