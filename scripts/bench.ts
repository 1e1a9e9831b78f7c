// Performance, side by side: each line puts the project's figure beside a floor measured in the
// same run on the same machine (raw undici on the same server, JSON.parse of the same bytes, an
// empty module), so the ratio means something on any machine. Targets belong here, never in unit
// tests. `npm run bench` builds first; the run fails when a goal is missed.
//
// Goals, and why:
// - activation: VS Code waits for activate(); undici is loaded on the first request, not here.
// - per-request overhead: a tree refresh is many small GETs; the client should cost little more
//   than undici itself on the same keep-alive connection.
// - token lists: a sysadmin's list can hold 100 000 tokens (~27 MiB); reading and decoding it
//   should cost little more than fetching and JSON.parse-ing the same bytes.
// - managed groups: an IdP may manage 10,000 groups; decoding checks each name and must cost little
//   beyond JSON.parse of the same bytes (sorting is the tree's, once per expanded IdP). Goal ≤ 1.5×.
// - fleet inventory: 50 instances load like one (each server is asked one request at a time, the
//   servers at once), goal ≤ 1.3×; and the table of 200 instances (drift compared over 1,000
//   managed groups each, every cell in words) costs no more than a few times the JSON round trip of
//   the rows the page receives, which every redraw pays anyway. Goal ≤ 4×.
// - sign-in token rotation: 20 instances rotate (create, a request signed with the new token, delete
//   the old) like one, each server one request at a time and the servers at once. Goal ≤ 1.3×.
// - .vsix size: download and install time. Goal 400 KiB, the limit the team set for publishing (issue
//   19), where screenshots may join it; what grows it is code and the README, never source maps or
//   test files (`.vscodeignore` lets through only what runs).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Agent, request } from 'undici';
import { KantegaClient } from '../src/core/api/client';
import { replaceToken, replacementRequest, retireToken, validityOf } from '../src/core/api/tokenRotation';
import { runOnePerKey } from '../src/core/fleet/runOnePerKey';
import { originOf } from '../src/core/baseUrl';
import { decodeTokenList } from '../src/core/api/decode';
import { decodeManagedGroups } from '../src/core/api/identityProviders';
import type { InstanceConfig } from '../src/core/instanceConfig';
import { groupByOwner } from '../src/core/api/tokenList';
import { ReportModel, buildReportRows } from '../src/core/fleet/tokenReport';
import { assessInventory, type InstanceFacts } from '../src/core/fleet/inventory';
import { inventoryRows } from '../src/core/fleet/inventoryText';
import { InstanceDataCache, type InstanceAccess } from '../src/editor/state/instanceData';
import { loadInstanceFacts } from '../src/editor/state/inventoryFacts';
import { tokenRecords } from '../test/core/tokenRecords';
import { startSimulator } from '../test/simulator';

interface Line {
  name: string;
  /** The project's figure. */
  value: number;
  /** The floor measured in the same run; undefined when the goal is absolute. */
  floor?: number;
  unit: string;
  /** Goal on the ratio value/floor, or on the value itself when `absolute` (activation, size). */
  goal: number;
  absolute?: boolean;
  note?: string;
}

/**
 * A full garbage collection, run before each timed call of the allocation-heavy measures: otherwise
 * the garbage one call leaves is collected during whichever call comes next, ours or the floor's.
 */
const collectGarbage: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

const lines: Line[] = [];
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const ratioOf = (line: Line): number | undefined => (line.floor ? line.value / line.floor : undefined);
const passes = (line: Line): boolean => ((line.absolute ? undefined : ratioOf(line)) ?? line.value) <= line.goal;

/** Runs `fn` `times` times and returns the median duration in ms. */
async function timeMedian(
  times: number,
  fn: () => Promise<unknown> | unknown,
  options: { collect?: boolean } = {},
): Promise<number> {
  const durations: number[] = [];
  for (let i = 0; i < times; i++) {
    if (options.collect) collectGarbage();
    const started = performance.now();
    await fn();
    durations.push(performance.now() - started);
  }
  return median(durations);
}

// ---------------------------------------------------------------------------------------------
// Activation: dist/extension.js in a fresh Node process, `vscode` replaced by a stand-in whose
// every member is a no-op function or class. Floor: the same process loading an empty module.

