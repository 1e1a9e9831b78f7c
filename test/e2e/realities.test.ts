// What an Atlassian instance does to a careless client, against a real VS Code: a stale password
// must not lock the admin out (Jira demands a CAPTCHA after a few failed sign-ins, and counts every
// one the extension sends by itself), the CAPTCHA is named with its way out, and setting one
// instance's credential leaves another instance's session (a sticky cluster's node) alone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchEditor, uiTimeout, type Editor } from './harness';
import { startSimulator, type Simulator } from '../simulator/index';
import { startCluster, type Cluster } from '../simulator/cluster';

const ADMIN_PASSWORD = 'e2e-Realities-Admin-29';
const users = [{ username: 'admin', password: ADMIN_PASSWORD, sysadmin: true }];

describe('Atlassian realities in a real VS Code', () => {
  let jira: Simulator;
  let confluence: Simulator;
  let cluster: Cluster;
  let editor: Editor;

  before(async () => {
    // Above the three wrong passwords this test types, so that the count is all there is to see.
    jira = await startSimulator({ version: 'latest', users, captchaAfterFailures: 5 });
    confluence = await startSimulator({ version: 'latest', users, captchaAfterFailures: 1 });
    cluster = await startCluster({ version: 'latest', users, nodes: 2 });
    editor = await launchEditor({
      name: 'realities',
      settings: {
        'kantegaSso.instances': [
          { name: 'Jira Prod', baseUrl: jira.baseUrl, username: 'admin', auth: 'password' },
          { name: 'Confluence', baseUrl: confluence.baseUrl, username: 'admin', auth: 'password' },
          { name: 'Jira DC', baseUrl: cluster.baseUrl, username: 'admin', auth: 'password' },
        ],
      },
    });
    await editor.openKantegaView();
  });

  after(async () => {
    await editor?.close();
    await Promise.all([jira?.close(), confluence?.close(), cluster?.close()]);
  });

  /** Set Credential with a secret the server refuses: the person sees why, once. */
  async function setWrongCredential(instanceName: string, secret: string, expected: RegExp): Promise<void> {
    await editor.dismissNotifications();
    await editor.runCommand('Kantega SSO: Set Credential…');
    await editor.pickItem(instanceName, 'Kantega SSO instance');
    await editor.answerInput(secret, `Set Credential for ${instanceName}`);
    await editor.expectNotification(expected);
  }

  it('sends a wrong password only when the person does: three sets, three failures, across a reload', async () => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      await setWrongCredential(
        'Jira Prod',
        `stale-password-${attempt}`,
        /Jira Prod: Kantega SSO is reachable, but signing in failed/,
      );
      assert.equal(jira.failedSignIns('admin'), attempt, `after set ${attempt}: one failed sign-in each`);
    }
    await editor.treeItem('Jira Prod').filter({ hasText: 'credential rejected: not retried' }).waitFor({
      timeout: uiTimeout,
    });
    await editor.screenshot('rejected-not-retried');

    // A new window start checks every instance: the refused one is not among them.
    const requestsBefore = jira.requests.length;
    await editor.page.reload();
    await editor.page.locator('.monaco-workbench .activitybar').waitFor({ timeout: uiTimeout });
    // The window restores the view it showed; clicking its icon before that would close it again.
    await editor
      .instancesView()
      .waitFor({ timeout: uiTimeout })
      .catch(() => editor.openKantegaView());
    await editor.treeItem('Jira Prod').filter({ hasText: 'credential rejected: not retried' }).waitFor({
      timeout: uiTimeout,
    });
    // The instances around it were checked meanwhile: the window start did run.
    await editor
      .treeItem('Jira DC')
      .filter({ hasText: /credential missing/ })
      .waitFor({ timeout: uiTimeout });
    const signedRequests = jira.requests
      .slice(requestsBefore)
      .filter((request) => request.signedInAs ?? request.authFailed);
    assert.deepEqual(signedRequests, [], 'nothing sent the refused password after the reload');
    assert.equal(jira.failedSignIns('admin'), 3, 'only the three the person caused');

    // The person asks for it (Test Connection on that instance): sent once more, refused once more.
    await editor.runCommand('Kantega SSO: Test Connection');
    await editor.pickItem('Jira Prod', 'Kantega SSO instance');
    await editor.expectNotification(/Jira Prod: Kantega SSO is reachable, but signing in failed/);
    assert.equal(jira.failedSignIns('admin'), 4);

    await editor.setCredential('Jira Prod', ADMIN_PASSWORD);
    await editor.treeItem('Jira Prod').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
    assert.equal(jira.failedSignIns('admin'), 4, 'the right password is not a failed sign-in');
  });

  it('names a CAPTCHA, offers the instance’s own login page, and recovers after a browser sign-in', async () => {
    // One wrong password is all this server allows: from then on it wants a CAPTCHA.
    await setWrongCredential(
      'Confluence',
      'stale-password',
      /Confluence: Kantega SSO is reachable, but signing in failed/,
    );
    assert.ok(confluence.captchaRequired('admin'));
    // Even the right password is refused now; the server says why.
    await editor.dismissNotifications();
    await editor.runCommand('Kantega SSO: Set Credential…');
    await editor.pickItem('Confluence', 'Kantega SSO instance');
    await editor.answerInput(ADMIN_PASSWORD, 'Set Credential for Confluence');
    await editor.expectNotification(/Confluence: .*asks for a CAPTCHA after failed sign-ins/);
    const row = editor.treeItem('Confluence').filter({ hasText: 'CAPTCHA required: not retried' });
    await row.waitFor({ timeout: uiTimeout });
    const failedBefore = confluence.failedSignIns('admin');
    await editor.expandTreeItem('Confluence');
    const signIn = editor.treeItem('Sign in once in the browser');
    await signIn.waitFor({ timeout: uiTimeout });
    assert.match(await editor.treeItemDescription('Sign in once in the browser'), /Open Login Page/);
    await editor.screenshot('captcha');

    // The login page opens in the browser, on the instance's own host (after VS Code's own question
    // about opening an external site, when it asks).
    const popup = editor.page.context().waitForEvent('page', { timeout: uiTimeout });
    await signIn.click();
    const confirm = editor.dialog().getByRole('button', { name: 'Open', exact: true });
    const opened = await Promise.race([
      popup,
      confirm.waitFor({ timeout: uiTimeout }).then(async () => {
        await confirm.click();
        return popup;
      }),
    ]);
    // code-server hands a localhost address to the browser through its own port proxy.
    const url = new URL(opened.url());
    const target = new URL(confluence.baseUrl);
    const direct = url.origin === target.origin;
    const proxied = new RegExp(`^/(abs)?proxy/${target.port}/`).test(url.pathname);
    assert.ok(direct || proxied, `the instance's own host, not ${url.href}`);
    // The page the server named, as the extension asked the editor to open it.
    assert.ok(
      (await editor.extensionLog()).includes(
        `[Confluence] opening its sign-in page in the browser: ${confluence.baseUrl}/login.jsp`,
      ),
    );
    await opened.close();

    // Nothing asked the server again by itself meanwhile.
    assert.equal(confluence.failedSignIns('admin'), failedBefore);

    confluence.clearCaptcha('admin');
    await editor.setCredential('Confluence', ADMIN_PASSWORD);
    await editor.treeItem('Confluence').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
  });

  it('keeps a sticky cluster on its node while another instance’s credential is set', async () => {
    const start = cluster.requests.length;
    await editor.setCredential('Jira DC', ADMIN_PASSWORD);
    await editor.expandTreeItem('Jira DC');
    await editor
      .treeItem(/^Snapshots/)
      .first()
      .waitFor({ timeout: uiTimeout });
    // The new credential's client meets the balancer once, and keeps its cookie from then on.
    const first = start + 1;
    assert.equal(cluster.requests[start].assigned, true);

    await editor.setCredential('Jira Prod', ADMIN_PASSWORD);
    // Another entry edited (relabelled as staging): the cluster's entry is untouched, so is its client.
    await editor.dismissNotifications();
    await editor.runCommand('Kantega SSO: Edit Instance…');
    await editor.pickItem('Jira Prod', 'Kantega SSO instance');
    await editor.answerInput('Jira Prod', '(1/6)');
    await editor.answerInput(jira.baseUrl, '(2/6)');
    await editor.answerInput('admin', '(3/6)');
    await editor.pickItem('Password', '(4/6)');
    await editor.answerInput('', '(5/6)');
    await editor.pickItem(/^staging$/, '(6/6)');
    await editor.expectNotification(/Instance "Jira Prod" saved: Kantega SSO is reachable/);
    await editor.treeItem('Jira Prod').filter({ hasText: 'staging' }).waitFor({ timeout: uiTimeout });
    // The person tests the cluster's instance: its client, and the balancer's cookie, are the same.
    await editor.runCommand('Kantega SSO: Test Connection');
    await editor.pickItem('Jira DC', 'Kantega SSO instance');
    await editor.expectNotification(/Jira DC: Kantega SSO is reachable and the credential was accepted/);
    const after = cluster.requests.slice(first);
    assert.ok(after.length >= 2, 'the test reached the cluster');
    assert.deepEqual(
      after.filter((request) => request.assigned),
      [],
      'every request after the first carried the balancer cookie',
    );
    const nodes = new Set(cluster.requests.slice(start).map((request) => request.node));
    assert.equal(nodes.size, 1, 'one node served them all');
  });
});
