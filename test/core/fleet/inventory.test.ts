// The inventory's drift rules, pure: given instances' facts, which marks land where. Properties hold
// the three promises: identical instances never drift; one value changed on one instance is marked on
// that instance and nowhere else; an unknown value is unknown, never different.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  assessInventory,
  isDriftMark,
  type IdpFacts,
  type InstanceFacts,
  type InventoryMark,
} from '../../../src/core/fleet/inventory';
import { DAY_MS } from '../../../src/core/model';
import { NUM_RUNS, SEED } from '../properties';

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const OPTIONS = { now: NOW, snapshotMaxAgeDays: 30 };

const idp = (name: string, groups: readonly string[], id = name): IdpFacts => ({
  id,
  name,
  groups: { known: true, value: [...groups].sort() },
});

function jira(name: string, environment: string | undefined, overrides: Partial<InstanceFacts> = {}): InstanceFacts {
  return {
    name,
    ...(environment ? { environment } : {}),
    baseUrl: `https://${name.toLowerCase().replace(/\W+/g, '-')}.example.com`,
    status: 'online',
    clockSkewMs: 120,
    snapshots: {
      known: true,
      value: {
        count: 3,
        newest: {
          takenAt: NOW - DAY_MS,
          applicationName: 'JIRA',
          applicationVersion: '9.12.2',
          pluginVersion: '7.2.1',
          baseUrl: `https://${name.toLowerCase().replace(/\W+/g, '-')}.example.com`,
        },
      },
    },
    tokens: {
      known: true,
      value: { scope: 'everyone', total: 4, expired: 0, expiring: 0, neverExpiring: 1, signsInWithApiToken: false },
    },
    identityProviders: { known: true, value: [idp('AD FS', ['jira-users', 'jira-admins']), idp('Okta', ['dev'])] },
    ...overrides,
  };
}

function withSnapshot(facts: InstanceFacts, change: Record<string, unknown>): InstanceFacts {
  assert.ok(facts.snapshots.known && facts.snapshots.value.newest);
  return {
    ...facts,
    snapshots: {
      known: true,
      value: { ...facts.snapshots.value, newest: { ...facts.snapshots.value.newest, ...change } },
    },
  };
}

/** An IdP with exactly these groups, in this order (the cache sorts them; a hand-made list may not be). */
const groupsOf = (name: string, groups: readonly string[]): IdpFacts => ({
  id: name,
  name,
  groups: { known: true, value: groups },
});

const driftOf = (marks: readonly InventoryMark[]) => marks.filter(isDriftMark);

