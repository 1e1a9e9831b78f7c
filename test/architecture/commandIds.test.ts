// Command ids live in two places, package.json and the registerCommand calls; this ties them. The
// extension is activated with a stand-in for the `vscode` module that records every command
// registered (everything else is a no-op), and the ids are compared with what the manifest
// contributes and what its menus, welcome view and the code's executeCommand calls name.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import Module from 'node:module';
import { readImportGraph } from './importGraph';

interface Manifest {
  contributes: {
    commands: Array<{ command: string }>;
    menus: Record<string, Array<{ command: string }>>;
  };
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const contributed = manifest.contributes.commands.map(({ command }) => command).sort();

/** A value that is every function, class and namespace at once: any call or property access works. */
function anything(): unknown {
  const target = function () {};
  return new Proxy(target, {
    get: (t, key) =>
      key === 'prototype'
        ? t.prototype
        : key === 'then'
          ? undefined
          : key === Symbol.toPrimitive
            ? () => ''
            : anything(),
    apply: () => anything(),
    construct: () => anything() as object,
  });
}

/** The ids `activate()` registers, with `vscode` replaced by a recorder. */
function registeredIds(): string[] {
  const ids: string[] = [];
  const commands = new Proxy(
    { registerCommand: (id: string) => (ids.push(id), anything()) },
    { get: (t, key) => (key in t ? t[key as keyof typeof t] : anything()) },
  );
  // A plain object with the API's names, as the real module is: `import * as` copies own properties.
  const api = readFileSync('node_modules/@types/vscode/index.d.ts', 'utf8');
  const names = api.matchAll(/^\t?export (?:namespace|class|enum|function|const|let) (\w+)/gm);
  const vscode = { ...Object.fromEntries([...names].map(([, name]) => [name, anything()])), commands };
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const extension = require('../../src/extension') as { activate(context: unknown): void };
    extension.activate(
      new Proxy({ subscriptions: [] }, { get: (t, key) => (key in t ? t.subscriptions : anything()) }),
    );
  } finally {
    loader._load = load;
  }
  return ids;
}

describe('command ids', () => {
  it('every contributed command is registered on activation, once, and nothing else is', () => {
    const ids = registeredIds();
    assert.ok(ids.length > 20, `registered ${ids.length}`);
    assert.deepEqual([...ids].sort(), contributed);
    assert.equal(new Set(ids).size, ids.length, 'no id registered twice');
  });

  it('menus, links in the manifest texts and executeCommand calls name contributed commands only', () => {
    const named = new Set<string>();
    for (const items of Object.values(manifest.contributes.menus)) for (const { command } of items) named.add(command);
    // Links live in the manifest texts (the welcome view, the walkthrough's buttons), in every language.
    const texts = readdirSync('.').filter((name) => /^package(\.nls(\.[\w-]+)?)?\.json$/.test(name));
    assert.ok(texts.includes('package.nls.de.json'), 'the translated manifest texts are read too');
    let links = 0;
    for (const name of texts) {
      for (const [, id] of readFileSync(name, 'utf8').matchAll(/(?:\(command:|onCommand:)([\w.]+)/g)) {
        named.add(id);
        links++;
      }
    }
    assert.ok(links >= 10, `found ${links} command links in the manifest texts`);
    for (const file of readImportGraph('src').keys()) {
      for (const [, id] of readFileSync(file, 'utf8').matchAll(
        /(?:command|executeCommand\()\s*:?\s*'(kantegaSso\.\w+)'/g,
      )) {
        named.add(id);
      }
    }
    assert.ok(named.size > 20, `found ${named.size} ids named`);
    assert.deepEqual(
      [...named].filter((id) => !contributed.includes(id)),
      [],
    );
  });
});
