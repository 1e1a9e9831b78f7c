// Trusting what the editor trusts, in a real VS Code: an https instance whose internal CA is only
// in the operating system's certificate store is online without kantegaSso.caCertificates, and
// turning http.systemCertificates off makes its row say the TLS problem and why. The store is the
// one OpenSSL's SSL_CERT_FILE points at in code-server's environment (the extension host inherits it).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import { adminInstance, launchEditor, uiTimeout, type Editor } from './harness';
import { startSimulator, type Simulator } from '../simulator/index';

const ADMIN_PASSWORD = 'e2e-Admin-Secret-58';

/** Points code-server's environment (so the extension host's) at a store holding the simulator's CA. */
async function useStoreWith(sim: Simulator): Promise<() => Promise<void>> {
  const saved = { ...process.env };
  // The machine's store: public roots and the company's internal CA, as update-ca-certificates writes it.
  const dir = await mkdtemp(path.join(tmpdir(), 'ksso-e2e-store-'));
  const bundle = path.join(dir, 'ca-certificates.crt');
  await writeFile(bundle, `${rootCertificates.slice(0, 5).join('\n')}\n${sim.caCertificate}`);
  process.env.SSL_CERT_FILE = bundle;
  delete process.env.SSL_CERT_DIR;
  delete process.env.NODE_EXTRA_CA_CERTS;
  return async () => {
    process.env = saved;
    await rm(dir, { recursive: true, force: true });
  };
}

/** An https instance with an internal CA only in the store, and an editor whose instance is it. */
function withInternalInstance(name: string, settings: Record<string, unknown> = {}) {
  const context = {} as { sim: Simulator; editor: Editor };
  let restore: (() => Promise<void>) | undefined;
  before(async () => {
    context.sim = await startSimulator({
      tls: 'internalCa',
      users: [{ username: 'admin', password: ADMIN_PASSWORD, sysadmin: true }],
    });
    restore = await useStoreWith(context.sim);
    context.editor = await launchEditor({
      name,
      settings: { ...settings, 'kantegaSso.instances': [adminInstance('Jira Internal', context.sim, 'production')] },
    });
    await context.editor.openKantegaView();
  });
  after(async () => {
    await context.editor?.close();
    await restore?.();
    await context.sim?.close();
  });
  return context;
}

describe('The operating system certificate store in a real VS Code', () => {
  const context = withInternalInstance('certificates');

  it('is online through the OS store alone: kantegaSso.caCertificates is not set', async () => {
    assert.ok(context.sim.baseUrl.startsWith('https://'), context.sim.baseUrl);
    assert.equal((await context.editor.readUserSettings())['kantegaSso.caCertificates'], undefined);
    await context.editor.setCredential('Jira Internal', ADMIN_PASSWORD);
    await context.editor.treeItem('Jira Internal').filter({ hasText: 'online' }).waitFor({ timeout: uiTimeout });
    assert.match(await context.editor.treeItemDescription('Jira Internal'), /^PRODUCTION · online/);
    await context.editor.screenshot('online');
  });
});

describe('The same instance with http.systemCertificates off, in a real VS Code', () => {
  const context = withInternalInstance('certificates-off', { 'http.systemCertificates': false });

  it('says the CA is untrusted because the setting is off, on setting the credential and on the row', async () => {
    const words =
      'certificate is issued by an unknown certificate authority (an internal CA?). The setting ' +
      "http.systemCertificates is off, so the operating system's certificate store is not consulted. " +
      "To trust it, turn http.systemCertificates on if that CA's certificate is installed there, or add it " +
      'to the setting kantegaSso.caCertificates (a PEM file).';
    await context.editor.runCommand('Kantega SSO: Set Credential…');
    await context.editor.pickItem('Jira Internal', 'Kantega SSO instance');
    await context.editor.answerInput(ADMIN_PASSWORD, 'Set Credential for Jira Internal');
    await context.editor.expectNotification(
      `Jira Internal: Could not check Kantega SSO: ${new URL(context.sim.baseUrl).host}'s ${words}`,
    );
    const row = context.editor.treeItem('Jira Internal').filter({ hasText: 'unreachable' });
    await row.waitFor({ timeout: uiTimeout });
    await row.hover();
    const tooltip = context.editor.page.locator('.monaco-hover').filter({ hasText: 'http.systemCertificates' });
    await tooltip.waitFor({ timeout: uiTimeout });
    // The hover renders markdown text with non-breaking spaces.
    const said = (await tooltip.innerText()).replace(/\s+/g, ' ');
    assert.ok(said.includes(words), said);
    await context.editor.screenshot('unreachable');
  });
});
