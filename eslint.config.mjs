import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Our own words with nothing filled in: vscode.l10n.t('...') with no arguments, or a string literal. */
const CONSTANT_TEXT = "CallExpression[callee.property.name='t'][arguments.length=1], Literal";

/** An import that reaches up into `folders`: `../transport/http`, `../../commands/x`. */
const UP = (folders, prefix = '(\\.\\./)+', end = '(/|$)') => `^${prefix}(${folders})${end}`;

const PLAIN = [
  ['(^|/)editor/', 'The core and the webview pages never import the editor.'],
  ['^vscode$', 'The core and the webview pages are plain TypeScript: no vscode.'],
];
const CORE = [...PLAIN, ['(^|/)webview/', 'The core never imports the webview pages or their messages.']];
const EDITOR = [
  ['(^|/)core/transport/', 'The editor uses the transport through the API client or core/transport (its entry).'],
  ['(^|/)webview/(?!\\w+Messages$)', 'The editor uses a webview page only through its *Messages module.'],
  ['(^|/)extension$', 'Nothing imports the entry point.'],
];

/** One layer: the files, and each import they must not make with the reason shown when one does. */
function layer(files, banned) {
  return {
    files: [files],
    rules: {
      'no-restricted-imports': ['error', { patterns: banned.map(([regex, message]) => ({ regex, message })) }],
    },
  };
}

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
  // The layers, held here rather than by memory. Arrows point one way: core <- editor, core <- webview
  // pages; inside the core, the shared vocabulary (root) <- text <- transport <- api <- fleet; inside
  // the editor, basics (ui, settings, cancellation) <- state <- tree, input, webviews, background <- commands.
  // The editor reaches the transport only through its entry point (core/transport/index.ts) and the
  // API client, and the webview pages only through their message modules.
  layer('src/core/**/*.ts', CORE),
  layer('src/core/*.ts', [
    ...CORE,
    [UP('transport|api|fleet|text', '\\./'), 'The root of src/core uses no core folder.'],
  ]),
  layer('src/core/text/**/*.ts', [...CORE, [UP('transport|api|fleet'), 'Text comes before transport, API, fleet.']]),
  layer('src/core/transport/**/*.ts', [...CORE, [UP('api|fleet'), 'The transport knows nothing of API or fleet.']]),
  layer('src/core/api/**/*.ts', [...CORE, [UP('fleet'), 'The API client serves the fleet logic, not the other way.']]),
  layer('src/editor/**/*.ts', EDITOR),
  layer('src/editor/state/**/*.ts', [
    ...EDITOR,
    [UP('tree|input|webviews|commands|background'), "The editor's state is drawn by views and changed by commands."],
    [UP('failures|services', '(\\.\\./)+', '$'), "The editor's state uses no command-level module."],
  ]),
  layer('src/editor/{tree,input,webviews}/**/*.ts', [
    ...EDITOR,
    [UP('commands'), 'Views and inputs run a command through vscode.commands.executeCommand, never import one.'],
  ]),
  layer('src/webview/**/*.ts', [
    ...PLAIN,
    ['(^|/)core/(transport|api)(/|$)', 'A webview page runs in the browser: plain core text and models only.'],
  ]),
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