const ACTIVATE = `
const Module = require('node:module');
const stub = () => {
  const target = function () {};
  return new Proxy(target, {
    get: (t, key) =>
      key === 'prototype' ? t.prototype : key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : stub(),
    apply: () => stub(),
    construct: () => stub(),
  });
};
// A plain object with the API's names, as the real module is (esbuild copies its own properties).
const vscode = Object.fromEntries(JSON.parse(process.argv[2]).map((name) => [name, stub()]));
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};
const context = new Proxy({ subscriptions: [] }, { get: (t, key) => (key in t ? t[key] : stub()) });
const file = process.argv[1];
const started = performance.now();
const ext = require(file);
if (typeof ext.activate === 'function') ext.activate(context);
const ms = performance.now() - started;
const undici = Object.keys(require.cache).some((f) => /[\\\\/](http\\.js|undici[\\\\/])/.test(f));
console.log(JSON.stringify({ ms, undici }));`;

function activation(): void {
  const extension = join(process.cwd(), 'dist/extension.js');
  const empty = join(mkdtempSync(join(tmpdir(), 'ksso-bench-')), 'empty.js');
  writeFileSync(empty, '');
  const api = readFileSync('node_modules/@types/vscode/index.d.ts', 'utf8');
  const names = JSON.stringify([
    ...new Set([...api.matchAll(/^\t?export (?:namespace|class|enum|function|const|let) (\w+)/gm)].map((m) => m[1])),
  ]);
  const run = (file: string) =>
    JSON.parse(execFileSync(process.execPath, ['-e', ACTIVATE, file, names], { encoding: 'utf8' })) as {
      ms: number;
      undici: boolean;
    };
  const project: number[] = [];
  const floor: number[] = [];
  let undiciLoaded = false;
  // Interleaved, so that a busy moment of the machine hits both.
  for (let i = 0; i < 7; i++) {
    const r = run(extension);
    undiciLoaded ||= r.undici;
    project.push(r.ms);
    floor.push(run(empty).ms);
  }
  lines.push({
    name: 'activation: load dist/extension.js + activate()',
    value: median(project),
    floor: median(floor),
    unit: 'ms',
    goal: 15,
    absolute: true,
    note: 'floor: the same fresh process loading an empty module',
  });
  lines.push({ name: 'activation does not load undici', value: undiciLoaded ? 1 : 0, unit: '', goal: 0 });
}

// ---------------------------------------------------------------------------------------------
// Per-request overhead: client.ping() against raw undici.request with the same headers on the same
// server, each on its own keep-alive connection; interleaved rounds, medians.

