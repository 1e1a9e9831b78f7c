// `npm run demo`, the newcomer's first command: it prints where to go and which passwords to type,
// the instances are there in the editor, typing a password brings one online, and Ctrl-C stops it all.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { attachEditor, repoRoot, uiTimeout, type Editor } from './harness';

/** A port P with P..P+6 free: the demo uses P for the editor and the next six for its instances. */
async function freePortBlock(): Promise<number> {
  const isFree = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer()
        .once('error', () => resolve(false))
        .listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const checks = await Promise.all([0, 1, 2, 3, 4, 5, 6].map((offset) => isFree(base + offset)));
    if (checks.every(Boolean)) return base;
  }
  throw new Error('No block of seven free ports found');
}

describe('npm run demo', () => {
  let demo: ChildProcess;
  let exited: Promise<number | null>;
  let output = '';
  let dataDir: string;
  let editor: Editor | undefined;

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kantega-demo-'));
    const port = await freePortBlock();
    demo = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/demo.ts', '--port', String(port), '--data-dir', dataDir],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    exited = new Promise((resolve) => demo.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The demo did not start within 60 s:\n${output}`)), 60_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Press Ctrl+C to stop.')) {
          clearTimeout(timer);
          resolve();
        }
      };
      demo.stdout!.on('data', onData);
      demo.stderr!.on('data', onData);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`The demo exited with ${code}:\n${output}`));
      });
    });
  });

  after(async () => {
    await editor?.close();
    if (demo.exitCode === null) {
      demo.kill('SIGINT');
      const timer = setTimeout(() => demo.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints the URL to open and how to sign in to each instance of the fleet', () => {
    assert.match(output, /Open http:\/\/127\.0\.0\.1:\d+\/ in/);
    assert.match(output, /Jira Production .*cluster.*\n\s+user admin, password: admin/);
    assert.match(output, /Confluence Production .*\n\s+user admin, password: admin/);
    assert.match(output, /Bitbucket Staging .*expires in 3 days.*\n\s+user admin, API token: \S{20,}/);
    assert.match(output, /Confluence Test .*Kantega SSO 5\.7\.0.*\n\s+user john\.doe, password: john/);
    assert.match(output, /Jira Staging \(down\)/);
    assert.match(output, /Jira Test .*drifted: Kantega SSO 7\.3\.0.*\n.*\n\s+user admin, password: admin/);
  });

  it('shows the fleet: the down one unreachable at once, Jira and Bitbucket online once signed in', async () => {
    const url = /Open (http:\/\/\S+?)\/? in/.exec(output)![1];
    editor = await attachEditor({ name: 'demo', url, userDataDir: path.join(dataDir, 'user-data') });
    await editor.openKantegaView();
    for (const name of ['Jira Production', 'Confluence Production', 'Bitbucket Staging', 'Confluence Test']) {
      await editor.treeItem(name).filter({ hasText: 'credential missing' }).waitFor({ timeout: uiTimeout });
    }
    // No credential is needed to see that nothing answers there.
    await editor.treeItem('Jira Staging (down)').filter({ hasText: 'unreachable' }).waitFor({ timeout: uiTimeout });

    await editor.setCredential('Jira Production', 'admin');
    await editor.treeItem('Jira Production').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
    await editor.expandTreeItem('Jira Production');
    // Its long lists open expanded; fold them to bring All API Tokens into the (virtualised) tree.
    for (const group of [/^Snapshots \(\d+\)$/, /^My API Tokens \(\d+\)$/]) {
      const row = editor.treeItem(group).first();
      await row.waitFor({ timeout: uiTimeout });
      if ((await row.getAttribute('aria-expanded')) === 'true') await row.locator('.monaco-tl-twistie').click();
    }
    // The seeded tokens and the generated thousands, listed for the sysadmin.
    await editor.treeItem(/^All API Tokens \(3[,.\u202f\u00a0]?0\d\d\)$/).waitFor({ timeout: uiTimeout });

    const apiToken = /Bitbucket Staging .*\n\s+user admin, API token: (\S+)/.exec(output)![1];
    await editor.setCredential('Bitbucket Staging', apiToken);
    await editor.treeItem('Bitbucket Staging').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });

    await editor.dismissNotifications();
    await editor.screenshot('tree');
  });

  it('stops the editor and the simulators on Ctrl-C', async () => {
    const url = /Open (http:\/\/\S+?)\/? in/.exec(output)![1];
    const jiraUrl = /Jira Production\s+(http:\/\/\S+)/.exec(output)![1];
    await editor?.close();
    editor = undefined;
    demo.kill('SIGINT');
    assert.equal(await exited, 0);
    await assert.rejects(fetch(url), 'code-server is stopped');
    await assert.rejects(fetch(`${jiraUrl}/rest/ksso/api/info/1.0/ping`), 'the simulator is stopped');
  });
});
