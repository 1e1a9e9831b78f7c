// Managed groups across the fleet: the IdP names a fleet add offers and where each leads, the
// product of an instance, and how Find Managed Group… sorts its answers. Examples, then properties
// against a plain reading of each rule.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  idpNameKey,
  managedGroupFindings,
  matchIdpName,
  productOf,
  sharedIdpNames,
  type GroupCheck,
  type InstanceGroupCheck,
  type Product,
} from '../../../src/core/fleet/managedGroups';

const SEED = 20261202;
const NUM_RUNS = 300;

interface Idp {
  readonly id: string;
  readonly name: string;
}

const idp = (name: string, id = `id-${name}`): Idp => ({ id, name });

describe('idpNameKey', () => {
  it('matches names trimmed, with white space runs as one, ignoring case', () => {
    assert.equal(idpNameKey('  AD  FS '), idpNameKey('ad fs'));
    assert.equal(idpNameKey('Okta\t(prod)'), idpNameKey('OKTA (PROD)'));
    assert.equal(idpNameKey('Cafe\u0301'), idpNameKey('Café'), 'the same letters composed or not');
  });

  it('keeps apart names that differ by more than that', () => {
    assert.notEqual(idpNameKey('Entra ID'), idpNameKey('Azure AD'));
    assert.notEqual(idpNameKey('ADFS'), idpNameKey('AD FS'));
    assert.notEqual(idpNameKey('AD\u200bFS'), idpNameKey('AD FS'), 'an invisible character is not a space');
    assert.notEqual(idpNameKey('AD FS\u202e'), idpNameKey('AD FS'), 'nor is a direction override nothing');
  });

  it('is idempotent and blind to case and padding (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(' ', '\t', '  \n'), (name, pad) => {
        const key = idpNameKey(name);
        assert.equal(idpNameKey(key), key);
        assert.equal(idpNameKey(`${pad}${name.toUpperCase()}${pad}`), idpNameKey(name.toUpperCase()));
        assert.equal(idpNameKey(name.toLowerCase()), idpNameKey(name.toUpperCase().toLowerCase()));
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });
});

