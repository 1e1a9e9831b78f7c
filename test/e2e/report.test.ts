// The token report in a real VS Code: the tokens of several instances in one table, the instance
// that is down named with its reason and a Retry, sorting, the filter box, a quick filter, Delete
// after the usual confirmation, and Export of exactly the rows the filter shows to a CSV that a
// spreadsheet reads safely and that holds no secret.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { adminInstance, launchEditor, uiTimeout, type Editor } from './harness';
import { startSimulator, type Simulator } from '../simulator/index';

const PASSWORD = 'e2e-Report-Admin-83';
const admin = [
  { username: 'admin', password: PASSWORD, sysadmin: true },
  { username: 'john.doe', password: 'e2e-Report-John-21', sysadmin: false },
];
const HOSTILE_NAME = '=HYPERLINK("http://x")';
const DAY = 86_400_000;

describe('The token report in a real VS Code', () => {
  let jira: Simulator;
  let confluence: Simulator;
  let bitbucket: Simulator;
  let editor: Editor;
  let folder: string;
  let frame: Frame;
  let renewable: string;
  let revived: Simulator | undefined;

  before(async () => {
    [jira, confluence, bitbucket] = await Promise.all([
      startSimulator({ users: admin }),
      startSimulator({ users: admin, version: '5.7.0', contextPath: '/confluence', applicationName: 'Confluence' }),
      startSimulator({ users: admin, contextPath: '/bitbucket', applicationName: 'Bitbucket' }),
    ]);
    jira.issueToken('admin', { name: HOSTILE_NAME, description: '+cmd|calc', validForDays: 5 });
    // Issued 20 days ago for 25 days: 5 days left, and 25 again once renewed.
    renewable = jira.issueToken('admin', {
      name: 'Renew me',
      validForDays: 25,
      createdAt: Date.now() - 20 * DAY,
    }).secret;
    folder = await mkdtemp(path.join(tmpdir(), 'kantega-report-'));
    editor = await launchEditor({
      name: 'report',
      workspaceFolder: folder,
      settings: {
        // code-server's save dialog is VS Code's own: a quick input taking a path.
        'files.simpleDialog.enable': true,
        'kantegaSso.instances': [
          adminInstance('Jira Prod', jira, 'production'),
          adminInstance('Confluence Staging', confluence, 'staging'),
          adminInstance('Bitbucket Test', bitbucket, 'test'),
        ],
      },
    });
    await editor.openKantegaView();
    for (const name of ['Jira Prod', 'Confluence Staging', 'Bitbucket Test'])
      await editor.setCredential(name, PASSWORD);
    // Bitbucket goes down: its port closes, so listing its tokens is refused.
    await bitbucket.close();
    await editor.dismissNotifications();
  });

  after(async () => {
    await editor?.close();
    await Promise.all([jira?.close(), confluence?.close(), revived?.close()]);
  });

  const rowNames = () => frame.locator('#rows tr td.name').allInnerTexts();
  const rowsOf = (instance: string) =>
    frame.locator('#rows tr').filter({ has: frame.locator('td.instance', { hasText: instance }) });
  async function waitForRowCount(count: number): Promise<void> {
    const deadline = Date.now() + uiTimeout;
    while ((await frame.locator('#rows tr').count()) !== count) {
      if (Date.now() > deadline)
        throw new Error(`expected ${count} rows, saw ${await frame.locator('#rows tr').count()}`);
      await editor.page.waitForTimeout(100);
    }
  }

  it('lists the tokens of every instance and names the one that could not be listed', async () => {
    await editor.runCommand('Kantega SSO: Show Token Report');
    frame = await editor.webviewFrame('#rows tr', 'Old build server');
    // Jira: admin's and john.doe's seeded tokens and the hostile one; Confluence (API 2.0): its four.
    await waitForRowCount(10);
    assert.equal(await rowsOf('Jira Prod').count(), 6);
    assert.equal(await rowsOf('Confluence Staging').count(), 4);
    const problem = frame.locator('#problem-list li', { hasText: 'Bitbucket Test' });
    await problem.waitFor({ timeout: uiTimeout });
    assert.match(await problem.innerText(), /refused|connect/i, 'the reason is named');
    assert.equal(await problem.getByRole('button', { name: 'Retry listing the tokens of Bitbucket Test' }).count(), 1);
    assert.ok(await frame.locator('#problems').isVisible());

    // The hostile name is text, not markup; API 2.0's description is unknown; production stands out.
    assert.ok((await rowNames()).includes(HOSTILE_NAME));
    const confluenceRow = rowsOf('Confluence Staging').first();
    assert.equal(await confluenceRow.locator('td.description').innerText(), 'unknown');
    assert.equal(await rowsOf('Jira Prod').first().locator('.environment-production').count(), 1);
    // The README's picture: the report with the room it gets when the side bar is closed.
    await editor.runCommand('View: Close Primary Side Bar');
    // Saved as test-results/e2e/report-report.png; the README's copy is media/screenshots/token-report.png.
    await editor.screenshot('report');
  });

  it('sorts by a column, both ways, from the header (mouse and keyboard)', async () => {
    const header = frame.locator('th[data-column="name"]');
    await header.locator('button').click();
    await frame.locator('th[data-column="name"][aria-sort="ascending"]').waitFor({ timeout: uiTimeout });
    // In reading order: case and accents aside, numbers by value.
    const reading = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
    const lower = (names: string[]) => names.map((n) => n.toLowerCase());
    await editor.page.waitForTimeout(300);
    const ascending = await rowNames();
    assert.deepEqual(ascending, [...ascending].sort(reading.compare), `ascending: ${ascending.join(', ')}`);
    await header.locator('button').focus();
    await header.locator('button').press('Enter');
    await frame.locator('th[data-column="name"][aria-sort="descending"]').waitFor({ timeout: uiTimeout });
    await editor.page.waitForTimeout(300);
    const descending = await rowNames();
    assert.deepEqual(lower(descending), [...lower(ascending)].reverse(), 'Enter on the header sorts the other way');
  });

  it('narrows the rows by the filter box and by a quick filter', async () => {
    await frame.locator('#filter').fill('google');
    await waitForRowCount(2);
    assert.deepEqual(await rowNames(), ['Google drive service', 'Google drive service']);
    await frame.locator('#filter').fill('');
    await waitForRowCount(10);

    const never = frame.locator('button[data-quick="never"]');
    await never.click();
    await frame.locator('button[data-quick="never"][aria-pressed="true"]').waitFor({ timeout: uiTimeout });
    await waitForRowCount(2);
    assert.deepEqual(await frame.locator('#rows td.state').allInnerTexts(), ['never expires', 'never expires']);
    await never.click();
    await waitForRowCount(10);
  });

  it('deletes a row after the confirmation, and the row goes', async () => {
    const row = rowsOf('Jira Prod').filter({ has: frame.locator('td.name', { hasText: 'Old build server' }) });
    await row.getByRole('button', { name: 'Delete Old build server' }).click();
    const dialog = editor.dialog().filter({ hasText: 'Delete the API token "Old build server" of admin on Jira Prod' });
    await dialog.waitFor({ timeout: uiTimeout });
    assert.ok(
      jira.state.tokens.some((t) => t.name === 'Old build server'),
      'nothing is deleted before confirming',
    );
    await editor.clickDialogButton('Delete');
    await editor.expectNotification('API token "Old build server" deleted from Jira Prod.');
    await waitForRowCount(9);
    assert.equal(await row.count(), 0, 'the row is gone');
    assert.equal(await rowsOf('Confluence Staging').filter({ hasText: 'Old build server' }).count(), 1);
    assert.ok(!jira.state.tokens.some((t) => t.name === 'Old build server'));
  });

  it("offers Rotate… on own tokens' rows only, and it asks about the token of that row", async () => {
    const row = rowsOf('Jira Prod').filter({ has: frame.locator('td.name', { hasText: 'Renew me' }) });
    const creates = () =>
      jira.requests.filter((request) => request.method === 'POST' && /user\/tokens/.test(request.path));
    const before = creates().length;
    await row.getByRole('button', { name: 'Rotate Renew me: a new token in its place' }).click();
    // The command looked the token up again: its question names it, with its 25-day period as the old one's.
    const pick = editor.quickInput().filter({ hasText: 'Rotate API Token "Renew me" on Jira Prod (PRODUCTION)' });
    await pick.waitFor({ timeout: uiTimeout });
    await editor
      .quickPickItem(/^25 days/)
      .filter({ hasText: 'as the old token' })
      .waitFor({ timeout: uiTimeout });
    await editor.page.keyboard.press('Escape');
    await pick.waitFor({ state: 'hidden', timeout: uiTimeout });
    assert.equal(creates().length, before, 'dismissed before anything was created');
    const other = rowsOf('Jira Prod')
      .filter({ has: frame.locator('td.owner', { hasText: 'john.doe' }) })
      .first();
    assert.equal(await other.getByRole('button', { name: /^Rotate / }).count(), 0, "no Rotate on another user's token");
  });

  it('renews an own token from its row, and the row shows the new expiry', async () => {
    const row = rowsOf('Jira Prod').filter({ has: frame.locator('td.name', { hasText: 'Renew me' }) });
    assert.equal(await row.locator('td.number').innerText(), '5');
    await row.getByRole('button', { name: 'Renew Renew me' }).click();
    await editor.answerInput(renewable, 'Renew API Token "Renew me" on Jira Prod');
    await editor.expectNotification('API token "Renew me" renewed: expires in 25 days.');
    await row.locator('td.number', { hasText: '25' }).waitFor({ timeout: uiTimeout });
    assert.equal(await row.locator('td.state').innerText(), 'valid');
    const other = rowsOf('Jira Prod')
      .filter({ has: frame.locator('td.owner', { hasText: 'john.doe' }) })
      .first();
    assert.equal(await other.getByRole('button', { name: /^Renew / }).count(), 0, "no Renew on another user's token");
  });

  it("opens a row's details and copies its id", async () => {
    const row = rowsOf('Jira Prod').filter({ has: frame.locator('td.name', { hasText: 'non-expiring' }) });
    await row.getByRole('button', { name: 'Copy the ID of non-expiring' }).click();
    await frame
      .locator('#status', { hasText: 'Token ID 130 copied to the clipboard.' })
      .waitFor({ timeout: uiTimeout });
    assert.equal(await editor.readClipboard(), '130');
    await row.getByRole('button', { name: 'Details of non-expiring' }).click();
    const details = await editor.webviewFrame('#token-name', 'non-expiring');
    assert.equal(await details.locator('#token-instance').innerText(), 'Jira Prod');
    assert.equal(await details.locator('#token-id').innerText(), '130');
    // Back to the report: one panel, revealed by the command rather than opened twice.
    await editor.runCommand('Kantega SSO: Show Token Report');
    frame = await editor.webviewFrame('#rows tr', 'non-expiring');
    assert.equal(await editor.page.locator('.tab', { hasText: 'API tokens across instances' }).count(), 1);
  });

  it('exports exactly the rows the filter shows to a CSV without secrets, formulas neutralised', async () => {
    await editor.dismissNotifications();
    await frame.locator('#filter').fill('jira prod');
    await waitForRowCount(5);
    const shown = await rowNames();
    await frame.locator('#export').click();
    await editor.pickItem('CSV', 'Export 5 API Tokens');
    // The save dialog offers the workspace folder and a dated name; Enter accepts it.
    const today = new Date();
    const date = [today.getFullYear(), today.getMonth() + 1, today.getDate()]
      .map((n) => String(n).padStart(2, '0'))
      .join('-');
    const file = path.join(folder, `kantega-sso-tokens-${date}.csv`);
    const input = editor.quickInput().locator('input.input');
    await input.waitFor({ state: 'visible', timeout: uiTimeout });
    const deadline = Date.now() + uiTimeout;
    while (!(await input.inputValue()).endsWith(path.basename(file)) && Date.now() < deadline) {
      await editor.page.waitForTimeout(100);
    }
    assert.equal(await input.inputValue(), file);
    await input.press('Enter');
    await editor.expectNotification(`Exported 5 tokens to ${file}`);
    const bytes = await readFile(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 byte-order mark');
    const csv = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(
      lines[0],
      'instance,environment,owner,id,name,description,descriptionUnknown,created,expires,neverExpires,daysLeft,state',
    );
    assert.equal(lines.length, 6, 'a header and the five rows shown');
    for (const name of shown) {
      const cell = name.startsWith('=') ? `"'${name.replace(/"/g, '""')}"` : name;
      assert.ok(
        lines.some((line) => line.includes(`,${cell},`)),
        `${name} is exported`,
      );
    }
    assert.ok(csv.includes(`"'=HYPERLINK(""http://x"")"`), 'the formula-looking name is neutralised');
    assert.ok(csv.includes(`'+cmd|calc`), 'the formula-looking description is neutralised');
    assert.doesNotMatch(csv, /,=|^=/m);
    assert.ok(lines.slice(1).every((line) => line.startsWith('Jira Prod,production,')));
    for (const secret of [
      PASSWORD,
      ...jira.state.tokens.map((t) => t.secret),
      ...confluence.state.tokens.map((t) => t.secret),
    ])
      assert.ok(!csv.includes(secret), 'no secret or password in the export');
  });
  it("exports every instance's tokens from the palette as JSON, naming the one it could not list", async () => {
    await editor.dismissNotifications();
    await editor.runCommand('Kantega SSO: Export Tokens…');
    await editor.pickItem('JSON', 'Export 9 API Tokens');
    const input = editor.quickInput().locator('input.input');
    await input.waitFor({ state: 'visible', timeout: uiTimeout });
    const deadline = Date.now() + uiTimeout;
    while (!(await input.inputValue()).endsWith('.json') && Date.now() < deadline)
      await editor.page.waitForTimeout(100);
    const file = await input.inputValue();
    assert.equal(path.dirname(file), folder);
    await input.press('Enter');
    await editor.expectNotification(`Exported 9 tokens to ${file}. Could not list: Bitbucket Test (`);
    const records = JSON.parse(await readFile(file, 'utf8')) as Array<Record<string, unknown>>;
    assert.equal(records.length, 9);
    assert.deepEqual(new Set(records.map((r) => r.instance)), new Set(['Jira Prod', 'Confluence Staging']));
    const hostile = records.find((r) => r.name === HOSTILE_NAME);
    assert.equal(hostile?.description, '+cmd|calc', 'JSON keeps the text as it is: it is no spreadsheet');
    const unknown = records.find((r) => r.instance === 'Confluence Staging');
    assert.deepEqual([unknown?.description, unknown?.descriptionUnknown], [null, true]);
    const text = JSON.stringify(records);
    for (const secret of [PASSWORD, renewable, ...jira.state.tokens.map((t) => t.secret)])
      assert.ok(!text.includes(secret), 'no secret or password in the export');
  });
  it('lists the instance that was down once it answers, with Retry', async () => {
    const port = Number(new URL(bitbucket.baseUrl).port);
    revived = await startSimulator({ users: admin, contextPath: '/bitbucket', applicationName: 'Bitbucket', port });
    await frame.locator('#filter').fill('');
    await frame.getByRole('button', { name: 'Retry listing the tokens of Bitbucket Test' }).click();
    await frame.locator('#problems').waitFor({ state: 'hidden', timeout: uiTimeout });
    await rowsOf('Bitbucket Test').first().waitFor({ timeout: uiTimeout });
    assert.equal(await rowsOf('Bitbucket Test').count(), 4);
    await waitForRowCount(13);
  });

  it('follows a change made outside it: a token deleted from the palette leaves the open report', async () => {
    await editor.dismissNotifications();
    await editor.runCommand('Kantega SSO: Delete API Token');
    await editor.pickItem('Confluence Staging', 'Kantega SSO instance');
    await editor.pickItem(/^Google drive service$/, 'API tokens on Confluence Staging');
    await editor
      .dialog()
      .filter({ hasText: 'Delete the API token "Google drive service"' })
      .waitFor({ timeout: uiTimeout });
    await editor.clickDialogButton('Delete');
    await editor.expectNotification('API token "Google drive service" deleted from Confluence Staging.');
    await waitForRowCount(12);
    const gone = rowsOf('Confluence Staging').filter({ has: frame.locator('td.name', { hasText: 'Google drive' }) });
    assert.equal(await gone.count(), 0, 'the row is gone without pressing Refresh');
    assert.equal(await rowsOf('Jira Prod').filter({ hasText: 'Google drive service' }).count(), 1);
  });
});

describe('The token report on a Jira with 50,000 tokens in a real VS Code', () => {
  let sim: Simulator;
  let editor: Editor;

  before(async () => {
    sim = await startSimulator({
      users: [{ username: 'admin', password: PASSWORD, sysadmin: true }],
      seedVolume: { users: 5_000, tokens: 50_000 },
    });
    editor = await launchEditor({
      name: 'report-scale',
      settings: {
        'kantegaSso.instances': [adminInstance('Jira Big', sim, 'production')],
      },
    });
    await editor.openKantegaView();
    await editor.setCredential('Jira Big', PASSWORD);
    await editor.dismissNotifications();
  });

  after(async () => {
    await editor?.close();
    await sim?.close();
  });

  it('opens with one page of 200 rows, pages, and filters all of them (figures in the log)', async () => {
    const total = sim.state.tokens.length;
    const all = total.toLocaleString('en');
    let started = Date.now();
    await editor.runCommand('Kantega SSO: Show Token Report');
    const frame = await editor.webviewFrame('#page-info', `(${all} tokens in all)`, 60_000);
    const opened = Date.now() - started;
    assert.equal(await frame.locator('#rows tr').count(), 200, 'one page is drawn, not 50,000 rows');
    assert.equal(await frame.locator('#page-info').innerText(), `1–200 of ${all} matching (${all} tokens in all)`);

    started = Date.now();
    await frame.locator('#next-page').click();
    await frame.locator('#page-info', { hasText: `201–400 of ${all}` }).waitFor({ timeout: uiTimeout });
    const paged = Date.now() - started;

    // A name only one token has: typed as a person types, the answer comes after the last key.
    const target = sim.state.tokens[31_337];
    started = Date.now();
    await frame.locator('#filter').pressSequentially(String(target.name), { delay: 20 });
    const typed = Date.now() - started;
    await frame.locator('#rows tr td.name', { hasText: target.name }).first().waitFor({ timeout: uiTimeout });
    const filtered = Date.now() - started - typed;
    const matching = await frame.locator('#rows tr').count();
    assert.ok(matching >= 1 && matching < 200, `${matching} rows match ${target.name}`);
    assert.match(await frame.locator('#page-info').innerText(), /^1–\d+ of \d+ matching/);
    await editor.screenshot('filtered');
    console.log(
      `report of ${all} tokens: opened in ${opened} ms (listing included), next page in ${paged} ms, ` +
        `filter answered ${filtered} ms after the last key (${matching} rows)`,
    );
  });
});