async function perRequest(): Promise<void> {
  const sim = await startSimulator();
  const client = new KantegaClient({
    baseUrl: sim.baseUrl,
    credential: { kind: 'password', username: 'admin', secret: 'admin' },
  });
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 1 });
  const url = `${sim.baseUrl}/rest/ksso/api/info/1.0/ping`;
  const headers = {
    accept: 'application/json',
    authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`,
  };
  const raw = async () => {
    const res = await request(url, { dispatcher: agent, headers });
    JSON.parse(await res.body.text());
  };
  try {
    for (let i = 0; i < 300; i++) {
      await client.ping();
      await raw();
    }
    const ours: number[] = [];
    const floor: number[] = [];
    for (let round = 0; round < 15; round++) {
      ours.push(await timeMedian(200, () => client.ping()));
      floor.push(await timeMedian(200, raw));
    }
    lines.push({
      name: 'per request: client.ping() vs undici.request',
      value: median(ours),
      floor: median(floor),
      unit: 'ms',
      goal: 1.1,
    });
  } finally {
    await client.close();
    await agent.close();
    await sim.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Token lists: listAllTokens() against undici.request + JSON.parse of the same bytes, from a plain
// server that sends a prepared body (the simulator would spend its own time building it).

async function tokenList(count: number, runs: number): Promise<void> {
  const body = Buffer.from(tokenRecords(count));
  const server = http.createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jira`;
  const client = new KantegaClient({
    baseUrl,
    credential: { kind: 'password', username: 'admin', secret: 'admin' },
    tokenApiVersion: '3.0',
  });
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 1 });
  const url = `${baseUrl}/rest/ksso/api/apitokens/3.0/admin/tokens`;
  let decoded = 0;
  try {
    const ours: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const o = await timeMedian(1, async () => (decoded = (await client.listAllTokens()).length));
      const f = await timeMedian(1, async () =>
        JSON.parse(await (await request(url, { dispatcher: agent })).body.text()),
      );
      // The first round warms both up.
      if (i > 0) {
        ours.push(o);
        floor.push(f);
      }
    }
    const mib = (body.length / 1024 / 1024).toFixed(1);
    lines.push({
      name: `${count.toLocaleString('en')} tokens (${mib} MiB): listAllTokens vs undici + JSON.parse`,
      value: median(ours),
      floor: median(floor),
      unit: 'ms',
      goal: 1.5,
      note: decoded === count ? undefined : `decoded ${decoded} of ${count}`,
    });
    if (decoded !== count) lines.push({ name: `${count} tokens all decoded`, value: 1, unit: '', goal: 0 });
  } finally {
    await client.close();
    await agent.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * Decoding `body` (JSON.parse, then `decode`) beside JSON.parse of the same bytes, median of 31. A
 * sample times `repeat` runs (the figure is per run): a body parsed in a fraction of a millisecond
 * is otherwise measured at the timer's and the scheduler's grain.
 */
async function decodeBeside(
  name: string,
  body: string,
  decode: (value: unknown) => unknown,
  repeat = 1,
): Promise<void> {
  for (let i = 0; i < 5; i++) decode(JSON.parse(body));
  const times = (fn: () => unknown) => () => {
    for (let i = 0; i < repeat; i++) fn();
  };
  const ours: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < 31; i++) {
    ours.push(
      (await timeMedian(
        1,
        times(() => decode(JSON.parse(body))),
        { collect: true },
      )) / repeat,
    );
    floor.push(
      (await timeMedian(
        1,
        times(() => JSON.parse(body)),
        { collect: true },
      )) / repeat,
    );
  }
  lines.push({ name, value: median(ours), floor: median(floor), unit: 'ms', goal: 1.5 });
}

function decodeAlone(): Promise<void> {
  const ctx = { operation: 'list tokens', receivedAt: Date.now() };
  return decodeBeside('10,000 tokens: JSON.parse + decodeTokenList vs JSON.parse', tokenRecords(10_000), (value) =>
    decodeTokenList(value, ctx),
  );
}

/** 10,000 managed groups of one IdP as the server sends them: decoding checks, it does not sort. */
function decodeGroups(): Promise<void> {
  const body = JSON.stringify(Array.from({ length: 10_000 }, (_, i) => `jira-group-${(i * 7919) % 10_000}-sso`));
  const ctx = { operation: 'list the managed groups', receivedAt: Date.now() };
  return decodeBeside(
    '10,000 managed groups: JSON.parse + decodeManagedGroups vs JSON.parse',
    body,
    (value) => decodeManagedGroups(value, ctx),
    20,
  );
}

// ---------------------------------------------------------------------------------------------
// The .vsix: `npm run package` writes dist/kantega-sso.vsix; built here when missing or older than
// the bundle just built (a stale one would measure the old code).

