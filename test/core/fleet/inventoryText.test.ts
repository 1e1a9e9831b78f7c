// The inventory in words: the marks an admin reads, the summary line, and the three exports. The
// properties feed hostile server text everywhere: nothing undefined, NaN or [object Object] shows,
// a Markdown row stays one row of the table, and a CSV cell never starts a formula.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { assessInventory, type InstanceFacts, type Known } from '../../../src/core/fleet/inventory';
import {
  INVENTORY_COLUMNS,
  inventoryCsv,
  inventoryJson,
  inventoryMarkdown,
  inventoryRows,
  inventorySummaryLine,
} from '../../../src/core/fleet/inventoryText';
import { DAY_MS } from '../../../src/core/model';
import { assertShownText, NUM_RUNS, SEED, trickyString as anyString } from '../properties';

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const OPTIONS = { now: NOW, snapshotMaxAgeDays: 30 };

function facts(name: string, environment: string, overrides: Partial<InstanceFacts> = {}): InstanceFacts {
  return {
    name,
    environment,
    baseUrl: `https://${environment}.example.com/jira`,
    status: 'online',
    clockSkewMs: 300,
    snapshots: {
      known: true,
      value: {
        count: 12,
        newest: {
          takenAt: NOW - 2 * DAY_MS,
          applicationName: 'JIRA',
          applicationVersion: '9.12.2',
          pluginVersion: '7.2.1',
          baseUrl: `https://${environment}.example.com/jira`,
        },
        upgradeBackup: { from: '6.6.3', to: '6.7.0', takenAt: Date.UTC(2026, 8, 24, 10) },
      },
    },
    tokens: {
      known: true,
      value: { scope: 'everyone', total: 40, expired: 0, expiring: 2, neverExpiring: 5, signsInWithApiToken: false },
    },
    identityProviders: {
      known: true,
      value: [{ id: 'a', name: 'AD FS', groups: { known: true, value: ['jira-admins', 'jira-users'] } }],
    },
    ...overrides,
  };
}