describe('assessInventory: drift across instances of one product', () => {
  it('marks the staging on another Kantega SSO version against production, with both values', () => {
    const facts = [
      jira('Jira Prod', 'production'),
      withSnapshot(jira('Jira Staging', 'staging'), { pluginVersion: '7.3.0' }),
    ];
    const { instances, summary } = assessInventory(facts, OPTIONS);
    assert.deepEqual(driftOf(instances[0].marks), []);
    const [mark] = driftOf(instances[1].marks);
    assert.equal(mark.kind, 'pluginVersion');
    assert.equal(mark.column, 'kantegaSso');
    assert.ok(mark.kind === 'pluginVersion');
    assert.equal(mark.label, 'staging');
    assert.equal(mark.value, '7.3.0');
    assert.equal(mark.referenceValue, '7.2.1');
    assert.deepEqual(mark.reference, { kind: 'production', label: 'production' });
    assert.equal(summary.differences, 1);
    assert.equal(summary.driftingInstances, 1);
    assert.equal(summary.comparedProducts, 1);
  });

  it('marks an IdP missing on test, and the groups that differ, against production', () => {
    const facts = [
      jira('Jira Prod', 'production'),
      jira('Jira Test', 'test', { identityProviders: { known: true, value: [idp('Okta', ['dev'])] } }),
      jira('Jira Staging', 'staging', {
        identityProviders: {
          known: true,
          value: [idp('AD FS', ['jira-users', 'extra-1', 'extra-2']), idp('Okta', ['dev'])],
        },
      }),
    ];
    const { instances } = assessInventory(facts, OPTIONS);
    assert.deepEqual(
      driftOf(instances[1].marks).map((mark) => [mark.kind, 'idp' in mark ? mark.idp : '']),
      [['idpMissing', 'AD FS']],
    );
    const [groups] = driftOf(instances[2].marks);
    assert.ok(groups.kind === 'groupsDiffer');
    assert.equal(groups.missing, 1);
    assert.equal(groups.extra, 2);
    assert.equal(groups.idp, 'AD FS');
    assert.deepEqual(driftOf(instances[0].marks), []);
  });

  it('compares by product: a Confluence is never compared with a Jira', () => {
    const confluence = withSnapshot(jira('Wiki', 'staging'), { applicationName: 'Confluence', pluginVersion: '6.0.0' });
    const { instances, summary } = assessInventory([jira('Jira Prod', 'production'), confluence], OPTIONS);
    assert.equal(instances[1].product, 'Confluence');
    assert.deepEqual(
      instances.flatMap((instance) => driftOf(instance.marks)),
      [],
    );
    assert.equal(summary.comparedProducts, 0);
  });

  it('without production, the majority is the reference; a tie marks each side, naming the other', () => {
    const three = [
      jira('Jira A', 'test'),
      jira('Jira B', 'staging'),
      withSnapshot(jira('Jira C', 'development'), { pluginVersion: '7.3.0' }),
    ];
    const majority = assessInventory(three, OPTIONS);
    assert.deepEqual(
      majority.instances.map((instance) => driftOf(instance.marks).length),
      [0, 0, 1],
    );
    const [mark] = driftOf(majority.instances[2].marks);
    assert.ok(mark.kind === 'pluginVersion');
    assert.deepEqual(mark.reference, { kind: 'majority', labels: ['test', 'staging'] });

    const tie = assessInventory(three.slice(1), OPTIONS);
    assert.deepEqual(
      tie.instances.map((instance) => driftOf(instance.marks).length),
      [1, 1],
    );
    const [first] = driftOf(tie.instances[0].marks);
    assert.ok(first.kind === 'pluginVersion');
    assert.equal(first.reference.kind, 'none');
    assert.equal(first.referenceValue, '7.3.0');
  });

  it('labels instances by name when two share an environment', () => {
    const facts = [
      jira('Jira Prod', 'production'),
      jira('Jira Staging 1', 'staging'),
      withSnapshot(jira('Jira Staging 2', 'staging'), { applicationVersion: '9.13.0' }),
    ];
    const [mark] = driftOf(assessInventory(facts, OPTIONS).instances[2].marks);
    assert.ok(mark.kind === 'productVersion');
    assert.equal(mark.label, 'Jira Staging 2');
    assert.equal(mark.product, 'Jira');
  });
});