function vsixSize(): void {
  const vsix = 'dist/kantega-sso.vsix';
  if (!existsSync(vsix) || statSync(vsix).mtimeMs < statSync('dist/extension.js').mtimeMs) {
    const args = ['--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix];
    execFileSync('npx', ['vsce', 'package', ...args], { stdio: 'ignore' });
  }
  lines.push({ name: '.vsix size', value: Math.round(statSync(vsix).size / 1024), unit: 'KiB', goal: 400 });
  // Zip entry names are stored uncompressed: without dist/http.js the first request would fail.
  const complete = readFileSync(vsix).includes('extension/dist/http.js');
  lines.push({
    name: '.vsix lacks dist/http.js (the lazily loaded HTTP stack)',
    value: complete ? 0 : 1,
    unit: '',
    goal: 0,
    note: complete ? undefined : '.vscodeignore must include !dist/http.js',
  });
}

// ---------------------------------------------------------------------------------------------
// Editor measures: what the tree does, with the editor's own plain modules.
// - fleet: the status of 20 instances (each a server answering in 200 ms: ping, then the user's
//   tokens) vs one instance, through InstanceDataCache as the tree calls it. Goal ≤ 1.3×. The same
//   for the identity providers: each instance's content, then every IdP's managed groups.
// - grouping: All API Tokens for 50,000 tokens over 5,000 users (groupByOwner, each group sorted)
//   vs JSON.parse of the same list: grouping must not cost more than reading. Goal ≤ 1×.

/**
 * A server answering after `latencyMs`, like a slow instance: Kantega's ping, one snapshot, two
 * identity providers with 500 managed groups each, and empty token lists.
 */
async function slowInstance(latencyMs: number): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const idps = JSON.stringify([
    { id: '1ncq3jsPC74BGuNnfZPl', name: 'AD FS' },
    { id: 'okta-0oa1b2c3', name: 'Okta' },
  ]);
  const groups = JSON.stringify(Array.from({ length: 500 }, (_, i) => `jira-group-${i}-sso`));
  const snapshots = JSON.stringify([
    {
      id: 'sso-snapshot-20261201-101500',
      description: 'Before the upgrade',
      timeMillis: Date.now() - 86_400_000,
      applicationName: 'JIRA',
      applicationVersion: '9.12.2',
      pluginVersion: '7.4.1',
      baseUrl: 'https://jira.example.com',
      readable: true,
    },
  ]);
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    const body = url.includes('/ping')
      ? JSON.stringify({ response: 'pong', timestamp: Date.now() })
      : url.includes('/idp/ids')
        ? idps
        : url.includes('/managedgroups/')
          ? groups
          : url.includes('/snapshot')
            ? snapshots
            : '[]';
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(body), latencyMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jira`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A cache over fresh clients of `instances`, one per instance and kept, as the registry keeps them
 * (so its connections are reused, as they are in the editor); `close` lets the clients go.
 */
function fleetCache(instances: InstanceConfig[]): { cache: InstanceDataCache; close: () => Promise<void> } {
  const clients = new Map<string, KantegaClient>();
  const access: InstanceAccess = {
    get: (name) => instances.find((instance) => instance.name === name),
    run: (instance, operation) => {
      let client = clients.get(instance.name);
      if (!client) {
        const credential = { kind: instance.auth, username: instance.username, secret: 'admin' };
        client = new KantegaClient({ baseUrl: instance.baseUrl, credential, tokenApiVersion: '3.0' });
        clients.set(instance.name, client);
      }
      return operation(client);
    },
    createDetachedClient: (instance) => new KantegaClient({ baseUrl: instance.baseUrl }),
    tokenApiVersion: () => '3.0',
    isCredentialMissing: () => false,
    consentNeeded: () => undefined,
    credentialRejection: () => undefined,
    noteRefusal: async () => undefined,
  };
  return {
    cache: new InstanceDataCache(access),
    close: async () => void (await Promise.all([...clients.values()].map((client) => client.close()))),
  };
}

/** Checks the status of every instance at once, as the Instances view does when it opens. */
async function fleetStatus(instances: InstanceConfig[]): Promise<number> {
  const { cache, close } = fleetCache(instances);
  const started = performance.now();
  const statuses = await Promise.all(instances.map((instance) => cache.status(instance)));
  const elapsed = performance.now() - started;
  await close();
  if (statuses.some((status) => status.kind !== 'online'))
    throw new Error('an instance of the fleet did not come online');
  return elapsed;
}

/**
 * Every instance expanded at once, and each of its identity providers: its content (the IdP list
 * loads with the snapshots and tokens), then every IdP's managed groups, through the tree's cache.
 */
async function fleetIdentityProviders(instances: InstanceConfig[]): Promise<number> {
  const { cache, close } = fleetCache(instances);
  const started = performance.now();
  const groupCounts = await Promise.all(
    instances.map(async (instance) => {
      const { identityProviders } = await cache.content(instance);
      if (!identityProviders.ok) throw new Error(`${instance.name}: the identity providers did not load`);
      const lists = await Promise.all(identityProviders.value.map((idp) => cache.managedGroups(instance, idp.id)));
      return lists.reduce((sum, list) => sum + (list.ok ? list.value.length : 0), 0);
    }),
  );
  const elapsed = performance.now() - started;
  await close();
  if (groupCounts.some((count) => count !== 1000)) throw new Error('managed groups missing');
  return elapsed;
}

/** The fleet inventory as its panel loads it: every instance's facts through the cache, assessed, in words. */
async function fleetInventory(instances: InstanceConfig[]): Promise<number> {
  const { cache, close } = fleetCache(instances);
  const source = { data: cache, signInTokenId: () => undefined };
  const started = performance.now();
  const now = Date.now();
  const facts = await Promise.all(
    instances.map((instance) => loadInstanceFacts(source, instance, { now, warningDays: 14 })),
  );
  const rows = inventoryRows(assessInventory(facts, { now, snapshotMaxAgeDays: 30 }), { now });
  const elapsed = performance.now() - started;
  await close();
  const complete = facts.every(
    (instance) =>
      instance.snapshots.known &&
      instance.identityProviders.known &&
      instance.identityProviders.value.every((idp) => idp.groups.known && idp.groups.value.length === 500),
  );
  if (!complete || rows.length !== instances.length) throw new Error('the inventory is missing facts');
  return elapsed;
}

async function fleet(): Promise<void> {
  const servers = await Promise.all(Array.from({ length: 20 }, () => slowInstance(200)));
  const instances = servers.map((server, i): InstanceConfig => ({
    name: `Jira ${i}`,
    baseUrl: server.baseUrl,
    username: 'admin',
    auth: 'password',
  }));
  try {
    const ours: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < 3; i++) {
      floor.push(await fleetStatus(instances.slice(0, 1)));
      ours.push(await fleetStatus(instances));
    }
    lines.push({
      name: 'status of 20 instances (200 ms each) vs one instance',
      value: median(ours),
      floor: median(floor),
      unit: 'ms',
      goal: 1.3,
    });
    const idpOurs: number[] = [];
    const idpFloor: number[] = [];
    for (let i = 0; i < 3; i++) {
      idpFloor.push(await fleetIdentityProviders(instances.slice(0, 1)));
      idpOurs.push(await fleetIdentityProviders(instances));
    }
    lines.push({
      name: 'IdPs and their groups, 20 instances (200 ms each) vs one instance',
      value: median(idpOurs),
      floor: median(idpFloor),
      unit: 'ms',
      goal: 1.3,
    });
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
}

async function inventoryLoad(): Promise<void> {
  const servers = await Promise.all(Array.from({ length: 50 }, () => slowInstance(200)));
  const instances = servers.map((server, i): InstanceConfig => ({
    name: `Jira ${i}`,
    baseUrl: server.baseUrl,
    username: 'admin',
    auth: 'password',
    environment: i === 0 ? 'production' : 'staging',
  }));
  try {
    const ours: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < 3; i++) {
      floor.push(await fleetInventory(instances.slice(0, 1)));
      ours.push(await fleetInventory(instances));
    }
    lines.push({
      name: 'Fleet inventory of 50 instances (200 ms each) vs one instance',
      value: median(ours),
      floor: median(floor),
      unit: 'ms',
      goal: 1.3,
    });
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
}

/**
 * Rotates the sign-in token of every server as Rotate Sign-in Tokens… does, through the core's steps:
 * create with the old token, a request signed with the new one, switch, delete the old one.
 */
async function rotateSignInTokens(servers: Array<{ baseUrl: string; secret: string; id: number }>): Promise<number> {
  const clients: KantegaClient[] = [];
  const clientFor = (baseUrl: string, secret: string) => {
    const client = new KantegaClient({
      baseUrl,
      credential: { kind: 'apiToken', username: 'admin', secret },
      tokenApiVersion: '3.0',
    });
    clients.push(client);
    return client;
  };
  const started = performance.now();
  const outcomes = await runOnePerKey(
    servers,
    (server) => originOf(server.baseUrl),
    async (server) => {
      let signingIn = clientFor(server.baseUrl, server.secret);
      const old = (await signingIn.listMyTokens()).find((token) => token.id === server.id);
      if (!old) throw new Error('the sign-in token is not listed');
      const replacement = await replaceToken(old, {
        create: () => signingIn.createToken(replacementRequest(old, validityOf(old) ?? 90)),
        verify: async (created) => void (await clientFor(server.baseUrl, created.secret).listMyTokens()),
        switchCredential: async (created) => {
          signingIn = clientFor(server.baseUrl, created.secret);
          server.secret = created.secret;
          server.id = created.id ?? -1;
          return true;
        },
      });
      return retireToken(replacement, true, true, () => signingIn.deleteMyToken(old.id as number));
    },
    {},
  );
  const elapsed = performance.now() - started;
  await Promise.all(clients.map((client) => client.close()));
  if (outcomes.some((outcome) => outcome.status !== 'done' || outcome.value.state !== 'done'))
    throw new Error('a rotation did not complete');
  return elapsed;
}

async function rotation(): Promise<void> {
  const simulators = await Promise.all(Array.from({ length: 20 }, () => startSimulator({})));
  try {
    const servers = simulators.map((sim) => {
      // Every request answers after 200 ms, like an instance across the network.
      sim.inject({ type: 'latency', ms: 200 }, { times: Infinity });
      return { baseUrl: sim.baseUrl, ...sim.issueToken('admin', { name: 'deploy-bot', validForDays: 90 }) };
    });
    const ours: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < 3; i++) {
      floor.push(await rotateSignInTokens(servers.slice(0, 1)));
      ours.push(await rotateSignInTokens(servers));
    }
    lines.push({
      name: 'Sign-in token rotation of 20 instances (200 ms each) vs one instance',
      value: median(ours),
      floor: median(floor),
      unit: 'ms',
      goal: 1.3,
    });
  } finally {
    await Promise.all(simulators.map((sim) => sim.close()));
  }
}

/** 200 instances of four products, two IdPs with 500 managed groups each, a few of them drifting. */
function inventoryFleet(count: number): InstanceFacts[] {
  const now = Date.now();
  const products = ['JIRA', 'Confluence', 'Bitbucket', 'Bamboo'];
  return Array.from({ length: count }, (_, i): InstanceFacts => {
    const groups = Array.from({ length: 500 }, (_, g) => `group-${g}${i % 7 === 0 && g === 0 ? '-drift' : ''}`).sort();
    return {
      name: `${products[i % 4]} ${i}`,
      environment: i < 4 ? 'production' : ['staging', 'test', 'development'][i % 3],
      baseUrl: `https://instance-${i}.example.com`,
      status: 'online',
      clockSkewMs: (i % 11) * 10_000,
      snapshots: {
        known: true,
        value: {
          count: 40,
          newest: {
            takenAt: now - (i % 50) * 86_400_000,
            applicationName: products[i % 4],
            applicationVersion: i % 9 === 0 ? '9.13.0' : '9.12.2',
            pluginVersion: i % 5 === 0 ? '7.3.0' : '7.4.1',
            baseUrl: `https://instance-${i % 13 === 0 ? 0 : i}.example.com`,
          },
          upgradeBackup: { from: '7.3.0', to: '7.4.1', takenAt: now - 90 * 86_400_000 },
        },
      },
      tokens: {
        known: true,
        value: {
          scope: 'everyone',
          total: 300,
          expired: i % 3,
          expiring: 4,
          neverExpiring: 20,
          signsInWithApiToken: false,
        },
      },
      identityProviders: {
        known: true,
        value: ['AD FS', 'Okta'].map((name) => ({ id: name, name, groups: { known: true as const, value: groups } })),
      },
    };
  });
}

