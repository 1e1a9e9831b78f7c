// Rotating API tokens in a real VS Code. Rotate API Token… keeps the name, description and period,
// shows the secret once, proves the new token signs in and deletes the old one only after the
// confirmation (API 3.0 and 2.0, and on a PAT entry as the token's owner); the token an instance signs
// in with becomes its credential first; a failed create, a cancelled delete and a second run at once
// leave the old token. Rotate Sign-in Tokens… rotates a fleet, names what failed (a new token refused,
// an instance down, a create refused by the proxy) and Retry Failed finishes it. Use as Credential on
// a PAT entry asks whose token it is and keeps the PAT until the token has signed in. The simulators'
// request logs show which credential signed each request, and in which order.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchEditor, runFromContextMenu, uiTimeout, type Editor } from './harness';
import { startSimulator, type Simulator } from '../simulator/index';
import type { Fault, RecordedRequest, SimulatorToken } from '../simulator/types';

const DAY_MS = 24 * 60 * 60 * 1000;
const ADMIN_PASSWORD = 'e2e-Rotate-Admin-31';
const JOHN_PASSWORD = 'e2e-Rotate-John-57';
const JOHN_PAT = 'e2e-rotate-john-pat-0042';
/** Background warnings would put toasts with buttons in front of the ones these tests look for. */
const quiet = { 'kantegaSso.expiryNotifications': false };

/** A token created `ageDays` ago (plus an hour, so whole days do not depend on the test's pace). */
function issued(
  sim: Simulator,
  username: string,
  name: string,
  validForDays: number,
  ageDays: number,
  description = '',
): { id: number; secret: string } {
  const createdAt = Date.now() - ageDays * DAY_MS + 60 * 60 * 1000;
  return sim.issueToken(username, { name, description, validForDays, createdAt });
}

/** The server's token named `name` other than `oldId`: the one the rotation made. */
function successor(sim: Simulator, name: string, oldId: number): SimulatorToken {
  const found = sim.state.tokens.filter((token) => token.name === name && token.id !== oldId);
  assert.equal(found.length, 1, `one new token "${name}" on the server, found ${found.length}`);
  return found[0];
}

const isCreate = (request: RecordedRequest) => request.method === 'POST' && /\/user\/tokens\/?$/.test(request.path);
const isDeleteOf = (id: number) => (request: RecordedRequest) =>
  request.method === 'DELETE' && request.path.endsWith(`/user/delete/${id}`);
const signedWith = (id: number) => (request: RecordedRequest) => request.signedInAs?.tokenId === id;

/** Index of the first request since `from` that matches, or -1. */
function firstIndex(sim: Simulator, from: number, match: (request: RecordedRequest) => boolean): number {
  const index = sim.requests.slice(from).findIndex(match);
  return index < 0 ? -1 : from + index;
}

/** The requests since `from` that signed in, once the server has seen one (a refresh is under way). */
async function signedSince(editor: Editor, sim: Simulator, from: number): Promise<RecordedRequest[]> {
  const deadline = Date.now() + uiTimeout;
  for (;;) {
    const signed = sim.requests.slice(from).filter((request) => request.signedInAs);
    if (signed.length) return signed;
    assert.ok(Date.now() < deadline, 'no signed-in request reached the server');
    await editor.page.waitForTimeout(200);
  }
}

function instanceEntry(entries: unknown, name: string): Record<string, unknown> | undefined {
  return (entries as Array<Record<string, unknown>>).find((entry) => entry.name === name);
}