describe('assessInventory: warnings of one instance', () => {
  it('marks a staging whose snapshot carries production’s base URL, naming production', () => {
    const prod = jira('Jira Prod', 'production');
    const staging = withSnapshot(jira('Jira Staging', 'staging'), { baseUrl: prod.baseUrl });
    const marks = assessInventory([prod, staging], OPTIONS).instances[1].marks;
    assert.deepEqual(
      marks.filter((mark) => mark.kind === 'baseUrl'),
      [{ kind: 'baseUrl', productBaseUrl: prod.baseUrl, belongsTo: 'Jira Prod', column: 'baseUrl' }],
    );
  });

  it('marks a stale snapshot past the limit, no snapshot, a risky clock and expired tokens; not a fresh one', () => {
    const stale = withSnapshot(jira('Jira Old', 'test'), { takenAt: NOW - 45 * DAY_MS - 1000 });
    const none = jira('Jira New', 'test', { snapshots: { known: true, value: { count: 0 } } });
    const skewed = jira('Jira Skewed', 'test', {
      clockSkewMs: -125_000,
      tokens: {
        known: true,
        value: {
          scope: 'own',
          total: 2,
          expired: 1,
          expiring: 1,
          neverExpiring: 0,
          signsInWithApiToken: true,
          signInToken: { name: 'vscode', expiresAt: NOW + 3 * DAY_MS, neverExpires: false, urgency: 'soon' },
        },
      },
    });
    const [a, b, c] = assessInventory([stale, none, skewed], OPTIONS).instances;
    assert.deepEqual(
      a.marks.map((mark) => mark.kind),
      ['staleSnapshot'],
    );
    assert.deepEqual(a.marks[0], { kind: 'staleSnapshot', ageDays: 45, maxAgeDays: 30, column: 'snapshot' });
    assert.deepEqual(
      b.marks.map((mark) => mark.kind),
      ['noSnapshot'],
    );
    assert.deepEqual(
      c.marks.map((mark) => mark.kind),
      ['clockSkew', 'expiredTokens', 'signInTokenExpiring'],
    );
    assert.equal(assessInventory([jira('Jira Fresh', 'test')], OPTIONS).instances[0].marks.length, 0);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties.

const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,9}$/);
const version = fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)).map((parts) => parts.join('.'));
const groupNames = fc.uniqueArray(word, { maxLength: 6 });
const idpList = fc
  .uniqueArray(fc.constantFrom('AD FS', 'Okta', 'Azure AD', 'Keycloak'), { minLength: 1, maxLength: 3 })
  .chain((names) => fc.tuple(...names.map((name) => groupNames.map((groups) => idp(name, groups)))));

/** One instance's values, every one known: what copies of one instance share. */
const baseFacts = fc.record({
  applicationVersion: version,
  pluginVersion: version,
  idps: idpList,
});

function copy(
  base: { applicationVersion: string; pluginVersion: string; idps: IdpFacts[] },
  name: string,
  environment: string,
) {
  return withSnapshot(jira(name, environment, { identityProviders: { known: true, value: base.idps } }), {
    applicationVersion: base.applicationVersion,
    pluginVersion: base.pluginVersion,
  });
}

/** A fleet of one product: copies of one instance, with a production one or (none) at least three. */
const fleet = fc
  .record({ base: baseFacts, size: fc.integer({ min: 2, max: 6 }), withProduction: fc.boolean() })
  .map(({ base, size, withProduction }) => {
    const count = withProduction ? size : Math.max(size, 3);
    return {
      base,
      withProduction,
      instances: Array.from({ length: count }, (_, i) =>
        copy(base, `Jira ${i}`, withProduction && i === 0 ? 'production' : `env-${i}`),
      ),
    };
  });

type Change = { kind: InventoryMark['kind']; apply: (facts: InstanceFacts) => InstanceFacts };

function changes(base: { idps: IdpFacts[] }): Change[] {
  const [first] = base.idps;
  const replaceIdps = (facts: InstanceFacts, idps: IdpFacts[]): InstanceFacts => ({
    ...facts,
    identityProviders: { known: true, value: idps },
  });
  return [
    { kind: 'productVersion', apply: (facts) => withSnapshot(facts, { applicationVersion: '99.0.0' }) },
    { kind: 'pluginVersion', apply: (facts) => withSnapshot(facts, { pluginVersion: '99.0.0' }) },
    { kind: 'idpExtra', apply: (facts) => replaceIdps(facts, [...base.idps, idp('Ping Federate', [])]) },
    { kind: 'idpMissing', apply: (facts) => replaceIdps(facts, base.idps.slice(1)) },
    {
      kind: 'groupsDiffer',
      apply: (facts) =>
        replaceIdps(facts, [
          idp(first.name, [...(first.groups.known ? first.groups.value : []), 'zz-extra']),
          ...base.idps.slice(1),
        ]),
    },
  ];
}

