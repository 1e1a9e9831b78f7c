// The string bundles against the code and the manifest: a `l10n.t` message missing from
// l10n/bundle.l10n.json would show in English in every language; an entry no longer used is work
// for translators; a translation that drops a `{0}` loses a name. `npm run l10n` rewrites the bundle.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkLocalization,
  compareBundles,
  extractBundle,
  manifestKeys,
  placeholders,
  unextractableCalls,
} from '../../scripts/l10n';

describe('localization', () => {
  it('the bundles, the translations and package.nls*.json match the code and the manifest', async () => {
    const problems = await checkLocalization();
    assert.deepEqual(problems, {}, 'run `npm run l10n` for the English bundle; translate what is missing');
  });

  it('every l10n.t message is one string literal, which the extractor finds', async () => {
    assert.deepEqual(await unextractableCalls(), [], 'split the message into sentences, each its own l10n.t call');
  });

  it('finds the editor’s vscode.l10n.t and the core’s @vscode/l10n t messages, and nothing else', async () => {
    const root = mkdtempSync(join(tmpdir(), 'l10n-'));
    try {
      mkdirSync(join(root, 'editor'));
      mkdirSync(join(root, 'core'));
      writeFileSync(
        join(root, 'editor', 'a.ts'),
        "import * as vscode from 'vscode';\nvscode.l10n.t('Editor {0}', x);\nconsole.log('not this');\n",
      );
      writeFileSync(join(root, 'core', 'b.ts'), "import * as l10n from '@vscode/l10n';\nl10n.t('Core words');\n");
      writeFileSync(join(root, 'editor', 'page.ts'), "export const title = (l10n: L) => l10n.t('Page title');\n");
      assert.deepEqual(await extractBundle(root), {
        'Core words': 'Core words',
        'Editor {0}': 'Editor {0}',
        'Page title': 'Page title',
      });
      writeFileSync(join(root, 'core', 'c.ts'), "import * as l10n from '@vscode/l10n';\nl10n.t('Two ' +\n 'parts');\n");
      assert.deepEqual(await unextractableCalls(root), [`${join(root, 'core', 'c.ts')}:2: l10n.t('Two ' +\n 'parts')`]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('names a missing message, an unused one and a translation that lost a placeholder', () => {
    const english = { 'Delete {0} on {1}?': 'Delete {0} on {1}?', Refresh: 'Refresh' };
    assert.deepEqual(compareBundles(english, { Refresh: 'Aktualisieren', Old: 'Alt' }), {
      missing: ['Delete {0} on {1}?'],
      unused: ['Old'],
      malformed: [],
    });
    assert.deepEqual(compareBundles(english, { 'Delete {0} on {1}?': '{0} löschen?', Refresh: ' ' }).malformed, [
      'Delete {0} on {1}?',
      'Refresh',
    ]);
    assert.deepEqual(placeholders('{1} and {0} and {name}'), ['0', '1', 'name']);
  });

  it('reads every %key% of the manifest, at any depth', () => {
    const manifest = { a: '%x%', b: [{ c: '%y.z%' }, 'plain', '50%'], d: { e: '%x%' } };
    assert.deepEqual(manifestKeys(manifest), ['x', 'y.z']);
  });
});