describe('Rotate API Token in a real VS Code', () => {
  let jira: Simulator;
  let confluence: Simulator;
  let editor: Editor;
  let ciDeploy: { id: number; secret: string };
  let wikiSync: { id: number; secret: string };
  let nightly: { id: number; secret: string };
  let backupAgent: { id: number; secret: string };
  let raceToken: { id: number; secret: string };

  before(async () => {
    const users = [
      { username: 'admin', password: ADMIN_PASSWORD, sysadmin: true },
      { username: 'john.doe', password: JOHN_PASSWORD, sysadmin: false },
    ];
    [jira, confluence] = await Promise.all([
      startSimulator({ users, seed: false }),
      startSimulator({
        users,
        seed: false,
        version: '5.7.0',
        contextPath: '/confluence',
        applicationName: 'Confluence',
      }),
    ]);
    ciDeploy = issued(jira, 'admin', 'ci-deploy', 90, 80, 'Deploys from CI');
    nightly = issued(jira, 'admin', 'nightly-export', 30, 20, 'Exports the issues every night');
    backupAgent = issued(jira, 'admin', 'backup-agent', 180, 10, 'Backs up attachments');
    raceToken = issued(jira, 'admin', 'report-bot', 30, 5);
    wikiSync = issued(confluence, 'john.doe', 'wiki-sync', 45, 40, 'Syncs the wiki to the intranet');
    editor = await launchEditor({
      name: 'rotation',
      keybindings: [
        {
          key: 'ctrl+alt+shift+r',
          command: 'kantegaSso.rotateToken',
          args: { instanceName: 'Jira Test', tokenId: raceToken.id },
        },
      ],
      settings: {
        ...quiet,
        'kantegaSso.instances': [
          { name: 'Jira Test', baseUrl: jira.baseUrl, username: 'admin', auth: 'password', environment: 'test' },
          {
            name: 'Confluence Old',
            baseUrl: confluence.baseUrl,
            username: 'john.doe',
            auth: 'password',
            environment: 'staging',
          },
        ],
      },
    });
    await editor.openKantegaView();
    await editor.setCredential('Jira Test', ADMIN_PASSWORD);
    await editor.setCredential('Confluence Old', JOHN_PASSWORD);
    await editor.dismissNotifications();
    await editor.treeItem('Jira Test').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
  });

  after(async () => {
    await editor?.close();
    await Promise.all([jira?.close(), confluence?.close()]);
  });

  it('rotates a 90-day token on API 3.0 (palette): name, description and period kept, old deleted last', async () => {
    const mark = jira.requests.length;
    await editor.runCommand('Kantega SSO: Rotate API Token…');
    await editor.pickItem('Jira Test');
    await editor.pickItem(/^ci-deploy$/, 'API tokens on Jira Test');
    await editor.quickInput().filter({ hasText: 'Rotate API Token "ci-deploy" on Jira Test' }).waitFor();
    // The old token's period is offered, marked, and active: Enter keeps it.
    const asBefore = editor.quickPickItem(/^90 days$/).filter({ hasText: 'as the old token' });
    await asBefore.waitFor({ timeout: uiTimeout });
    await editor.pickItem(/^90 days$/);

    const confirm = editor.dialog().filter({ hasText: 'Delete the old API token "ci-deploy" on Jira Test (test)?' });
    await confirm.waitFor({ timeout: uiTimeout });
    const created = successor(jira, 'ci-deploy', ciDeploy.id);
    assert.equal(created.description, 'Deploys from CI', 'description kept');
    assert.equal(created.validForDays, 90, 'period kept');
    const create = jira.requests.slice(mark).filter(isCreate);
    assert.equal(create.length, 1, 'one create');
    assert.deepEqual(JSON.parse(create[0].body ?? '{}'), {
      tokenName: 'ci-deploy',
      description: 'Deploys from CI',
      validForDays: '90',
    });
    // The secret, once: on the clipboard and in the details panel; the old one is still there.
    assert.equal(await editor.readClipboard(), created.secret, 'the clipboard holds the new secret');
    const panel = await editor.webviewFrame('#token-secret');
    assert.equal(await panel.locator('#token-secret').inputValue(), created.secret);
    assert.equal(await panel.locator('#token-name').innerText(), 'ci-deploy');
    assert.ok(
      jira.state.tokens.some((token) => token.id === ciDeploy.id),
      'nothing deleted before the answer',
    );
    assert.equal(firstIndex(jira, mark, isDeleteOf(ciDeploy.id)), -1, 'no DELETE before the answer');
    const text = await confirm.innerText();
    assert.match(text, new RegExp(`Delete: "ci-deploy" \\(id ${ciDeploy.id}\\), created .*, expires in 1[01] days`));
    assert.match(text, new RegExp(`Keep: "ci-deploy" \\(id ${created.id}\\), created .*, expires in (89|90) days`));
    assert.match(text, /The new token has signed in\. Anything still using the old token stops working\./);
    await editor.screenshot('delete-confirmation');

    await editor.clickDialogButton('Delete the Old Token');
    await editor.expectNotification(
      new RegExp(
        `New API token "ci-deploy" \\(id ${created.id}\\) on Jira Test, expires in (89|90) days\\. ` +
          `The old token \\(id ${ciDeploy.id}\\) is deleted\\. Its secret is on the clipboard\\.`,
      ),
    );
    assert.ok(!jira.state.tokens.some((token) => token.id === ciDeploy.id), 'the old token is gone');
    // Server order: create, then a request signed with the new token, then the delete.
    const createdAt = firstIndex(jira, mark, isCreate);
    const proven = firstIndex(jira, mark, signedWith(created.id));
    const deleted = firstIndex(jira, mark, isDeleteOf(ciDeploy.id));
    assert.ok(createdAt >= 0 && proven > createdAt && deleted > proven, `order ${createdAt} < ${proven} < ${deleted}`);
    assert.equal(jira.requests[deleted].signedInAs?.kind, 'password', 'the instance itself still uses its password');

    const log = await editor.extensionLog();
    assert.ok(!log.includes(created.secret), 'the new secret is not logged');
    const texts = await editor.notificationTexts();
    assert.ok(!texts.some((t) => t.includes(created.secret)), 'nor shown in a notification');
  });

  it('rotates a 45-day token on API 2.0 (tree): period kept, the name not made its description', async () => {
    await editor.dismissNotifications();
    await editor.runCommand('View: Close All Editors');
    await editor.openKantegaView();
    await editor.expandTreeItem('Confluence Old');
    const row = editor.treeItem(/^wiki-sync$/).first();
    await row.waitFor({ timeout: uiTimeout });
    const mark = confluence.requests.length;
    await runFromContextMenu(editor, row, 'Rotate API Token…');
    await editor.quickInput().filter({ hasText: 'Rotate API Token "wiki-sync" on Confluence Old' }).waitFor();
    // 45 is not one of the usual periods: listed for this token, as its old one.
    await editor
      .quickPickItem(/^45 days$/)
      .filter({ hasText: 'as the old token' })
      .waitFor({ timeout: uiTimeout });
    await editor.pickItem(/^45 days$/);
    const confirm = editor.dialog().filter({ hasText: 'Delete the old API token "wiki-sync" on Confluence Old' });
    await confirm.waitFor({ timeout: uiTimeout });
    const created = successor(confluence, 'wiki-sync', wikiSync.id);
    assert.equal(created.validForDays, 45, 'period kept');
    assert.equal(created.description, '', 'API 2.0 hides the description: none rather than the name');
    const [create] = confluence.requests.slice(mark).filter(isCreate);
    assert.match(create.path, /\/apitokens\/2\.0\/user\/tokens$/);
    assert.deepEqual(JSON.parse(create.body ?? '{}'), { tokenName: 'wiki-sync', validForDays: '45' });
    assert.equal(await editor.readClipboard(), created.secret);
    assert.equal(
      await (await editor.webviewFrame('#token-secret')).locator('#token-secret').inputValue(),
      created.secret,
    );
    assert.ok(
      confluence.state.tokens.some((token) => token.id === wikiSync.id),
      'nothing deleted before the answer',
    );

    await editor.clickDialogButton('Delete the Old Token');
    await editor.expectNotification(
      new RegExp(`New API token "wiki-sync" \\(id ${created.id}\\) on Confluence Old, .*is deleted`),
    );
    assert.ok(!confluence.state.tokens.some((token) => token.id === wikiSync.id), 'the old token is gone');
    const proven = firstIndex(confluence, mark, signedWith(created.id));
    const deleted = firstIndex(confluence, mark, isDeleteOf(wikiSync.id));
    assert.ok(proven > firstIndex(confluence, mark, isCreate) && deleted > proven, `order: ${proven} < ${deleted}`);
  });

  it('says that a failed create changed nothing, and deletes nothing', async () => {
    await editor.dismissNotifications();
    await editor.runCommand('View: Close All Editors');
    jira.inject(
      { type: 'proxyErrorPage', status: 502, server: 'nginx' },
      { method: 'POST', pathIncludes: 'user/tokens' },
    );
    const mark = jira.requests.length;
    await editor.runCommand('Kantega SSO: Rotate API Token…');
    await editor.pickItem('Jira Test');
    await editor.pickItem(/^nightly-export$/, 'API tokens on Jira Test');
    await editor.pickItem(/^30 days$/, 'Rotate API Token "nightly-export"');
    await editor.expectNotification(
      /The new API token "nightly-export" was not created on Jira Test: .*502.* Nothing was changed: the old token stays valid\./,
    );
    assert.equal(await editor.dialog().count(), 0, 'no delete confirmation');
    assert.equal(jira.requests.slice(mark).filter(isCreate).length, 1, 'one create, not repeated');
    assert.equal(
      firstIndex(jira, mark, (request) => request.method === 'DELETE'),
      -1,
      'no DELETE',
    );
    assert.ok(
      jira.state.tokens.some((token) => token.id === nightly.id),
      'the old token is still there',
    );
    assert.equal(jira.state.tokens.filter((token) => token.name === 'nightly-export').length, 1, 'no new one');
  });

  it('keeps both tokens when the delete is cancelled, and says both are valid', async () => {
    await editor.dismissNotifications();
    const mark = jira.requests.length;
    await editor.runCommand('Kantega SSO: Rotate API Token…');
    await editor.pickItem('Jira Test');
    await editor.pickItem(/^backup-agent$/, 'API tokens on Jira Test');
    await editor.pickItem(/^180 days$/, 'Rotate API Token "backup-agent"');
    await editor
      .dialog()
      .filter({ hasText: 'Delete the old API token "backup-agent"' })
      .waitFor({ timeout: uiTimeout });
    await editor.clickDialogButton('Cancel');
    const created = successor(jira, 'backup-agent', backupAgent.id);
    await editor.expectNotification(
      new RegExp(
        `New API token "backup-agent" \\(id ${created.id}\\) on Jira Test, expires in 6 months\\. ` +
          `The old token \\(id ${backupAgent.id}\\) is kept: both are valid\\.`,
      ),
    );
    assert.ok(
      jira.state.tokens.some((token) => token.id === backupAgent.id),
      'the old token is kept',
    );
    assert.equal(
      firstIndex(jira, mark, (request) => request.method === 'DELETE'),
      -1,
      'no DELETE',
    );
  });

  it('runs once when started twice at once on one token', async () => {
    await editor.dismissNotifications();
    await editor.runCommand('View: Close All Editors');
    // A slow create, so the second start comes while the first is under way.
    jira.inject({ type: 'latency', ms: 6_000 }, { method: 'POST', pathIncludes: 'user/tokens' });
    const mark = jira.requests.length;
    await editor.page.keyboard.press('Control+Alt+Shift+R');
    await editor.pickItem(/^30 days$/, 'Rotate API Token "report-bot"');
    await editor.notification('Creating the new API token "report-bot"').first().waitFor({ timeout: uiTimeout });
    await editor.page.keyboard.press('Control+Alt+Shift+R');
    await editor.expectNotification(/already rotating… Wait until that has finished\./);
    await editor.dialog().filter({ hasText: 'Delete the old API token "report-bot"' }).waitFor({ timeout: uiTimeout });
    await editor.clickDialogButton('Delete the Old Token');
    await editor.expectNotification(/New API token "report-bot" .* is deleted\./);
    assert.equal(jira.requests.slice(mark).filter(isCreate).length, 1, 'one create on the server');
    assert.equal(jira.state.tokens.filter((token) => token.name === 'report-bot').length, 1);
    assert.ok(!jira.state.tokens.some((token) => token.id === raceToken.id));
  });
});