/**
 * The table of 200 instances: assessed and in words, against the JSON round trip of the rows it
 * posts. Both warmed up first; each sample times five in a row and counts one (the first
 * milliseconds after a full collection allocate slowly, and one table takes only a few), median of 21.
 */
function inventoryTable(): Promise<void> {
  const facts = inventoryFleet(200);
  const table = () => {
    const now = Date.now();
    return inventoryRows(assessInventory(facts, { now, snapshotMaxAgeDays: 30 }), { now });
  };
  const rows = table();
  const roundTrip = () => JSON.parse(JSON.stringify({ type: 'inventory', rows })) as unknown;
  const batch = 5;
  const timed = (fn: () => unknown): number => {
    collectGarbage();
    const started = performance.now();
    for (let i = 0; i < batch; i++) fn();
    return (performance.now() - started) / batch;
  };
  for (let i = 0; i < 3; i++) {
    timed(table);
    timed(roundTrip);
  }
  const ours: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < 21; i++) {
    ours.push(timed(table));
    floor.push(timed(roundTrip));
  }
  lines.push({
    name: 'Inventory table of 200 instances (drift and words) vs JSON round trip of its rows',
    value: median(ours),
    floor: median(floor),
    unit: 'ms',
    goal: 4,
  });
  return Promise.resolve();
}

