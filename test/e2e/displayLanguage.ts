// A display language for the real editor. VS Code follows `--locale de` only when a language pack
// for German is installed: without one the workbench loads English, and so does everything it hands
// the extension (`vscode.env.language` stays `en`, so neither package.nls.de.json nor
// l10n/bundle.l10n.de.json is read). The Marketplace's packs are out of reach here, so this builds the
// smallest pack there is: it declares the language and translates nothing of VS Code itself. The
// workbench's own words stay English (the harness's workbench commands keep working); the
// extension's translations are what the tests look at.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { installExtension, repoRoot } from '../../scripts/codeServer';

const execFileAsync = promisify(execFile);
const PUBLISHER = 'kantega-sso-tests';
const VERSION = '0.0.1';

/** Packages a language pack for `locale` (e.g. `de`) in `workDir` and installs it as a person would. */
export async function installLanguagePack(
  locale: string,
  workDir: string,
  userDataDir: string,
  extensionsDir: string,
): Promise<void> {
  const name = `e2e-language-pack-${locale.toLowerCase()}`;
  const source = path.join(workDir, name);
  await mkdir(path.join(source, 'translations'), { recursive: true });
  const manifest = {
    name,
    publisher: PUBLISHER,
    version: VERSION,
    description: `Display language ${locale} for the real-editor tests, with no translations of VS Code itself.`,
    engines: { vscode: '^1.100.0' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [
        {
          languageId: locale,
          languageName: locale,
          translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
        },
      ],
    },
  };
  await writeFile(path.join(source, 'package.json'), JSON.stringify(manifest, null, 2));
  await writeFile(path.join(source, 'translations', 'main.i18n.json'), JSON.stringify({ contents: {} }));
  const vsix = path.join(workDir, `${name}.vsix`);
  const vsce = path.join(repoRoot, 'node_modules', '.bin', 'vsce');
  const packageArgs = ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix];
  await execFileAsync(vsce, packageArgs, { cwd: source, timeout: 60_000 });
  await installExtension(vsix, userDataDir, extensionsDir);
  await registerLanguagePack(`${PUBLISHER}.${name}`, locale, userDataDir, extensionsDir);
}

/**
 * Writes the entry VS Code adds to `<user data>/languagepacks.json` when a language pack is installed
 * from its Extensions view. Its command line installs the extension but leaves this file alone (the
 * language pack service is not started there: microsoft/vscode#237663, coder/code-server#3372), and
 * without the entry `--locale` falls back to English.
 */
async function registerLanguagePack(
  id: string,
  locale: string,
  userDataDir: string,
  extensionsDir: string,
): Promise<void> {
  const installed = JSON.parse(await readFile(path.join(extensionsDir, 'extensions.json'), 'utf8')) as Array<{
    identifier: { id: string };
    location: { path: string };
  }>;
  const pack = installed.find((extension) => extension.identifier.id === id);
  if (!pack) throw new Error(`The language pack ${id} is not in ${extensionsDir}/extensions.json`);
  const entry = {
    // As VS Code computes it: it names the folder where the workbench's messages are cached.
    hash: createHash('md5').update(id).update(VERSION).digest('hex'),
    extensions: [{ extensionIdentifier: { id }, version: VERSION }],
    translations: { vscode: path.join(pack.location.path, 'translations', 'main.i18n.json') },
    label: locale,
  };
  await writeFile(path.join(userDataDir, 'languagepacks.json'), JSON.stringify({ [locale]: entry }));
}