describe("Rotating an instance's sign-in token, and Use as Credential on a PAT entry, in a real VS Code", () => {
  let bitbucket: Simulator;
  let jira: Simulator;
  let wiki: Simulator;
  let editor: Editor;
  let signIn: { id: number; secret: string };
  let wikiCi: { id: number; secret: string };

  before(async () => {
    const users = [{ username: 'john.doe', password: JOHN_PASSWORD, sysadmin: false, pat: JOHN_PAT }];
    [bitbucket, jira, wiki] = await Promise.all([
      startSimulator({ users, seed: false, contextPath: '/bitbucket', applicationName: 'Bitbucket' }),
      startSimulator({ users, seed: false }),
      startSimulator({ users, seed: false, contextPath: '/confluence', applicationName: 'Confluence' }),
    ]);
    // Its only valid token, so the extension knows this is the one it signs in with; an expired one beside it.
    signIn = issued(bitbucket, 'john.doe', 'bitbucket-ci', 30, 25, 'Signs the extension in');
    issued(bitbucket, 'john.doe', 'bitbucket-ci-2024', 30, 60);
    wikiCi = issued(wiki, 'john.doe', 'wiki-ci', 30, 20, 'Publishes the nightly docs');
    editor = await launchEditor({
      name: 'rotation-sign-in',
      settings: {
        ...quiet,
        'kantegaSso.instances': [
          {
            name: 'Bitbucket Prod',
            baseUrl: bitbucket.baseUrl,
            username: 'john.doe',
            auth: 'apiToken',
            environment: 'production',
          },
          { name: 'Jira PAT', baseUrl: jira.baseUrl, username: '', auth: 'pat', environment: 'test' },
          // A PAT entry whose user name is what the admin typed, not the user the token belongs to.
          { name: 'Wiki PAT', baseUrl: wiki.baseUrl, username: 'John Doe', auth: 'pat', environment: 'test' },
        ],
      },
    });
    await editor.openKantegaView();
    await editor.setCredential('Bitbucket Prod', signIn.secret);
    await editor.setCredential('Jira PAT', JOHN_PAT);
    await editor.setCredential('Wiki PAT', JOHN_PAT);
    await editor.dismissNotifications();
  });

  after(async () => {
    await editor?.close();
    await Promise.all([bitbucket?.close(), jira?.close(), wiki?.close()]);
  });

  it('makes the new token the credential, proven before the old one is deleted', async () => {
    await editor.expandTreeItem('Bitbucket Prod');
    const row = editor.treeItem(/^bitbucket-ci$/).first();
    await row.waitFor({ timeout: uiTimeout });
    const mark = bitbucket.requests.length;
    await runFromContextMenu(editor, row, 'Rotate API Token…');
    await editor.pickItem(/^30 days$/, 'Rotate API Token "bitbucket-ci" on Bitbucket Prod (PRODUCTION)');
    // One question: sign in with the new token, and whether the old one goes; both named, production in capitals.
    const offer = editor.dialog().filter({ hasText: 'Bitbucket Prod (PRODUCTION) signs in with the old token' });
    await offer.waitFor({ timeout: uiTimeout });
    const created = successor(bitbucket, 'bitbucket-ci', signIn.id);
    assert.ok(firstIndex(bitbucket, mark, signedWith(created.id)) > 0, 'the new token signed in before the question');
    const asked = await offer.innerText();
    assert.match(asked, new RegExp(`Old: "bitbucket-ci" \\(id ${signIn.id}\\), created `));
    assert.match(
      asked,
      new RegExp(`New: "bitbucket-ci" \\(id ${created.id}\\), created .*\\(it has just signed in\\)`),
    );
    assert.ok(
      bitbucket.state.tokens.some((token) => token.id === signIn.id),
      'nothing deleted before the answer',
    );
    await editor.screenshot('sign-in-offer');
    await editor.clickDialogButton('Use the New Token and Delete the Old');
    await editor.expectNotification(
      new RegExp(
        `New API token "bitbucket-ci" \\(id ${created.id}\\) on Bitbucket Prod, expires in (29|30) days\\. ` +
          `Bitbucket Prod now signs in with it\\. The old token \\(id ${signIn.id}\\) is deleted\\.`,
      ),
    );
    assert.ok(!bitbucket.state.tokens.some((token) => token.id === signIn.id), 'the old token is gone');
    const deleted = firstIndex(bitbucket, mark, isDeleteOf(signIn.id));
    assert.ok(deleted > firstIndex(bitbucket, mark, signedWith(created.id)), 'the new token signed in first');
    assert.equal(bitbucket.requests[deleted].signedInAs?.tokenId, created.id, 'the delete itself is signed with it');
    const entry = instanceEntry((await editor.readUserSettings())['kantegaSso.instances'], 'Bitbucket Prod');
    assert.deepEqual([entry?.auth, entry?.username], ['apiToken', 'john.doe']);

    // Online on the new token: a refresh signs every request with it.
    await editor.dismissNotifications();
    const refreshed = bitbucket.requests.length;
    await editor.runCommand('Kantega SSO: Refresh');
    await editor.treeItem('Bitbucket Prod').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
    await editor
      .treeItem(/^bitbucket-ci$/)
      .first()
      .waitFor({ timeout: uiTimeout });
    const signed = await signedSince(editor, bitbucket, refreshed);
    assert.ok(signed.length > 0, 'the refresh asked the server');
    assert.ok(
      signed.every((request) => request.signedInAs?.tokenId === created.id),
      'signed with the new token',
    );
  });

  it('asks whose token it is on a PAT entry, and keeps the PAT until the token has signed in', async () => {
    await editor.dismissNotifications();
    await editor.runCommand('View: Close All Editors');
    await editor.runCommand('Kantega SSO: Create API Token…');
    await editor.pickItem('Jira PAT', 'Kantega SSO instance');
    await editor.answerInput('pat-successor', 'Create API Token on Jira PAT (1/3)');
    await editor.answerInput('', 'Create API Token on Jira PAT (2/3)');
    await editor.pickItem('30 days', 'Create API Token on Jira PAT (3/3)');
    await editor.clickNotificationButton(/API token "pat-successor" created/, "Use as this instance's credential");
    const created = jira.state.tokens.find((token) => token.name === 'pat-successor');
    assert.ok(created);

    // Asked, with the owner the server lists prefilled; a wrong answer is refused and costs nothing.
    const asked = editor.quickInput().filter({ hasText: 'Use the API Token "pat-successor" for Jira PAT' });
    await asked.waitFor({ timeout: uiTimeout });
    assert.equal(await asked.locator('input.input').inputValue(), 'john.doe', 'prefilled with the owner');
    const mark = jira.requests.length;
    await editor.answerInput('jane.roe');
    await editor.expectNotification(
      /Could not make the API token "pat-successor" the credential of Jira PAT; its credential is unchanged/,
    );
    let entry = instanceEntry((await editor.readUserSettings())['kantegaSso.instances'], 'Jira PAT');
    assert.deepEqual([entry?.auth, entry?.username], ['pat', ''], 'the entry is unchanged');
    assert.ok(
      jira.requests.slice(mark).some((request) => request.authFailed),
      'the server refused jane.roe',
    );
    await editor.dismissNotifications();
    let refreshed = jira.requests.length;
    await editor.runCommand('Kantega SSO: Refresh');
    await editor.treeItem('Jira PAT').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
    const onPat = await signedSince(editor, jira, refreshed);
    assert.ok(onPat.length && onPat.every((request) => request.signedInAs?.kind === 'pat'), 'still on its PAT');

    // Again from the details panel, which still holds the secret: the right user switches it.
    const panel = await editor.webviewFrame('#use-as-credential');
    await panel.locator('#use-as-credential').click();
    await asked.waitFor({ timeout: uiTimeout });
    await editor.answerInput('john.doe');
    await editor.expectNotification('Jira PAT now signs in as john.doe with the API token "pat-successor".');
    entry = instanceEntry((await editor.readUserSettings())['kantegaSso.instances'], 'Jira PAT');
    assert.deepEqual([entry?.auth, entry?.username], ['apiToken', 'john.doe']);
    await editor.dismissNotifications();
    refreshed = jira.requests.length;
    await editor.runCommand('Kantega SSO: Refresh');
    await editor.treeItem('Jira PAT').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
    const onToken = await signedSince(editor, jira, refreshed);
    assert.ok(
      onToken.length && onToken.every((request) => request.signedInAs?.tokenId === created.id),
      'now on the token',
    );
  });

  it("rotates a token on a PAT entry as the user the server lists, not the entry's user name", async () => {
    await editor.dismissNotifications();
    await editor.runCommand('View: Close All Editors');
    const mark = wiki.requests.length;
    await editor.runCommand('Kantega SSO: Rotate API Token…');
    await editor.pickItem('Wiki PAT');
    await editor.pickItem(/^wiki-ci$/, 'API tokens on Wiki PAT');
    await editor.pickItem(/^30 days$/, 'Rotate API Token "wiki-ci"');
    await editor.dialog().filter({ hasText: 'Delete the old API token "wiki-ci"' }).waitFor({ timeout: uiTimeout });
    const created = successor(wiki, 'wiki-ci', wikiCi.id);
    const proof = wiki.requests[firstIndex(wiki, mark, signedWith(created.id))];
    assert.equal(proof?.signedInAs?.username, 'john.doe', 'the new token signed in as its owner');
    await editor.clickDialogButton('Delete the Old Token');
    await editor.expectNotification(
      new RegExp(`New API token "wiki-ci" \\(id ${created.id}\\) on Wiki PAT, .*is deleted`),
    );
    assert.ok(!wiki.state.tokens.some((token) => token.id === wikiCi.id), 'the old token is gone');
  });
});

