// Find Token's matcher: every typed word in the name, instance, owner or expiry, ignoring case; name
// matches first; at most a page of rows, with how many match in all. Examples, then properties
// against a plain reading of the rule.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TokenSearch, type TokenSearchEntry } from '../../../src/core/fleet/tokenSearch';

const SEED = 20261125;
const NUM_RUNS = 300;

function entry(name: string, fields: Partial<TokenSearchEntry<string>> = {}): TokenSearchEntry<string> {
  return { name, instanceName: 'Jira Prod', owner: 'admin', expiry: 'expires in 12 days', value: name, ...fields };
}

describe('TokenSearch', () => {
  const tokens = new TokenSearch([
    entry('ci-deploy'),
    entry('Deploy bot', { instanceName: 'Confluence Stage', owner: 'jane.roe' }),
    entry('backup', { owner: 'deploy-user' }),
    entry('Old build server', { expiry: 'expired 3 days ago' }),
    entry('nightly', { owner: undefined, instanceName: 'Bitbucket' }),
  ]);

  it('matches every typed word, ignoring case, in name, instance, owner or expiry', () => {
    assert.deepEqual(tokens.find('DEPLOY', 10).shown, ['ci-deploy', 'Deploy bot', 'backup']);
    assert.deepEqual(tokens.find('deploy confluence', 10).shown, ['Deploy bot']);
    assert.deepEqual(tokens.find('jane', 10).shown, ['Deploy bot']);
    assert.deepEqual(tokens.find('expired', 10).shown, ['Old build server']);
    assert.deepEqual(tokens.find('bitbucket nightly', 10).shown, ['nightly']);
    assert.deepEqual(tokens.find('deploy nightly', 10), { shown: [], matching: 0, total: 5 });
  });

  it('shows tokens named like the words before those matched by owner or instance', () => {
    const search = new TokenSearch([entry('backup', { owner: 'deploy-user' }), entry('deploy-key')]);
    assert.deepEqual(search.find('deploy', 10).shown, ['deploy-key', 'backup']);
  });

  it('a word does not match across two fields', () => {
    assert.deepEqual(tokens.find('deployjira', 10).shown, []);
    assert.deepEqual(tokens.find('ci-deploy\njira', 10).shown, ['ci-deploy'], 'a line break separates words');
  });

  it('shows at most the limit and counts every match: 200 of 50,000', () => {
    const many = new TokenSearch(Array.from({ length: 50_000 }, (_, i) => entry(`token-${i}`)));
    const started = performance.now();
    const result = many.find('token', 200);
    const ms = performance.now() - started;
    assert.equal(result.shown.length, 200);
    assert.equal(result.matching, 50_000);
    assert.equal(result.total, 50_000);
    assert.deepEqual(result.shown.slice(0, 2), ['token-0', 'token-1'], 'in the order given');
    assert.deepEqual(many.find('token-4999', 200), {
      shown: ['token-4999', ...Array.from({ length: 10 }, (_, i) => `token-4999${i}`)],
      matching: 11,
      total: 50_000,
    });
    assert.ok(ms < 500, `${Math.round(ms)} ms for one query over 50,000 tokens`);
  });
});

/** The rule read plainly: all words (split on whitespace, lower-cased) in the joined fields. */
function matchesPlainly(e: TokenSearchEntry<unknown>, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const fields = [e.name, e.instanceName, e.owner ?? '', e.expiry].map((field) => field.toLowerCase());
  return words.every((word) => fields.some((field) => field.includes(word)));
}

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('deploy', 'Deploy', 'DEPLOY-key', 'jira', 'ÆØÅ', 'İstanbul', 'ß', '$(pass-filled)', ''),
);
const arbEntries = fc.array(
  fc.record({
    name: text,
    instanceName: text,
    owner: fc.option(text, { nil: undefined }),
    expiry: fc.constantFrom('expires in 3 days', 'never expires', 'expired 1 day ago', 'expiry unknown'),
  }),
  { maxLength: 40 },
);
const arbQuery = fc.oneof(
  text,
  fc.constantFrom('deploy', 'DEPLOY jira', ' never ', 'key ørjan', 'ss', '  '),
  fc.array(text, { maxLength: 3 }).map((words) => words.join(' ')),
);

describe('TokenSearch: properties', () => {
  const run = (property: fc.IProperty<[Array<Omit<TokenSearchEntry<number>, 'value'>>, string, number]>) =>
    fc.assert(property, { seed: SEED, numRuns: NUM_RUNS });
  const arbLimit = fc.integer({ min: 0, max: 50 });

  it('shows exactly the matching tokens, each once, up to the limit, and counts them all', () => {
    run(
      fc.property(arbEntries, arbQuery, arbLimit, (fields, query, limit) => {
        const entries = fields.map((f, index) => ({ ...f, value: index }));
        const { shown, matching, total } = new TokenSearch(entries).find(query, limit);
        const expected = entries.filter((e) => matchesPlainly(e, query)).map((e) => e.value);
        assert.equal(total, entries.length);
        assert.equal(matching, expected.length);
        assert.equal(shown.length, Math.min(limit, expected.length));
        assert.equal(new Set(shown).size, shown.length, 'no token twice');
        for (const value of shown) assert.ok(expected.includes(value), `${value} matches`);
      }),
    );
  });

  it('name matches come first, each group in the order given', () => {
    run(
      fc.property(arbEntries, arbQuery, arbLimit, (fields, query, limit) => {
        const entries = fields.map((f, index) => ({ ...f, value: index }));
        const { shown } = new TokenSearch(entries).find(query, limit);
        const inName = (value: number) =>
          matchesPlainly({ ...entries[value], instanceName: '', owner: '', expiry: '' }, query);
        const firstOther = shown.findIndex((value) => !inName(value));
        if (firstOther >= 0) assert.ok(shown.slice(firstOther).every((value) => !inName(value)));
        const byName = shown.filter(inName);
        const others = shown.filter((value) => !inName(value));
        assert.deepEqual(
          byName,
          [...byName].sort((a, b) => a - b),
        );
        assert.deepEqual(
          others,
          [...others].sort((a, b) => a - b),
        );
        // The page takes the first name matches there are.
        const allByName = entries.filter((e) => matchesPlainly(e, query) && inName(e.value)).map((e) => e.value);
        assert.deepEqual(byName, allByName.slice(0, byName.length));
      }),
    );
  });

  it('ignores case and the spaces around and between words', () => {
    run(
      fc.property(arbEntries, arbQuery, arbLimit, (fields, query, limit) => {
        const search = new TokenSearch(fields.map((f, index) => ({ ...f, value: index })));
        const result = search.find(query, limit);
        // Upper case as typed with Shift (ß has no one-letter capital: its toUpperCase is "SS").
        const shifted = query.replace(/[a-zæøå]/g, (c) => c.toUpperCase());
        assert.deepEqual(search.find(shifted, limit), result);
        assert.deepEqual(search.find(`  ${query.split(/\s+/).join('   ')} `, limit), result);
      }),
    );
  });
});
