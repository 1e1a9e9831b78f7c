// What the packaged extension declares, read out of the .vsix that the real-editor tests install
// (`npm run test:e2e` packages it first): VS Code decides where an extension runs from the manifest
// in the package, not from the package.json of the repository.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { defaultVsixPath, repoRoot } from '../../scripts/codeServer';

/**
 * One file of a zip, found through its central directory. A .vsix is a plain zip (stored or
 * deflated, no zip64 at this size): a few lines here rather than a dependency for the tests.
 */
function zipEntry(zip: Buffer, name: string): Buffer {
  const END_OF_DIRECTORY = 0x06054b50;
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== END_OF_DIRECTORY) end--;
  assert.ok(end >= 0, 'the .vsix is a zip');
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const header = zip.readUInt32LE(at + 42);
      const start = header + 30 + zip.readUInt16LE(header + 26) + zip.readUInt16LE(header + 28);
      const data = zip.subarray(start, start + size);
      return method === 8 ? inflateRawSync(data) : data;
    }
    at = next;
  }
  assert.fail(`${name} is not in the .vsix`);
}

/** The names of every file in a zip, from its central directory. */
function zipNames(zip: Buffer): string[] {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  const names: string[] = [];
  let at = zip.readUInt32LE(end + 16);
  for (let i = zip.readUInt16LE(end + 10); i > 0; i--) {
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}

describe('The packaged extension', () => {
  const vsix = () => {
    const packageJson = path.join(repoRoot, 'package.json');
    assert.ok(
      statSync(defaultVsixPath).mtimeMs >= statSync(packageJson).mtimeMs,
      `${defaultVsixPath} is older than package.json: run \`npm run package\``,
    );
    return readFileSync(defaultVsixPath);
  };

  it('runs on the machine of the person (ui), on the remote host only where there is no local one', () => {
    const zip = vsix();
    const manifest = JSON.parse(zipEntry(zip, 'extension/package.json').toString('utf8')) as Record<string, unknown>;
    assert.equal(`${String(manifest.publisher)}.${String(manifest.name)}`, 'kantega-sso-tools.kantega-sso-vscode');
    assert.deepEqual(manifest.extensionKind, ['ui', 'workspace']);
    // The Marketplace and VS Code's gallery read the same from the package's own manifest.
    const vsixManifest = zipEntry(zip, 'extension.vsixmanifest').toString('utf8');
    assert.match(vsixManifest, /<Property Id="Microsoft\.VisualStudio\.Code\.ExtensionKind" Value="ui,workspace" \/>/);
  });

  it('carries the manifest texts and string bundles of every language, and the pictures its README shows', () => {
    const zip = vsix();
    const names = zipNames(zip);
    const translations = readdirSync(path.join(repoRoot, 'l10n')).filter((name) => name.endsWith('.json'));
    assert.ok(translations.includes('bundle.l10n.de.json'), 'the German bundle is in the repository');
    for (const name of translations) assert.ok(names.includes(`extension/l10n/${name}`), `${name} is packaged`);
    for (const name of ['package.nls.json', 'package.nls.de.json'])
      assert.ok(names.includes(`extension/${name}`), `${name} is packaged`);
    const manifest = JSON.parse(zipEntry(zip, 'extension/package.json').toString('utf8')) as { l10n?: string };
    assert.equal(manifest.l10n, './l10n');

    // VS Code's details view shows the packaged README with its pictures resolved inside the package.
    const readme = zipEntry(zip, 'extension/readme.md').toString('utf8');
    const pictures = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    assert.ok(pictures.length >= 1, 'the README shows pictures');
    for (const picture of pictures) assert.ok(names.includes(`extension/${picture}`), `${picture} is packaged`);
    assert.ok(statSync(defaultVsixPath).size < 400 * 1024, 'the .vsix stays under 400 KiB');
  });
});