async function grouping(): Promise<void> {
  const body = tokenRecords(50_000, 5_000);
  const tokens = decodeTokenList(JSON.parse(body), { operation: 'list tokens', receivedAt: Date.now() });
  const ours: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < 11; i++) {
    ours.push(await timeMedian(1, () => groupByOwner(tokens)));
    floor.push(await timeMedian(1, () => JSON.parse(body)));
  }
  lines.push({
    name: 'All API Tokens: group 50,000 tokens of 5,000 users vs JSON.parse',
    value: median(ours),
    floor: median(floor),
    unit: 'ms',
    goal: 1,
  });
}

/**
 * The token report on 50,000 tokens: its rows, sorted by name, then filtered (the first filter builds
 * the search text, dates in local time included), against JSON.parse of the list's bytes. Every later
 * query costs a few ms: the panel keeps the rows and posts one page of 200.
 */
async function tokenReport(): Promise<void> {
  const body = tokenRecords(50_000, 5_000);
  const tokens = decodeTokenList(JSON.parse(body), { operation: 'list tokens', receivedAt: Date.now() });
  const listed = tokens.map((token, i) => ({ token, isOwn: i % 5_000 === 0 }));
  const ours: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < 11; i++) {
    ours.push(
      await timeMedian(
        1,
        () => {
          const rows = buildReportRows({ name: 'Jira', environment: 'production' }, listed, Date.now(), 14);
          const model = new ReportModel(rows);
          model.page({ text: '', quick: [], sort: { column: 'name', descending: false } }, 0, 200);
          return model.page(
            { text: 'user42 pipeline', quick: ['expired'], sort: { column: 'name', descending: false } },
            0,
            200,
          );
        },
        { collect: true },
      ),
    );
    floor.push(await timeMedian(1, () => JSON.parse(body), { collect: true }));
  }
  lines.push({
    name: 'Token report: rows, sort and filter 50,000 tokens vs JSON.parse',
    value: median(ours),
    floor: median(floor),
    unit: 'ms',
    goal: 4,
  });
}

