// Bundles the extension into CommonJS; `vscode` is provided by the editor at run time. Two
// outputs: dist/extension.js, loaded on activation, and dist/http.js holding undici and what to
// trust (the OS certificate store's reader), which src/core/transport/undiciLoader.ts requires on
// the first request (activation does not pay for it).
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = !watch && !process.argv.includes('--dev');

/** In the extension bundle, `require('./undiciBundle')` becomes `require('./http.js')`, the second bundle. */
const lazyUndici = {
  name: 'lazy-undici',
  setup(build) {
    build.onResolve({ filter: /undiciBundle$/ }, (args) =>
      args.kind === 'entry-point' ? undefined : { path: './http.js', external: true },
    );
  },
};

/**
 * Every `import * as vscode` would copy the whole API object into a namespace of its own (about
 * 200 properties, twenty-odd times, on activation): all of them share one re-export instead.
 */
const oneVscodeNamespace = {
  name: 'one-vscode-namespace',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-shim'
        ? { path: 'vscode', external: true }
        : { path: 'vscode', namespace: 'vscode-shim' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-shim' }, () => ({
      contents: "export * from 'vscode';",
      loader: 'js',
    }));
  },
};

/** @type {esbuild.BuildOptions} */
const options = {
  entryPoints: { extension: 'src/extension.ts', http: 'src/core/transport/undiciBundle.ts' },
  bundle: true,
  outdir: 'dist',
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  plugins: [lazyUndici, oneVscodeNamespace],
  minify: production,
  sourcemap: production ? 'external' : 'inline',
  metafile: true,
  logLevel: 'info',
};

/** The webview pages' scripts, for the browser inside the webview (no Node, no `vscode`). */
/** @type {esbuild.BuildOptions} */
const webviewOptions = {
  entryPoints: {
    tokenDetails: 'src/webview/tokenDetailsPage.ts',
    tokenReport: 'src/webview/tokenReportPage.ts',
    inventory: 'src/webview/inventoryPage.ts',
  },
  bundle: true,
  outdir: 'dist/webview',
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: production,
  sourcemap: production ? false : 'inline',
  logLevel: 'info',
};

if (watch) {
  const contexts = await Promise.all([esbuild.context(options), esbuild.context(webviewOptions)]);
  await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
  await esbuild.build(webviewOptions);
  const result = await esbuild.build(options);
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.js')) console.log(`${file}: ${(output.bytes / 1024).toFixed(1)} KiB (source map not counted)`);
  }
  if (JSON.stringify(result.metafile.outputs['dist/extension.js'].inputs).includes('node_modules/undici')) {
    console.error('dist/extension.js must not contain undici: it is loaded lazily from dist/http.js');
    process.exitCode = 1;
  }
}
