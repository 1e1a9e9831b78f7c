// The string bundles: `npm run l10n` writes l10n/bundle.l10n.json from every `l10n.t(…)` call in
// src (the editor's `vscode.l10n.t` and the core's `@vscode/l10n` `t`), found by @vscode/l10n-dev,
// the tool VS Code's own extensions use. `checkLocalization` is what test/architecture/l10n.test.ts
// holds the repository to: the bundle matches the code, each translation matches the bundle, and
// package.nls*.json match the manifest's %key% references.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';
import ts from 'typescript';

export type Bundle = Record<string, string>;

const SOURCE_ROOT = 'src';
export const BUNDLE_PATH = 'l10n/bundle.l10n.json';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return extname(entry.name) === '.ts' ? [path] : [];
  });
}

/**
 * The extractor reads `l10n.t` calls only in a file that imports `vscode` or `@vscode/l10n`. The
 * webview renderers are plain modules handed a `Localizer` (the panel passes `vscode.l10n`, tests a
 * hostile one), so their file imports neither: it is shown to the extractor as if it did.
 */
function asExtractorSees(contents: string): string {
  const importsL10n = /from '(vscode|@vscode\/l10n)'/.test(contents);
  return importsL10n || !contents.includes('l10n.t(') ? contents : `import * as l10n from '@vscode/l10n';\n${contents}`;
}

/** Every message the sources pass to `l10n.t`, sorted, each mapped to itself (the English). */
export async function extractBundle(root: string = SOURCE_ROOT): Promise<Bundle> {
  const files = sourceFiles(root).map((path) => ({
    extension: '.ts',
    contents: asExtractorSees(readFileSync(path, 'utf8')),
  }));
  const found = await getL10nJson(files);
  const bundle: Bundle = {};
  for (const key of Object.keys(found).sort()) {
    const value = found[key];
    bundle[key] = typeof value === 'string' ? value : value.message;
  }
  return bundle;
}

/**
 * `l10n.t(…)` calls the extractor missed: a message that is not one string literal (`'a' + 'b'`, a
 * template with `${}`, a variable), or one in a file it does not read. It skips them without a word,
 * so they would stay English in every language. Each as `path:line: text`.
 */
export async function unextractableCalls(root: string = SOURCE_ROOT): Promise<string[]> {
  const extracted = await extractBundle(root);
  const found: string[] = [];
  for (const path of sourceFiles(root)) {
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (
        ts.isCallExpression(node) &&
        /(^|\.)l10n\.t$/.test(node.expression.getText(source)) &&
        !(isLiteralMessage(node.arguments[0]) && Object.hasOwn(extracted, literalMessage(node.arguments[0])))
      ) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push(`${path}:${line + 1}: ${node.getText(source).slice(0, 100)}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

function literalMessage(message: ts.Expression): string {
  if (ts.isStringLiteral(message) || ts.isNoSubstitutionTemplateLiteral(message)) return message.text;
  const property = ts.isObjectLiteralExpression(message)
    ? message.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === 'message')
    : undefined;
  return property && ts.isPropertyAssignment(property) && ts.isStringLiteralLike(property.initializer)
    ? property.initializer.text
    : '';
}

function isLiteralMessage(message: ts.Expression | undefined): message is ts.Expression {
  if (!message) return false;
  if (ts.isStringLiteral(message) || ts.isNoSubstitutionTemplateLiteral(message)) return true;
  // The object form: { message: '…', args, comment }.
  return (
    ts.isObjectLiteralExpression(message) &&
    message.properties.some(
      (p) =>
        ts.isPropertyAssignment(p) &&
        p.name.getText() === 'message' &&
        (ts.isStringLiteral(p.initializer) || ts.isNoSubstitutionTemplateLiteral(p.initializer)),
    )
  );
}

export function bundleText(bundle: Bundle): string {
  return JSON.stringify(bundle, null, 2) + '\n';
}

/** `{0}`, `{1}`… and named `{name}` placeholders, sorted: a translation must keep exactly these. */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]).sort();
}

export interface BundleProblems {
  /** In the code (or the English), not in the file. */
  readonly missing: string[];
  /** In the file, not in the code (or the English). */
  readonly unused: string[];
  /** Translations whose placeholders differ from the English message's, or that are empty. */
  readonly malformed: string[];
}

/** How `actual` differs from `expected`, key by key; for a translation, also its placeholders. */
export function compareBundles(expected: Bundle, actual: Bundle): BundleProblems {
  const missing = Object.keys(expected).filter((key) => !Object.hasOwn(actual, key));
  const unused = Object.keys(actual).filter((key) => !Object.hasOwn(expected, key));
  const malformed = Object.keys(expected).filter((key) => {
    if (!Object.hasOwn(actual, key)) return false;
    const translated = actual[key];
    return (
      typeof translated !== 'string' ||
      translated.trim() === '' ||
      placeholders(translated).join() !== placeholders(expected[key]).join()
    );
  });
  return { missing, unused, malformed };
}

/** Every `%key%` the manifest names, in any string at any depth. */
export function manifestKeys(manifest: unknown): string[] {
  const keys = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const match = /^%([^%\s]+)%$/.exec(value);
      if (match) keys.add(match[1]);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(manifest);
  return [...keys].sort();
}

function readJson(path: string): Bundle {
  return JSON.parse(readFileSync(path, 'utf8')) as Bundle;
}

function translationsOf(dir: string, prefix: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.json') && name !== `${prefix}json`)
    .map((name) => join(dir, name))
    .sort();
}

/** Problems per file, each file's problems named; empty when everything matches. */
export async function checkLocalization(): Promise<Record<string, BundleProblems>> {
  const problems: Record<string, BundleProblems> = {};
  const note = (path: string, found: BundleProblems): void => {
    if (found.missing.length || found.unused.length || found.malformed.length) problems[path] = found;
  };
  const bundle = readJson(BUNDLE_PATH);
  note(BUNDLE_PATH, compareBundles(await extractBundle(), bundle));
  for (const path of translationsOf('l10n', 'bundle.l10n.')) note(path, compareBundles(bundle, readJson(path)));

  const manifestUses = Object.fromEntries(
    manifestKeys(JSON.parse(readFileSync('package.json', 'utf8'))).map((key) => [key, key]),
  );
  const nls = readJson('package.nls.json');
  note('package.nls.json', { ...compareBundles(manifestUses, nls), malformed: [] });
  for (const path of translationsOf('.', 'package.nls.')) note(path, compareBundles(nls, readJson(path)));
  return problems;
}

if (process.argv[1] && /scripts[\\/]l10n\.ts$/.test(process.argv[1])) {
  void extractBundle().then((bundle) => {
    writeFileSync(BUNDLE_PATH, bundleText(bundle));
    console.log(`${BUNDLE_PATH}: ${Object.keys(bundle).length} strings`);
  });
}
