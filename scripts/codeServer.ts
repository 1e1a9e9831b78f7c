// code-server, the real VS Code the demo and the real-editor tests run the extension in: where it is
// installed (scripts/setup-e2e.sh puts it there), installing a .vsix into it, and starting it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const repoRoot = path.resolve(__dirname, '..');
export const codeServerBin = path.join(repoRoot, '.vscode-test', 'code-server', 'node_modules', '.bin', 'code-server');
export const defaultVsixPath = path.join(repoRoot, 'dist', 'kantega-sso.vsix');

export interface CodeServer {
  url: string;
  process: ChildProcess;
  /** Everything code-server printed, for diagnosing a failure. */
  output: () => string;
  stop: () => Promise<void>;
}

export interface StartCodeServerOptions {
  userDataDir: string;
  extensionsDir: string;
  folder: string;
  /** 0 lets the system pick a free port. */
  port?: number;
  host?: string;
  /** The display language (`--locale`), e.g. `de`; VS Code follows it only with that language's pack installed. */
  locale?: string;
}

/** Installs a .vsix into the given extensions folder (the same way a user would with `--install-extension`). */
export async function installExtension(vsixPath: string, userDataDir: string, extensionsDir: string): Promise<void> {
  assertCodeServerInstalled();
  if (!existsSync(vsixPath)) throw new Error(`${vsixPath} does not exist: run \`npm run package\` first.`);
  await execFileAsync(
    codeServerBin,
    ['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsixPath, '--force'],
    { timeout: 60_000 },
  );
}

export async function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): Promise<void> {
  await mkdir(path.join(userDataDir, 'User'), { recursive: true });
  await writeFile(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', ...settings }, null, 2),
  );
}

export function assertCodeServerInstalled(): void {
  if (!existsSync(codeServerBin)) {
    throw new Error(`code-server is not installed at ${codeServerBin}: run \`bash scripts/setup-e2e.sh\`.`);
  }
}

/** Starts code-server and resolves once it listens, with the URL it reports. */
export async function startCodeServer(options: StartCodeServerOptions): Promise<CodeServer> {
  assertCodeServerInstalled();
  const host = options.host ?? '127.0.0.1';
  const child = spawn(
    codeServerBin,
    [
      '--config',
      '/dev/null',
      '--bind-addr',
      `${host}:${options.port ?? 0}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--extensions-dir',
      options.extensionsDir,
      '--user-data-dir',
      options.userDataDir,
      ...(options.locale ? ['--locale', options.locale] : []),
      options.folder,
    ],
    {
      // Own process group, so stop() also ends the extension host and watchers it forks.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error('code-server did not report "HTTP server listening" within 30 s')),
      30_000,
    );
    function fail(error: Error): void {
      clearTimeout(timer);
      killGroup(child, 'SIGKILL');
      reject(new Error(`${error.message}\n--- code-server output ---\n${output}`));
    }
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /HTTP server listening on (https?:\/\/[^\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ''));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`code-server exited with ${code} before listening`)));
  });

  return {
    url,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}