describe('sharedIdpNames', () => {
  it('offers the names found on several instances, the most widespread first', () => {
    const shared = sharedIdpNames([
      [idp('AD FS'), idp('Okta')],
      [idp('ad fs '), idp('Okta'), idp('Keycloak')],
      [idp('AD FS'), idp('Entra ID')],
    ]);
    assert.deepEqual(shared, [
      { key: 'ad fs', name: 'AD FS', found: 3, unique: 3 },
      { key: 'okta', name: 'Okta', found: 2, unique: 2 },
    ]);
  });

  it('counts a name twice on one instance once, and says it is not unique there', () => {
    const shared = sharedIdpNames([[idp('AD FS', 'a'), idp('AD FS', 'b')], [idp('AD FS')]]);
    assert.deepEqual(shared, [{ key: 'ad fs', name: 'AD FS', found: 2, unique: 1 }]);
  });

  it('offers every name of a single instance, and nothing when no name is shared', () => {
    assert.deepEqual(
      sharedIdpNames([[idp('Okta'), idp('AD FS')]]).map((name) => name.name),
      ['AD FS', 'Okta'],
    );
    assert.deepEqual(sharedIdpNames([[idp('Okta')], [idp('AD FS')], []]), []);
    assert.deepEqual(sharedIdpNames([]), []);
  });

  it('writes a name as most instances do', () => {
    const [shared] = sharedIdpNames([[idp('ad fs')], [idp('AD FS')], [idp('AD FS')]]);
    assert.equal(shared.name, 'AD FS');
    const [tie] = sharedIdpNames([[idp('ad fs')], [idp('AD FS')]]);
    assert.equal(tie.name, 'ad fs', 'a tie goes to the first instance');
  });

  const names = fc.constantFrom('AD FS', 'ad fs', ' AD FS', 'Okta', 'OKTA', 'Keycloak', 'Entra ID', 'x', 'X ');
  const lists = fc.array(
    fc.array(
      names.map((name) => idp(name)),
      { maxLength: 5 },
    ),
    { maxLength: 6 },
  );

  it('offers exactly the names found on at least two instances (one, for one), counted right (property)', () => {
    fc.assert(
      fc.property(lists, (instances) => {
        const shared = sharedIdpNames(instances);
        const keys = new Set(instances.flatMap((list) => list.map((entry) => idpNameKey(entry.name))));
        const needed = Math.min(2, instances.length);
        for (const key of keys) {
          const holding = instances.map((list) => list.filter((entry) => idpNameKey(entry.name) === key).length);
          const found = holding.filter((count) => count > 0).length;
          const unique = holding.filter((count) => count === 1).length;
          const offered = shared.find((name) => name.key === key);
          if (found >= needed) assert.deepEqual(offered && [offered.found, offered.unique], [found, unique]);
          else assert.equal(offered, undefined);
          if (offered) assert.equal(idpNameKey(offered.name), key, 'the name shown is one of the spellings');
        }
        assert.equal(new Set(shared.map((name) => name.key)).size, shared.length, 'each name once');
        for (let i = 1; i < shared.length; i++) assert.ok(shared[i - 1].found >= shared[i].found);
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });

  it('leads each instance to its one IdP of the name, else to a pick (property)', () => {
    fc.assert(
      fc.property(lists, names, (instances, picked) => {
        const key = idpNameKey(picked);
        for (const list of instances) {
          const named = list.filter((entry) => idpNameKey(entry.name) === key);
          const match = matchIdpName(list, key);
          if (named.length === 1) assert.deepEqual(match, { kind: 'matched', idp: named[0] });
          else if (named.length > 1) assert.deepEqual(match, { kind: 'ambiguous', candidates: named });
          else assert.deepEqual(match, { kind: 'missing', candidates: list });
        }
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });
});

describe('productOf', () => {
  it("takes the snapshot's application name, else the instance name, else the address", () => {
    assert.equal(productOf({ applicationName: 'JIRA', name: 'Wiki', baseUrl: 'https://wiki.example.com' }), 'Jira');
    assert.equal(productOf({ name: 'Confluence Staging', baseUrl: 'https://jira.example.com' }), 'Confluence');
    assert.equal(productOf({ name: 'Prod', baseUrl: 'https://example.com/bitbucket' }), 'Bitbucket');
    assert.equal(productOf({ name: 'Prod', baseUrl: 'https://jira.example.com:8443' }), 'Jira');
    assert.equal(productOf({ name: 'Code', baseUrl: 'https://stash.example.com' }), 'Bitbucket');
    assert.equal(productOf({ name: 'Prod', baseUrl: 'https://example.com' }), undefined);
  });

  it('matches whole words only, and gives way when a source names several products', () => {
    assert.equal(productOf({ name: 'Jirafa', baseUrl: 'https://example.com/crowdsource' }), undefined);
    assert.equal(productOf({ name: 'Jira to Confluence', baseUrl: 'https://example.com/bamboo' }), 'Bamboo');
    assert.equal(
      productOf({ applicationName: 'Jira Confluence', name: 'Crowd', baseUrl: 'https://example.com' }),
      'Crowd',
    );
    assert.equal(productOf({ name: 'X', baseUrl: 'not a url with jira in it' }), 'Jira');
  });

  it('never throws and names at most one known product (property)', () => {
    const known: Product[] = ['Jira', 'Confluence', 'Bitbucket', 'Bamboo', 'Crowd', 'Fisheye'];
    fc.assert(
      fc.property(
        fc.option(fc.string(), { nil: undefined }),
        fc.string(),
        fc.oneof(fc.string(), fc.webUrl()),
        (applicationName, name, baseUrl) => {
          const product = productOf({ applicationName, name, baseUrl });
          assert.ok(product === undefined || known.includes(product));
        },
      ),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });
});

describe('managedGroupFindings', () => {
  const checked = (...idps: Array<[string, boolean]>): GroupCheck<Idp> => ({
    kind: 'checked',
    idps: idps.map(([name, managed]) => ({ idp: idp(name), managed })),
  });

  it('names each instance and IdP that manages it, where it is missing, and where it was not checked', () => {
    const findings = managedGroupFindings<string, Idp>([
      { instance: 'Jira Prod', product: 'Jira', check: checked(['AD FS', true], ['Okta', true]) },
      { instance: 'Jira Test', product: 'Jira', check: checked(['AD FS', false]) },
      { instance: 'Jira Dev', product: 'Jira', check: checked() },
      { instance: 'Confluence', product: 'Confluence', check: checked(['AD FS', false]) },
      { instance: 'Unknown', check: checked(['AD FS', false]) },
      { instance: 'Old Confluence', product: 'Confluence', check: { kind: 'notOffered' } },
      { instance: 'Bitbucket', product: 'Bitbucket', check: { kind: 'forbidden' } },
      { instance: 'Bamboo', product: 'Bamboo', check: { kind: 'error', message: 'connection refused' } },
    ]);
    assert.deepEqual(
      findings.found.map(({ instance, idp: found }) => `${instance}/${found.name}`),
      ['Jira Prod/AD FS', 'Jira Prod/Okta'],
    );
    assert.deepEqual(findings.missing, [
      { instance: 'Jira Test', product: 'Jira', idpCount: 1 },
      { instance: 'Jira Dev', product: 'Jira', idpCount: 0 },
    ]);
    assert.deepEqual(findings.notManaged, [
      { instance: 'Confluence', idpCount: 1 },
      { instance: 'Unknown', idpCount: 1 },
    ]);
    assert.deepEqual(findings.unchecked, [
      { instance: 'Old Confluence', reason: 'notOffered' },
      { instance: 'Bitbucket', reason: 'forbidden' },
      { instance: 'Bamboo', reason: 'error', message: 'connection refused' },
    ]);
  });

  const product = fc.option(fc.constantFrom<Product>('Jira', 'Confluence', 'Bitbucket'), { nil: undefined });
  const check: fc.Arbitrary<GroupCheck<Idp>> = fc.oneof(
    fc
      .array(fc.tuple(fc.constantFrom('AD FS', 'Okta'), fc.boolean()), { maxLength: 3 })
      .map((idps) => checked(...idps)),
    fc.constantFrom<GroupCheck<Idp>>({ kind: 'forbidden' }, { kind: 'notOffered' }, { kind: 'error', message: 'down' }),
  );
  const checks = fc
    .array(fc.record({ product, check }), { maxLength: 8 })
    .map((entries): Array<InstanceGroupCheck<number, Idp>> =>
      entries.map((entry, instance) => ({ instance, ...entry })),
    );

  it('puts each instance in one place; missing only where its product manages it elsewhere (property)', () => {
    fc.assert(
      fc.property(checks, (entries) => {
        const { found, missing, notManaged, unchecked } = managedGroupFindings(entries);
        const managingProducts = new Set(
          entries.filter((entry) => found.some((f) => f.instance === entry.instance)).map((entry) => entry.product),
        );
        for (const entry of entries) {
          const places = [
            found.some((f) => f.instance === entry.instance),
            missing.some((m) => m.instance === entry.instance),
            notManaged.some((n) => n.instance === entry.instance),
            unchecked.some((u) => u.instance === entry.instance),
          ].filter(Boolean).length;
          assert.equal(places, 1, `instance ${entry.instance} is in one place`);
          const managed = entry.check.kind === 'checked' ? entry.check.idps.filter((i) => i.managed).length : 0;
          assert.equal(found.filter((f) => f.instance === entry.instance).length, managed, 'one row per managing IdP');
        }
        for (const m of missing) assert.ok(managingProducts.has(m.product));
        for (const n of notManaged) {
          const itsProduct = entries[n.instance].product;
          assert.ok(itsProduct === undefined || !managingProducts.has(itsProduct));
        }
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });
});