describe('Rotate Sign-in Tokens in a real VS Code', () => {
  const names = ['Jira Prod', 'Confluence Prod', 'Bitbucket Prod'] as const;
  let sims: Simulator[];
  let editor: Editor;
  let olds: Array<{ id: number; secret: string }>;

  before(async () => {
    const users = [{ username: 'svc-sso', password: 'e2e-Rotate-Svc-83', sysadmin: true }];
    sims = await Promise.all([
      startSimulator({ users, seed: false }),
      startSimulator({
        users,
        seed: false,
        version: '5.7.0',
        contextPath: '/confluence',
        applicationName: 'Confluence',
      }),
      startSimulator({ users, seed: false, contextPath: '/bitbucket', applicationName: 'Bitbucket' }),
    ]);
    // Five days left on each: inside the 14-day warning window.
    olds = sims.map((sim, index) => issued(sim, 'svc-sso', `sso-admin-${index + 1}`, 30, 25));
    editor = await launchEditor({
      name: 'rotation-fleet',
      settings: {
        ...quiet,
        'kantegaSso.instances': names.map((name, index) => ({
          name,
          baseUrl: sims[index].baseUrl,
          username: 'svc-sso',
          auth: 'apiToken',
          environment: 'production',
        })),
      },
    });
    await editor.openKantegaView();
    for (const [index, name] of names.entries()) await editor.setCredential(name, olds[index].secret);
    await editor.dismissNotifications();
  });

  after(async () => {
    await editor?.close();
    await Promise.all((sims ?? []).map((sim) => sim.close()));
  });

  /** Seraph's answer to a Basic sign-in with a token it does not accept. */
  const refusal: Fault = {
    type: 'rawBody',
    status: 401,
    body: '{"message":"Client must be authenticated to access this resource."}',
    headers: { 'www-authenticate': 'Basic realm="protected-area"', 'x-seraph-loginreason': 'AUTHENTICATED_FAILED' },
  };

  /** Each instance's newest "sso-admin-<n>": the one it signs in with after the last rotation. */
  const newest = (index: number): SimulatorToken =>
    sims[index].state.tokens
      .filter((token) => token.name === `sso-admin-${index + 1}`)
      .reduce((a, b) => (b.id > a.id ? b : a));

  /** Three days left on each instance's current token (made with 30 days), as the extension then sees. */
  async function dueAgain(): Promise<SimulatorToken[]> {
    const current = sims.map((_, index) => newest(index));
    for (const token of current) {
      token.createdAt = Date.now() - 27 * DAY_MS + 60 * 60 * 1000;
      token.expiresAt = token.createdAt + 30 * DAY_MS;
    }
    await editor.runCommand('Kantega SSO: Refresh');
    return current;
  }

  it('rotates each, names the one whose new token did not sign in, and Retry Failed rotates it', async () => {
    const [, confluence] = sims;
    const marks = sims.map((sim) => sim.requests.length);
    await editor.runCommand('Kantega SSO: Rotate Sign-in Tokens…');
    await editor.quickInput().filter({ hasText: 'Rotate Sign-in Tokens' }).waitFor({ timeout: uiTimeout });
    for (const name of names) await editor.quickPickItem(new RegExp(`^${name}`)).waitFor({ timeout: uiTimeout });
    // Confluence (5.7.0) has API 2.0, which its own client knows: only the proof of a new token, made
    // with a client of its own, asks 3.0 first. So this refuses the new token there, and nothing else.
    confluence.inject(refusal, { method: 'GET', pathIncludes: '/3.0/user/tokens' });
    await editor.quickInput().locator('input.input').press('Enter');

    const confirm = editor.dialog().filter({ hasText: 'Delete the old API tokens on 2 instances?' });
    await confirm.waitFor({ timeout: uiTimeout });
    const text = await confirm.innerText();
    assert.match(text, new RegExp(`Delete: "sso-admin-1" \\(id ${olds[0].id}\\)`));
    assert.match(text, new RegExp(`Delete: "sso-admin-3" \\(id ${olds[2].id}\\)`));
    assert.doesNotMatch(text, /sso-admin-2/, 'the failed one is not offered for deletion');
    await editor.clickDialogButton('Delete 2 Old Tokens');

    const summary = editor.dialog().filter({ hasText: 'Sign-in tokens rotated on 2 of 3 instances.' });
    await summary.waitFor({ timeout: uiTimeout });
    const said = await summary.innerText();
    assert.match(said, /Jira Prod now signs in with it\. The old token \(id \d+\) is deleted\./);
    assert.match(said, /Bitbucket Prod now signs in with it\. The old token \(id \d+\) is deleted\./);
    assert.match(
      said,
      /The new API token "sso-admin-2" \(id \d+\) was created on Confluence Prod but did not sign in: .*401.*The old token stays valid and in use; the new one, whose secret nobody has, is deleted\./,
    );
    await editor.screenshot('sign-in-rotation-summary');
    assert.ok(
      confluence.state.tokens.some((token) => token.id === olds[1].id),
      'Confluence keeps its token',
    );
    assert.equal(firstIndex(confluence, marks[1], isDeleteOf(olds[1].id)), -1, 'the old token is not deleted');
    // The refused new token, whose secret nobody has, is deleted again: one DELETE, of a token made in this run.
    const deletes = confluence.requests.slice(marks[1]).filter((request) => request.method === 'DELETE');
    assert.equal(deletes.length, 1, 'one DELETE: the unused new token');
    const refusedId = Number(deletes[0].path.split('/').pop());
    assert.ok(refusedId > olds[1].id, 'the deleted one is the new token');
    assert.ok(!confluence.state.tokens.some((token) => token.id === refusedId), 'the unused new token is gone');
    const refused = { id: refusedId };

    await editor.clickDialogButton('Retry Failed');
    await editor.dialog().filter({ hasText: 'Delete the old API token "sso-admin-2" on Confluence Prod' }).waitFor();
    await editor.clickDialogButton('Delete the Old Token');
    await editor.expectNotification(
      /Sign-in tokens rotated on (Confluence|Bitbucket) Prod: each signs in with its new token/,
    );

    await editor.dismissNotifications();
    const refreshed = sims.map((sim) => sim.requests.length);
    await editor.runCommand('Kantega SSO: Refresh');
    for (const [index, name] of names.entries()) {
      const sim = sims[index];
      const created = newest(index);
      assert.ok(!sim.state.tokens.some((token) => token.id === olds[index].id), `${name}: the old token is gone`);
      const proven = firstIndex(sim, marks[index], signedWith(created.id));
      const deleted = firstIndex(sim, marks[index], isDeleteOf(olds[index].id));
      assert.ok(proven >= 0 && deleted > proven, `${name}: the new token signed in before the delete`);
      await editor.treeItem(name).filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
      const signed = await signedSince(editor, sim, refreshed[index]);
      assert.ok(
        signed.length && signed.every((request) => request.signedInAs?.tokenId === created.id),
        `${name}: online on the new token`,
      );
    }
    assert.notEqual(newest(1).id, refused.id, 'Confluence signs in with the token of the retry');
  });

  it('leaves out an instance that is down, names it, and Retry Failed rotates it once it answers', async () => {
    await editor.dismissNotifications();
    const current = await dueAgain();
    await editor.treeItem('Bitbucket Prod').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
    const bitbucket = sims[2];
    bitbucket.inject({ type: 'proxyErrorPage', status: 503, server: 'nginx' }, { times: Infinity });
    const marks = sims.map((sim) => sim.requests.length);

    await editor.runCommand('Kantega SSO: Rotate Sign-in Tokens…');
    await editor.quickInput().filter({ hasText: 'Rotate Sign-in Tokens' }).waitFor({ timeout: uiTimeout });
    await editor.quickPickItem(/^Jira Prod/).waitFor({ timeout: uiTimeout });
    await editor.quickPickItem(/^Confluence Prod/).waitFor({ timeout: uiTimeout });
    assert.equal(await editor.quickPickItem(/^Bitbucket Prod/).count(), 0, 'an instance that is down is not offered');
    await editor.quickInput().locator('input.input').press('Enter');
    await editor.clickDialogButton('Delete 2 Old Tokens');

    const summary = editor
      .dialog()
      .filter({ hasText: 'Sign-in tokens rotated on 2 of 2 instances; 1 more could not be checked.' });
    await summary.waitFor({ timeout: uiTimeout });
    const said = await summary.innerText();
    assert.match(said, /Bitbucket Prod: not rotated\. .*503/, 'the one that is down is named, with why');
    await editor.screenshot('sign-in-rotation-down');
    assert.equal(firstIndex(bitbucket, marks[2], isCreate), -1, 'nothing was sent to it');

    bitbucket.clearFaults();
    await editor.clickDialogButton('Retry Failed');
    await editor.dialog().filter({ hasText: 'Delete the old API token "sso-admin-3" on Bitbucket Prod' }).waitFor();
    await editor.clickDialogButton('Delete the Old Token');
    await editor.expectNotification(
      /Sign-in tokens rotated on (Confluence|Bitbucket) Prod: each signs in with its new token/,
    );
    for (const [index, sim] of sims.entries()) {
      const latest = newest(index);
      assert.notEqual(latest.id, current[index].id, `${names[index]}: a new token`);
      assert.ok(!sim.state.tokens.some((token) => token.id === current[index].id), `${names[index]}: old one gone`);
      assert.ok(firstIndex(sim, marks[index], signedWith(latest.id)) >= 0, `${names[index]}: it signed in`);
    }
  });

  it('names a create that failed, deletes nothing there, and Retry Failed rotates it', async () => {
    await editor.dismissNotifications();
    const current = await dueAgain();
    await editor.treeItem('Confluence Prod').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
    const confluence = sims[1];
    confluence.inject(
      { type: 'proxyErrorPage', status: 503, server: 'nginx' },
      { method: 'POST', pathIncludes: 'user/tokens', times: Infinity },
    );
    const marks = sims.map((sim) => sim.requests.length);
    await editor.runCommand('Kantega SSO: Rotate Sign-in Tokens…');
    await editor.quickInput().filter({ hasText: 'Rotate Sign-in Tokens' }).waitFor({ timeout: uiTimeout });
    for (const name of names) await editor.quickPickItem(new RegExp(`^${name}`)).waitFor({ timeout: uiTimeout });
    await editor.quickInput().locator('input.input').press('Enter');
    await editor.clickDialogButton('Delete 2 Old Tokens');

    const summary = editor.dialog().filter({ hasText: 'Sign-in tokens rotated on 2 of 3 instances.' });
    await summary.waitFor({ timeout: uiTimeout });
    assert.match(
      await summary.innerText(),
      /The new API token "sso-admin-2" was not created on Confluence Prod: .*503.* the old token stays valid\./,
    );
    assert.ok(
      confluence.state.tokens.some((token) => token.id === current[1].id),
      'Confluence keeps its token',
    );
    assert.equal(
      firstIndex(confluence, marks[1], (request) => request.method === 'DELETE'),
      -1,
      'no DELETE',
    );

    confluence.clearFaults();
    await editor.clickDialogButton('Retry Failed');
    await editor.dialog().filter({ hasText: 'Delete the old API token "sso-admin-2" on Confluence Prod' }).waitFor();
    await editor.clickDialogButton('Delete the Old Token');
    await editor.expectNotification(
      /Sign-in tokens rotated on (Confluence|Bitbucket) Prod: each signs in with its new token/,
    );
    assert.ok(!confluence.state.tokens.some((token) => token.id === current[1].id), 'the old token is gone');
    assert.ok(firstIndex(confluence, marks[1], signedWith(newest(1).id)) >= 0, 'the newest one signed in');
  });
});
