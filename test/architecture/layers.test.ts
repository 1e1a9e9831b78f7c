// The layer rules of eslint.config.mjs, shown failing: each wrong import below is refused with its
// reason, and the right ones beside it pass. A rule that cannot fail is not a rule.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint();

/**
 * The layer messages ESLint gives `file` (an existing file of the folder, so that the type-aware
 * parser knows it) if it held nothing but an import of `spec`.
 */
async function layerProblems(file: string, spec: string): Promise<string[]> {
  const code = `import * as imported from '${spec}';\nexport const used = imported;\n`;
  const [result] = await eslint.lintText(code, { filePath: file });
  const fatal = result.messages.filter((m) => m.fatal);
  assert.deepEqual(fatal, [], 'the probe parses');
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const refused: Array<[file: string, spec: string, reason: RegExp]> = [
  ['src/core/api/clockSkew.ts', 'vscode', /no vscode/],
  ['src/core/fleet/runOnePerKey.ts', '../../editor/services', /never import the editor/],
  ['src/core/text/format.ts', '../../webview/tokenReportMessages', /never imports the webview/],
  ['src/core/json.ts', './transport/http', /root of src\/core uses no core folder/],
  ['src/core/text/format.ts', '../api/decode', /Text comes before/],
  ['src/core/transport/proxy.ts', '../api/client', /transport knows nothing of API/],
  ['src/core/api/clockSkew.ts', '../fleet/tokenReport', /serves the fleet logic/],
  ['src/editor/commands/view.ts', '../../core/transport/http', /through the API client or core\/transport/],
  ['src/editor/ui.ts', '../webview/tokenReportPage', /only through its \*Messages module/],
  ['src/editor/tree/paging.ts', '../../extension', /Nothing imports the entry point/],
  ['src/editor/state/runningChanges.ts', '../tree/treeIds', /state is drawn by views/],
  ['src/editor/state/runningChanges.ts', '../failures', /uses no command-level module/],
  ['src/editor/webviews/tokenReport/tokenReportHtml.ts', '../../commands/tokens', /never import one/],
  ['src/editor/input/multiStepInput.ts', '../commands/targets', /never import one/],
  ['src/webview/tokenDetailsPage.ts', '../editor/ui', /never import the editor/],
  ['src/webview/tokenDetailsPage.ts', '../core/api/client', /plain core text and models only/],
];

const allowed: Array<[file: string, spec: string]> = [
  ['src/editor/ui.ts', '../core/transport'],
  ['src/editor/webviews/tokenReport/tokenReportHtml.ts', '../../../webview/tokenReportMessages'],
  ['src/editor/commands/view.ts', '../../core/api/client'],
  ['src/core/api/clockSkew.ts', '../transport/http'],
  // The core words its messages through Microsoft's runtime for code that cannot import vscode.
  ['src/core/text/format.ts', '@vscode/l10n'],
  ['src/core/fleet/runOnePerKey.ts', '@vscode/l10n'],
  ['src/core/fleet/runOnePerKey.ts', '../api/tokenList'],
  ['src/webview/tokenDetailsPage.ts', '../core/fleet/tokenReport'],
  ['src/editor/commands/view.ts', '../state/instanceData'],
];

describe('layer rules (eslint.config.mjs)', () => {
  for (const [file, spec, reason] of refused) {
    it(`refuses ${spec} in ${file}`, async () => {
      const problems = await layerProblems(file, spec);
      assert.ok(
        problems.some((message) => reason.test(message)),
        `expected ${reason}, got ${JSON.stringify(problems)}`,
      );
    });
  }
  for (const [file, spec] of allowed) {
    it(`allows ${spec} in ${file}`, async () => {
      assert.deepEqual(await layerProblems(file, spec), []);
    });
  }
});