describe('assessInventory: properties', () => {
  it('identical instances never drift', () => {
    fc.assert(
      fc.property(fleet, ({ instances }) => {
        const { instances: assessed, summary } = assessInventory(instances, OPTIONS);
        assert.equal(summary.differences, 0);
        for (const instance of assessed) assert.deepEqual(driftOf(instance.marks), []);
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });

  it('one value changed on one instance is marked on that instance, in its column, and nowhere else', () => {
    const scenario = fleet.chain((f) =>
      fc.record({
        fleet: fc.constant(f),
        // Never the production instance: it is the reference, so the others would all differ from it.
        target: fc.integer({ min: f.withProduction ? 1 : 0, max: f.instances.length - 1 }),
        change: fc.constantFrom(...changes(f.base)),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ fleet: { instances }, target, change }) => {
        const changed = instances.map((facts, i) => (i === target ? change.apply(facts) : facts));
        const assessed = assessInventory(changed, OPTIONS).instances;
        assessed.forEach((instance, i) => {
          const drift = driftOf(instance.marks);
          if (i !== target) assert.deepEqual(drift, [], `instance ${i} was marked for a change on ${target}`);
          else {
            assert.deepEqual(
              drift.map((mark) => mark.kind),
              [change.kind],
            );
            const column = { productVersion: 'product', pluginVersion: 'kantegaSso' }[drift[0].kind as string];
            assert.equal(drift[0].column, column ?? 'identityProviders');
          }
        });
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });

  it('an unknown value is unknown, never different', () => {
    const unknowns: Array<(facts: InstanceFacts) => InstanceFacts> = [
      (facts) => ({ ...facts, snapshots: { known: false, reason: 'forbidden' } }),
      (facts) => ({ ...facts, identityProviders: { known: false, reason: 'notOffered' } }),
      (facts) => ({
        ...facts,
        identityProviders: {
          known: true,
          value: facts.identityProviders.known
            ? facts.identityProviders.value.map((entry) => ({ ...entry, groups: { known: false, reason: 'failed' } }))
            : [],
        },
      }),
      (facts) => withSnapshot(facts, { pluginVersion: undefined, applicationVersion: undefined }),
      (facts) => ({
        ...facts,
        status: 'unreachable',
        snapshots: { known: false, reason: 'offline' },
        tokens: { known: false, reason: 'offline' },
        identityProviders: { known: false, reason: 'offline' },
      }),
    ];
    const scenario = fleet.chain((f) =>
      fc.record({
        fleet: fc.constant(f),
        target: fc.integer({ min: 0, max: f.instances.length - 1 }),
        unknown: fc.constantFrom(...unknowns),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ fleet: { instances }, target, unknown }) => {
        const changed = instances.map((facts, i) => (i === target ? unknown(facts) : facts));
        for (const instance of assessInventory(changed, OPTIONS).instances)
          assert.deepEqual(driftOf(instance.marks), []);
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });

  it('counts the managed groups missing and extra as sets would, whatever the order of the lists', () => {
    const names = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'B', 'é', 'z-1', 'z-10', 'z-2'), { maxLength: 10 });
    const list = fc.oneof(
      names.map((groups) => [...new Set(groups)].sort()), // as the cache keeps them
      names, // any order, repeats
    );
    fc.assert(
      fc.property(list, list, (production, staging) => {
        const facts = [
          jira('Jira Prod', 'production', {
            identityProviders: { known: true, value: [groupsOf('AD FS', production)] },
          }),
          jira('Jira Staging', 'staging', { identityProviders: { known: true, value: [groupsOf('AD FS', staging)] } }),
        ];
        const expected = new Set(production);
        const actual = new Set(staging);
        const missing = [...expected].filter((name) => !actual.has(name)).length;
        const extra = [...actual].filter((name) => !expected.has(name)).length;
        const marks = driftOf(assessInventory(facts, OPTIONS).instances[1].marks);
        if (missing + extra === 0) assert.deepEqual(marks, []);
        else {
          assert.equal(marks.length, 1);
          assert.ok(marks[0].kind === 'groupsDiffer');
          assert.deepEqual([marks[0].missing, marks[0].extra], [missing, extra]);
        }
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });
});