const editorMeasures: (() => Promise<void>)[] = [fleet, inventoryLoad, rotation, inventoryTable, grouping, tokenReport];

function report(): void {
  const header = ['', 'measure', 'project', 'floor', 'ratio', 'goal'];
  const rows = lines.map((l) => {
    const ratio = ratioOf(l);
    const fmt = (n: number) => `${n < 10 ? n.toFixed(3) : n.toFixed(1)} ${l.unit}`.trim();
    return [
      passes(l) ? 'ok' : 'MISS',
      l.name,
      fmt(l.value),
      l.floor !== undefined ? fmt(l.floor) : '',
      ratio !== undefined ? `${ratio.toFixed(2)}×` : '',
      ratio !== undefined && !l.absolute ? `≤ ${l.goal}×` : `≤ ${l.goal} ${l.unit}`.trim(),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const print = (cells: string[]) =>
    console.log(cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  '));
  print(header);
  for (const row of rows) print(row);
  for (const l of lines) if (l.note) console.log(`  ${l.name}: ${l.note}`);
  const missed = lines.filter((l) => !passes(l)).length;
  console.log(`${lines.length - missed} met, ${missed} missed`);
  if (missed) process.exitCode = 1;
}

async function main(): Promise<void> {
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) delete process.env[name];
  activation();
  await perRequest();
  await tokenList(10_000, 15);
  await tokenList(100_000, 3);
  await decodeAlone();
  await decodeGroups();
  for (const measure of editorMeasures) await measure();
  vsixSize();
  report();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