describe('inventory text', () => {
  it('says each drift in the words an admin reads', () => {
    const prod = facts('Jira Production', 'production');
    const staging = facts('Jira Staging', 'staging');
    const newest = staging.snapshots.known ? staging.snapshots.value : undefined;
    const drifting: InstanceFacts = {
      ...staging,
      snapshots: {
        known: true,
        value: { ...newest!, newest: { ...newest!.newest!, pluginVersion: '7.3.0', baseUrl: prod.baseUrl } },
      },
    };
    const test = facts('Jira Test', 'test', { identityProviders: { known: true, value: [] } });
    const assessment = assessInventory([prod, drifting, test], OPTIONS);
    const rows = inventoryRows(assessment, { now: NOW });
    assert.deepEqual(rows[1].cells.kantegaSso.marks, ['staging runs Kantega SSO 7.3.0, production 7.2.1']);
    assert.equal(rows[1].cells.kantegaSso.severity, 'drift');
    assert.deepEqual(rows[1].cells.baseUrl.marks, [
      `The product believes its address is ${prod.baseUrl}, the address of Jira Production: SAML redirects go there`,
    ]);
    assert.equal(rows[1].cells.baseUrl.severity, 'warning');
    assert.deepEqual(rows[2].cells.identityProviders.marks, ['AD FS missing on test (trusted on production)']);
    assert.equal(rows[0].cells.upgradeBackup.text, '6.6.3 → 6.7.0, 2026-09-24');
    assert.equal(rows[0].cells.product.text, 'JIRA 9.12.2');
    assert.match(rows[0].cells.product.detail ?? '', /^as of the snapshot of 2026-11-30 \(2 days ago\)$/);
    assert.equal(rows[0].cells.identityProviders.text, 'AD FS (2 managed groups)');
    assert.equal(inventorySummaryLine(assessment.summary), '2 differences on 2 instances. 1 warning.');
  });

  it('says "unknown — take a snapshot" without a snapshot, and why a value is unknown', () => {
    const none = facts('Jira New', 'test', { snapshots: { known: true, value: { count: 0 } } });
    const down = facts('Jira Down', 'staging', {
      status: 'unreachable',
      statusMessage: 'Could not connect to 127.0.0.1:9: connection refused.',
      snapshots: { known: false, reason: 'offline' },
      tokens: { known: false, reason: 'offline' },
      identityProviders: { known: false, reason: 'offline' },
      clockSkewMs: undefined,
    });
    const [row, downRow] = inventoryRows(assessInventory([none, down], OPTIONS), { now: NOW });
    assert.equal(row.cells.kantegaSso.text, 'unknown — take a snapshot to learn it');
    assert.ok(row.cells.kantegaSso.unknown);
    assert.deepEqual(row.cells.snapshot.marks, ['No snapshot: take one before changing anything']);
    assert.equal(downRow.cells.status.text, 'unreachable');
    assert.equal(downRow.cells.status.detail, 'Could not connect to 127.0.0.1:9: connection refused.');
    assert.equal(downRow.cells.product.text, 'unknown');
    assert.ok(!downRow.online);
  });

  it('exports Markdown with one table row per instance, CSV formula-safe, JSON with the marks', () => {
    const hostile = facts('=cmd|calc', 'test', {
      identityProviders: {
        known: true,
        value: [{ id: 'x', name: 'A | B [x](https://evil)', groups: { known: true, value: [] } }],
      },
    });
    const assessment = assessInventory([facts('Jira Production', 'production'), hostile], OPTIONS);
    const markdown = inventoryMarkdown(assessment, { now: NOW }).split('\n');
    const table = markdown.filter((line) => line.startsWith('|'));
    assert.equal(table.length, 2 + 2);
    for (const line of table) assert.equal(line.split(/(?<!\\)\|/).length, INVENTORY_COLUMNS.length + 2, line);
    assert.ok(!markdown.join('\n').includes('](https'), 'a server name made a link');

    const csv = inventoryCsv(inventoryRows(assessment, { now: NOW }));
    assert.ok(csv.includes(`"'=cmd|calc"`) || csv.includes(`'=cmd|calc`), csv.split('\r\n')[2]);

    const json = JSON.parse(inventoryJson(assessment, { now: NOW })) as {
      instances: Array<{ name: string; marks: Array<{ kind: string; text: string }> }>;
    };
    assert.deepEqual(
      json.instances.map((instance) => instance.name),
      ['Jira Production', '=cmd|calc'],
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: any facts, hostile text and numbers anywhere.

/** Server text, but not the words a bug prints: those are what the property looks for in ours. */
const trickyString = anyString.filter((s) => !/undefined|NaN|Infinity|object Object/.test(s));
const time = fc.oneof(fc.integer({ min: -1e15, max: 1e15 }), fc.constantFrom(NaN, Infinity, -0, 0, NOW));
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const unknown: fc.Arbitrary<Known<never>> = fc.record({
  known: fc.constant(false as const),
  reason: fc.constantFrom('loading', 'offline', 'forbidden', 'notOffered', 'failed' as const),
});
const known = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<Known<T>> =>
  fc.oneof(
    arb.map((value) => ({ known: true as const, value })),
    unknown,
  );

const anyFacts: fc.Arbitrary<InstanceFacts> = fc.record({
  name: trickyString,
  environment: optional(fc.oneof(trickyString, fc.constantFrom('production', 'staging'))),
  baseUrl: fc.oneof(trickyString, fc.constant('https://jira.example.com')),
  status: fc.constantFrom('online', 'unreachable', 'credentialRejected', 'checking', 'error', 'needsConsent' as const),
  statusMessage: optional(trickyString),
  clockSkewMs: optional(time),
  snapshots: known(
    fc.record({
      count: fc.nat(),
      newest: optional(
        fc.record({
          takenAt: optional(time),
          applicationName: optional(fc.oneof(trickyString, fc.constant('JIRA'))),
          applicationVersion: optional(trickyString),
          pluginVersion: optional(trickyString),
          baseUrl: optional(trickyString),
        }),
      ),
      upgradeBackup: optional(fc.record({ from: trickyString, to: trickyString, takenAt: optional(time) })),
    }),
  ),
  tokens: known(
    fc.record({
      scope: fc.constantFrom('everyone', 'own' as const),
      total: fc.nat(),
      expired: fc.nat(),
      expiring: fc.nat(),
      neverExpiring: fc.nat(),
      signsInWithApiToken: fc.boolean(),
      signInToken: optional(
        fc.record({
          name: trickyString,
          expiresAt: optional(time),
          neverExpires: fc.boolean(),
          urgency: fc.constantFrom('expired', 'soon', 'ok', 'never', 'unknown' as const),
        }),
      ),
    }),
  ),
  identityProviders: known(
    fc.array(
      fc.record({ id: trickyString, name: trickyString, groups: known(fc.array(trickyString, { maxLength: 4 })) }),
      { maxLength: 3 },
    ),
  ),
});

describe('inventory text: properties', () => {
  it('every cell, mark and summary is readable text, and each export keeps one row per instance', () => {
    fc.assert(
      fc.property(
        fc.array(anyFacts, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 3650 }),
        (list, maxAge) => {
          const assessment = assessInventory(list, { now: NOW, snapshotMaxAgeDays: maxAge });
          const rows = inventoryRows(assessment, { now: NOW });
          assert.equal(rows.length, list.length);
          for (const row of rows) {
            for (const column of INVENTORY_COLUMNS) {
              const value = row.cells[column];
              assertShownText(value.text, `${column} text`);
              for (const mark of value.marks) assertShownText(mark, `${column} mark`);
              if (value.detail !== undefined) assertShownText(value.detail, `${column} detail`);
              assert.ok(
                !/[\n\r\u202E]/.test(value.text + value.marks.join('')),
                `${column} holds a line break or bidi`,
              );
            }
          }
          assertShownText(inventorySummaryLine(assessment.summary), 'summary');
          const table = inventoryMarkdown(assessment, { now: NOW })
            .split('\n')
            .filter((line) => line.startsWith('|'));
          assert.equal(table.length, list.length + 2);
          for (const line of table) assert.equal(line.split(/(?<!\\)\|/).length, INVENTORY_COLUMNS.length + 2);
          const csvLines = inventoryCsv(rows).split('\r\n');
          assert.equal(csvLines.length, list.length + 2);
          const json = JSON.parse(inventoryJson(assessment, { now: NOW })) as { instances: unknown[] };
          assert.equal(json.instances.length, list.length);
        },
      ),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });
});
