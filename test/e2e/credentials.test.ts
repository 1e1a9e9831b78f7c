// Where a secret goes, in a real VS Code, proven by the servers' request logs. Renew API Token renews
// exactly the token picked: an empty input (which the server reads as "the token signing in") is
// refused for any other token, a pasted secret of another token is named for what it renewed, and
// the sign-in token renews with an empty input, the message giving its new expiry. Edit Instance that
// points an entry at another host, or another user, asks before the stored secret goes there:
// nothing reaches the new host before yes; after yes it tests, saves, and the instance is online.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchEditor, uiTimeout, type Editor } from './harness';
import { startSimulator, type RecordedRequest, type Simulator } from '../simulator/index';

const ADMIN_PASSWORD = 'e2e-Credentials-Admin-52';
const JOHN_PASSWORD = 'e2e-Credentials-John-87';
const DAY_MS = 24 * 60 * 60 * 1000;

const isRenewal = (request: RecordedRequest) => request.method === 'PUT' && request.path.includes('/user/refresh');

describe('Credentials go only where they were meant for, in a real VS Code', () => {
  let jira: Simulator;
  /** Another server (another port: another host to a browser and to the credential guard). */
  let other: Simulator;
  let editor: Editor;
  /** The token Jira Token signs in with, stored through Create API Token's "use as credential". */
  let signIn: { id: number; secret: string };
  /** Another token of admin's, which Jira Token does not sign in with. */
  let spare: { id: number; secret: string };

  const serverToken = (sim: Simulator, id: number) => {
    const token = sim.state.tokens.find((candidate) => candidate.id === id);
    assert.ok(token, `token ${id} on the server`);
    return token;
  };
  const instanceEntry = (name: string, sim: Simulator) => ({
    name,
    baseUrl: sim.baseUrl,
    username: 'admin',
    auth: 'password',
    environment: 'test',
  });
  const savedEntry = async (name: string) =>
    ((await editor.readUserSettings())['kantegaSso.instances'] as Array<Record<string, unknown>>).find(
      (entry) => entry.name === name,
    );

  before(async () => {
    const users = [
      { username: 'admin', password: ADMIN_PASSWORD, sysadmin: true },
      { username: 'john.doe', password: JOHN_PASSWORD, sysadmin: false },
    ];
    [jira, other] = await Promise.all([
      startSimulator({ version: 'latest', users, seed: false }),
      startSimulator({ version: 'latest', users, seed: false }),
    ]);
    // Far from expiry, so that no expiry warning comes between the steps.
    spare = jira.issueToken('admin', { name: 'spare', validForDays: 90, createdAt: Date.now() - 10 * DAY_MS });
    editor = await launchEditor({
      name: 'credentials',
      settings: { 'kantegaSso.instances': [instanceEntry('Jira Token', jira), instanceEntry('Jira Moving', jira)] },
    });
    await editor.openKantegaView();
    // One secret for both entries (same address, user and kind): set once, both are checked again.
    await editor.setCredential('Jira Moving', ADMIN_PASSWORD);
    await editor.treeItem('Jira Moving').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
    await editor.treeItem('Jira Token').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });

    await editor.dismissNotifications();
    await editor.runCommand('Kantega SSO: Create API Token…');
    await editor.pickItem('Jira Token', 'Kantega SSO instance');
    await editor.answerInput('e2e sign-in', 'Create API Token on Jira Token (1/3)');
    await editor.answerInput('', 'Create API Token on Jira Token (2/3)');
    await editor.pickItem('30 days', 'Create API Token on Jira Token (3/3)');
    await editor.clickNotificationButton(/API token "e2e sign-in" created/, "Use as this instance's credential");
    await editor.expectNotification('Jira Token now signs in as admin with the API token "e2e sign-in".');
    const created = jira.state.tokens.find((token) => token.name === 'e2e sign-in');
    assert.ok(created);
    signIn = created;
    await editor.treeItem('Jira Token').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
  });

  after(async () => {
    await editor?.close();
    await Promise.all([jira?.close(), other?.close()]);
  });

  it('Renew with an empty input, a token the instance does not sign in with: refused, nothing sent', async () => {
    await editor.dismissNotifications();
    const signInExpiry = serverToken(jira, signIn.id).expiresAt;
    const from = jira.requests.length;
    await editor.runCommand('Kantega SSO: Renew API Token…');
    await editor.pickItem('Jira Token', 'Kantega SSO instance');
    await editor.pickItem(/^spare$/, 'API tokens on Jira Token');
    const prompt = 'Renew API Token "spare" on Jira Token';
    await editor.quickInput().filter({ hasText: prompt }).waitFor({ timeout: uiTimeout });
    assert.match(await editor.quickInput().innerText(), /the server renews a token only when given the token itself/);

    await editor.answerInput('', prompt);
    await editor
      .quickInput()
      .filter({ hasText: 'Left empty, the server would renew the token this instance signs in with' })
      .waitFor({ timeout: uiTimeout });
    await editor.screenshot('renew-empty-refused');
    assert.equal(await editor.quickInput().filter({ hasText: prompt }).count(), 1, 'the input stays open');
    await editor.page.keyboard.press('Escape');
    await editor.quickInput().waitFor({ state: 'hidden', timeout: uiTimeout });

    assert.deepEqual(jira.requests.slice(from).filter(isRenewal), [], 'no renewal was sent');
    assert.equal(serverToken(jira, signIn.id).expiresAt, signInExpiry, 'the sign-in token is unchanged');
  });

  it("Renew with another token's secret: names the token renewed instead; the one picked is unchanged", async () => {
    await editor.dismissNotifications();
    const pickedExpiry = serverToken(jira, spare.id).expiresAt;
    await editor.runCommand('Kantega SSO: Renew API Token…');
    await editor.pickItem('Jira Token', 'Kantega SSO instance');
    await editor.pickItem(/^spare$/, 'API tokens on Jira Token');
    await editor.answerInput(signIn.secret, 'Renew API Token "spare" on Jira Token');
    await editor.expectNotification(
      new RegExp(
        'Could not renew the API token "spare": the pasted token is another one: ' +
          `"e2e sign-in" \\(id ${signIn.id}\\) was renewed instead \\(expires in 30 days\\)\\. ` +
          `"spare" \\(id ${spare.id}\\) was not renewed\\.`,
      ),
    );
    await editor.page.waitForTimeout(500);
    await editor.screenshot('renew-other-token-named');
    assert.equal(serverToken(jira, spare.id).expiresAt, pickedExpiry, 'the token picked was not renewed');
    const log = await editor.extensionLog();
    assert.ok(!log.includes(signIn.secret), 'the pasted secret is not logged');
  });

  it('Renew of the sign-in token with an empty input: that token renewed, the message gives its expiry', async () => {
    await editor.dismissNotifications();
    const token = serverToken(jira, signIn.id);
    token.expiresAt = Date.now() + 2 * DAY_MS;
    const from = jira.requests.length;
    await editor.runCommand('Kantega SSO: Renew API Token…');
    await editor.pickItem('Jira Token', 'Kantega SSO instance');
    await editor.pickItem(/^e2e sign-in$/, 'API tokens on Jira Token');
    const prompt = 'Renew API Token "e2e sign-in" on Jira Token';
    await editor.quickInput().filter({ hasText: prompt }).waitFor({ timeout: uiTimeout });
    assert.match(await editor.quickInput().innerText(), /leave empty: this instance signs in with this token/);
    await editor.answerInput('', prompt);
    await editor.expectNotification('API token "e2e sign-in" renewed: expires in 30 days.');

    const renewals = jira.requests.slice(from).filter(isRenewal);
    assert.equal(renewals.length, 1);
    assert.equal(renewals[0].body, undefined, 'the empty body: the token signing in');
    assert.equal(renewals[0].signedInAs?.tokenId, signIn.id, 'signed with the sign-in token');
    const expiresAt = serverToken(jira, signIn.id).expiresAt;
    assert.ok(expiresAt && expiresAt > Date.now() + 29 * DAY_MS, 'renewed for its 30 days');
  });

  /** Runs Edit Instance on Jira Moving with the secret step left empty, up to the question. */
  async function editMovingKeepingSecret(baseUrl: string, username: string): Promise<void> {
    await editor.dismissNotifications();
    await editor.runCommand('Kantega SSO: Edit Instance…');
    await editor.pickItem('Jira Moving', 'Kantega SSO instance');
    await editor.answerInput('Jira Moving', '(1/6)');
    await editor.answerInput(baseUrl, '(2/6)');
    await editor.answerInput(username, '(3/6)');
    await editor.pickItem('Password', '(4/6)');
    await editor.answerInput('', '(5/6)');
    await editor.pickItem(/^test$/, '(6/6)');
  }

  it('Edit Instance to another host name of the same server asks first; Enter a New Secret sends nothing', async () => {
    const localhost = jira.baseUrl.replace('127.0.0.1', 'localhost');
    const host = new URL(localhost).origin;
    const toLocalhost = (request: RecordedRequest) => request.headers.host?.startsWith('localhost');
    await editMovingKeepingSecret(localhost, 'admin');
    const question = editor
      .dialog()
      .filter({ hasText: `Send the stored secret of admin at ${new URL(jira.baseUrl).origin} to admin at ${host}?` });
    await question.waitFor({ timeout: uiTimeout });
    assert.match(await editor.dialog().innerText(), /The secret step was left empty/);
    await editor
      .dialog()
      .getByRole('button', { name: `Send It to ${host}`, exact: true })
      .waitFor();
    await editor.screenshot('edit-to-another-host-asks');
    assert.deepEqual(jira.requests.filter(toLocalhost), [], 'nothing went to localhost');

    await editor.clickDialogButton('Enter a New Secret');
    await editor.quickInput().filter({ hasText: 'Edit Kantega SSO Instance (5/6)' }).waitFor({ timeout: uiTimeout });
    await editor.page.keyboard.press('Escape');
    await editor.quickInput().waitFor({ state: 'hidden', timeout: uiTimeout });
    assert.deepEqual(jira.requests.filter(toLocalhost), [], 'still nothing went to localhost');
    assert.equal((await savedEntry('Jira Moving'))?.baseUrl, jira.baseUrl, 'nothing saved');
  });

  it('Edit Instance to another user on the same server asks first; Cancel sends nothing, saves nothing', async () => {
    const from = jira.requests.length;
    await editMovingKeepingSecret(jira.baseUrl, 'john.doe');
    const origin = new URL(jira.baseUrl).origin;
    await editor
      .dialog()
      .filter({ hasText: `Send the stored secret of admin at ${origin} to john.doe at ${origin}?` })
      .waitFor({ timeout: uiTimeout });
    await editor.clickDialogButton('Cancel');
    await editor.dialog().waitFor({ state: 'hidden', timeout: uiTimeout });
    await editor.page.waitForTimeout(500);
    const asJohn = jira.requests
      .slice(from)
      .filter((request) => request.signedInAs?.username === 'john.doe' || request.authFailed);
    assert.deepEqual(asJohn, [], "admin's password was not tried as john.doe's");
    assert.equal((await savedEntry('Jira Moving'))?.username, 'admin', 'nothing saved');
  });

  it('Edit Instance to another server asks, sends nothing before yes; after yes tests, saves, online', async () => {
    const host = new URL(other.baseUrl).origin;
    await editMovingKeepingSecret(other.baseUrl, 'admin');
    await editor
      .dialog()
      .filter({ hasText: `Send the stored secret of admin at ${new URL(jira.baseUrl).origin} to admin at ${host}?` })
      .waitFor({ timeout: uiTimeout });
    await editor.page.waitForTimeout(500);
    assert.equal(other.requests.length, 0, 'the new server heard nothing before yes');

    await editor.clickDialogButton(`Send It to ${host}`);
    await editor.expectNotification(
      'Instance "Jira Moving" saved: Kantega SSO is reachable and the credential was accepted.',
    );
    const signedIn = other.requests.filter((request) => request.signedInAs);
    assert.ok(signedIn.length > 0, 'the test signed in on the new server');
    assert.ok(signedIn.every((request) => request.signedInAs?.username === 'admin'));
    assert.deepEqual(await savedEntry('Jira Moving'), { ...instanceEntry('Jira Moving', other) });

    // Saved with the secret bound to the new server: online, with no Allow… left to answer.
    await editor.treeItem('Jira Moving').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
    await editor.screenshot('edit-to-another-host-online');
    await editor.treeItem('Jira Token').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
  });
});
