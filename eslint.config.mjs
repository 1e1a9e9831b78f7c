import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Our own words with nothing filled in: vscode.l10n.t('...') with no arguments, or a string literal. */
const CONSTANT_TEXT = "CallExpression[callee.property.name='t'][arguments.length=1], Literal";

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
      // Prettier formats; it cannot split long strings, so this keeps those within its width too.
      'max-len': ['error', { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    // Type-aware rules: an unhandled promise in the extension host is an error nobody sees.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/it return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // The core must stay free of the editor: it is tested and reused without VS Code.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'src/core must not depend on vscode.' }] },
      ],
    },
  },
  {
    // Notifications render [text](command:...) as a link that runs the command: every message goes
    // through inertMessage (src/editor/ui.ts), so that server text in it, now or later, stays text.
    files: ['src/editor/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^show(Information|Warning|Error)Message$/] > ' +
            `:not(CallExpression[callee.name='inertMessage'], ${CONSTANT_TEXT}).arguments:first-child`,
          message: 'Pass the message through inertMessage(): notifications turn [text](command:...) into links.',
        },
        {
          selector:
            'CallExpression[callee.property.name=/^show(InputBox|QuickPick)$/] ' +
            'Property[key.name=/^(prompt|placeHolder|title)$/] > ' +
            `:not(CallExpression[callee.name='inertMessage'], ${CONSTANT_TEXT}).value`,
          message: 'Pass the text through inertMessage(): quick inputs turn [text](command:...) into links.',
        },
      ],
    },
  },
  {
    files: ['media/**/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', acquireVsCodeApi: 'readonly' } },
  },
);
