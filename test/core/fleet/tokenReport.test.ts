// The token report's model: rows, state and days left, sort, filter, paging, and the CSV and JSON
// export (spreadsheet-safe, no secret). Examples first, then properties over any token list.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ApiToken, CreatedToken } from '../../../src/core/model';
import {
  EXPORT_FIELDS,
  QUICK_FILTERS,
  REPORT_COLUMNS,
  ReportModel,
  buildReportRows,
  compareSortKeys,
  filterTerms,
  passesQuickFilters,
  searchText,
  sortKey,
  toCsv,
  toJson,
  type ReportQuery,
  type ReportRow,
  type SortSpec,
} from '../../../src/core/fleet/tokenReport';

const SEED = 20261123;
const NUM_RUNS = 200;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 12, 0);

function token(fields: Partial<ApiToken> = {}): ApiToken {
  return {
    id: 1,
    name: 'ci-deploy',
    description: 'Deploys from CI',
    descriptionUnknown: false,
    username: 'admin',
    createdAt: NOW - 10 * DAY,
    expiresAt: NOW + 30 * DAY,
    neverExpires: false,
    actionable: true,
    ...fields,
  };
}

function rows(list: Array<{ token: ApiToken; isOwn?: boolean }>, instance = 'Jira Prod', environment = 'production') {
  return buildReportRows(
    { name: instance, environment },
    list.map(({ token, isOwn }) => ({ token, isOwn: isOwn ?? true })),
    NOW,
    14,
  );
}

/** RFC 4180, as a spreadsheet reads it: quoted cells may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      record.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || record.length) records.push([...record, cell]);
  return records;
}

/**
 * The file as written (UTF-8) and read back as a spreadsheet told "UTF-8" reads it: it starts with
 * the byte-order mark, which marks the encoding and is no part of the first cell.
 */
function readBack(csv: string): string[][] {
  const bytes = new TextEncoder().encode(csv);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the file starts with the UTF-8 byte-order mark');
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  assert.ok(!text.startsWith('\uFEFF'), 'the decoder takes the mark as the encoding, not as text');
  return parseCsv(text);
}

/** The rows in `sort`'s order, as the report shows them with no filter. */
function sortRows(rows: readonly ReportRow[], sort: SortSpec): ReportRow[] {
  return new ReportModel(rows).matching({ text: '', quick: [], sort });
}

describe('token report rows', () => {
  it('says the state and whole days left as the tree does', () => {
    const [expired, soon, valid, never, unknown] = rows([
      { token: token({ id: 1, expiresAt: NOW - 3 * DAY }) },
      { token: token({ id: 2, expiresAt: NOW + 5 * DAY }) },
      { token: token({ id: 3, expiresAt: NOW + 30 * DAY }) },
      { token: token({ id: 4, expiresAt: undefined, neverExpires: true }) },
      { token: token({ id: 5, expiresAt: undefined }) },
    ]);
    assert.deepEqual(
      [expired, soon, valid, never, unknown].map((r) => [r.state, r.daysLeft]),
      [
        ['expired', -3],
        ['expiring', 5],
        ['valid', 30],
        ['never', undefined],
        ['unknown', undefined],
      ],
    );
    assert.equal(rows([{ token: token({ expiresAt: NOW - 1000 }) }])[0].daysLeft, 0, 'no -0');
  });

  it('marks production, keeps no description for API 2.0, and no id for a record without one', () => {
    const [row] = rows([{ token: token({ description: undefined, descriptionUnknown: true }) }]);
    assert.equal(row.production, true);
    assert.equal(row.description, undefined);
    assert.equal(row.descriptionUnknown, true);
    const [noId] = rows([{ token: token({ id: undefined, actionable: false }) }], 'Conf', 'staging');
    assert.equal(noId.tokenId, undefined);
    assert.equal(noId.production, false);
  });

  it('cleans server text of direction overrides and line breaks', () => {
    const [row] = rows([{ token: token({ name: 'evil\u202Egnp.exe\nline', username: 'bob\u0000' }) }]);
    assert.equal(row.name, 'evilgnp.exe line');
    assert.equal(row.owner, 'bob');
  });

  it('never carries a secret, even from a freshly created token', () => {
    const created: CreatedToken = { ...token(), secret: 'SECRET-abc-123' };
    const list = rows([{ token: created }]);
    assert.ok(!JSON.stringify(list).includes('SECRET-abc-123'));
    assert.ok(!toCsv(list).includes('SECRET-abc-123'));
    assert.ok(!toJson(list).includes('SECRET-abc-123'));
  });
});

describe('token report sort, filter and pages', () => {
  const list = [
    ...rows([
      { token: token({ id: 1, name: 'beta', expiresAt: NOW - 2 * DAY }) },
      { token: token({ id: 2, name: 'Alpha', username: 'john.doe', expiresAt: NOW + 3 * DAY }), isOwn: false },
      { token: token({ id: 3, name: 'gamma', expiresAt: undefined, neverExpires: true }) },
    ]),
    ...rows([{ token: token({ id: 7, name: 'delta', description: 'Nightly backup' }) }], 'Confluence', 'staging'),
  ];

  it('sorts text as people read it: numbers by value, accents with their letter, no owner last', () => {
    const named = rows(
      ['build 10', 'Build 9', 'Émile', 'zeta', 'eve'].map((name, i) => ({
        token: token({ id: i + 1, name, username: i === 0 ? undefined : `user${i}` }),
      })),
    );
    assert.deepEqual(
      sortRows(named, { column: 'name', descending: false }).map((r) => r.name),
      ['Build 9', 'build 10', 'Émile', 'eve', 'zeta'],
    );
    assert.equal(sortRows(named, { column: 'owner', descending: false }).at(-1)?.name, 'build 10', 'no owner last');
  });

  it('sorts by any column, case-insensitively, both ways', () => {
    assert.deepEqual(
      sortRows(list, { column: 'name', descending: false }).map((r) => r.name),
      ['Alpha', 'beta', 'delta', 'gamma'],
    );
    assert.deepEqual(
      sortRows(list, { column: 'expires', descending: false }).map((r) => r.name),
      ['beta', 'Alpha', 'delta', 'gamma'],
      'most urgent first, never last',
    );
    assert.deepEqual(
      sortRows(list, { column: 'instance', descending: true }).map((r) => r.instanceName),
      ['Jira Prod', 'Jira Prod', 'Jira Prod', 'Confluence'],
    );
  });

  it('filters on every text column and on the quick filters', () => {
    const model = new ReportModel(list);
    const shown = (query: Pick<ReportQuery, 'text' | 'quick'>) =>
      model.matching({ ...query, sort: { column: 'name', descending: false } });
    const names = (found: ReportRow[]) => found.map((r) => r.name).sort();
    assert.deepEqual(names(shown({ text: 'NIGHTLY', quick: [] })), ['delta']);
    assert.deepEqual(names(shown({ text: 'john', quick: [] })), ['Alpha']);
    assert.deepEqual(names(shown({ text: 'confluence delta', quick: [] })), ['delta']);
    assert.deepEqual(names(shown({ text: 'confluence beta', quick: [] })), []);
    assert.deepEqual(names(shown({ text: '', quick: ['expired'] })), ['beta']);
    assert.deepEqual(names(shown({ text: '', quick: ['expiring'] })), ['Alpha']);
    assert.deepEqual(names(shown({ text: '', quick: ['expired', 'expiring'] })), ['Alpha', 'beta']);
    assert.deepEqual(names(shown({ text: '', quick: ['never'] })), ['gamma']);
    assert.deepEqual(names(shown({ text: '', quick: ['mine'] })), ['beta', 'delta', 'gamma']);
    assert.deepEqual(names(shown({ text: '', quick: ['mine', 'expiring'] })), []);
  });

  it('pages the matching rows and counts each quick filter', () => {
    const model = new ReportModel(list);
    const query = { text: '', quick: [], sort: { column: 'name', descending: false } } as const;
    const first = model.page(query, 0, 3);
    assert.deepEqual(
      [first.rows.map((r) => r.name), first.offset, first.matching, first.total],
      [['Alpha', 'beta', 'delta'], 0, 4, 4],
    );
    const beyond = model.page(query, 99, 3);
    assert.deepEqual([beyond.rows.map((r) => r.name), beyond.offset], [['gamma'], 3], 'the last page');
    assert.deepEqual(model.page({ ...query, text: 'nothing like it' }, 3, 3), {
      rows: [],
      offset: 0,
      matching: 0,
      total: 4,
    });
    assert.deepEqual(model.counts(), { expired: 1, expiring: 1, never: 1, mine: 3 });
  });

  it('answers a query over 50,000 rows within a fraction of a second', () => {
    const big = buildReportRows(
      { name: 'Jira', environment: 'production' },
      Array.from({ length: 50_000 }, (_, i) => ({
        token: token({ id: i, name: `token ${i}`, username: `user${i % 500}`, expiresAt: NOW + (i % 400) * DAY }),
        isOwn: i % 500 === 0,
      })),
      NOW,
      14,
    );
    const model = new ReportModel(big);
    const page = model.page({ text: 'user42 token', quick: [], sort: { column: 'name', descending: true } }, 0, 200);
    assert.equal(page.matching, 1100, 'user42 and user420 to user429');
    assert.ok(page.rows.every((r) => r.owner?.startsWith('user42')));
  });
});

describe('token export', () => {
  it('writes a CSV a spreadsheet reads safely: header, quoting, ISO dates, no formulas', () => {
    const list = rows([
      { token: token({ id: 5, name: '=HYPERLINK("http://x")', description: 'a, "quoted"\nline', username: '@bob' }) },
      {
        token: token({ id: 6, name: 'plain', description: undefined, descriptionUnknown: true, expiresAt: NOW - DAY }),
      },
    ]);
    const csv = toCsv(list);
    const [header, first, second] = readBack(csv);
    assert.deepEqual(header, [...EXPORT_FIELDS]);
    assert.equal(first[header.indexOf('name')], `'=HYPERLINK("http://x")`);
    assert.equal(first[header.indexOf('owner')], "'@bob");
    assert.equal(first[header.indexOf('description')], 'a, "quoted" line');
    assert.equal(first[header.indexOf('created')], new Date(NOW - 10 * DAY).toISOString());
    assert.equal(second[header.indexOf('description')], '');
    assert.equal(second[header.indexOf('descriptionUnknown')], 'true');
    assert.equal(second[header.indexOf('daysLeft')], '-1', 'our own numbers stay numbers');
    assert.ok(csv.endsWith('\r\n'));
  });

  it('starts the CSV with the UTF-8 byte-order mark, so that spreadsheets read names beyond ASCII right', () => {
    const list = rows(
      [{ token: token({ name: 'Ørjans nøkkel', username: 'ørjan', description: 'Zürich 東京 🚀' }) }],
      'Jira Bodø',
    );
    const csv = toCsv(list);
    assert.ok(csv.startsWith('\uFEFF'));
    assert.equal(csv.indexOf('\uFEFF', 1), -1, 'once, at the start only');
    const bytes = new TextEncoder().encode(csv);
    assert.equal(Buffer.from(bytes.subarray(0, 11)).toString('latin1'), '\xEF\xBB\xBFinstance');
    const [header, first] = readBack(csv);
    assert.equal(header[0], 'instance', 'the first header cell is read as written');
    assert.equal(first[header.indexOf('instance')], 'Jira Bodø');
    assert.equal(first[header.indexOf('owner')], 'ørjan');
    assert.equal(first[header.indexOf('name')], 'Ørjans nøkkel');
    assert.equal(first[header.indexOf('description')], 'Zürich 東京 🚀');
    assert.ok(!toJson(list).includes('\uFEFF'), 'JSON has no mark (RFC 8259 forbids one)');
  });

  it('writes JSON of plain values, null for unknown', () => {
    const list = rows([
      { token: token({ id: undefined, actionable: false, expiresAt: undefined, neverExpires: true }) },
    ]);
    const [record] = JSON.parse(toJson(list)) as Array<Record<string, unknown>>;
    assert.deepEqual(Object.keys(record), [...EXPORT_FIELDS]);
    assert.equal(record.id, null);
    assert.equal(record.expires, null);
    assert.equal(record.neverExpires, true);
    assert.equal(record.state, 'never');
  });
});

// ---------------------------------------------------------------------------------------------

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('=1+1', '+cmd', '-2', '@SUM(A1)', '\tx', '\rx', 'a,b', 'say "hi"', 'x\r\ny', '\u202Eevil'),
);
const time = fc.option(fc.integer({ min: NOW - 1000 * DAY, max: NOW + 1000 * DAY }), { nil: undefined });
const arbToken: fc.Arbitrary<ApiToken> = fc
  .record({
    id: fc.option(fc.nat(), { nil: undefined }),
    name: text.filter((s) => s.trim() !== ''),
    description: fc.option(text, { nil: undefined }),
    descriptionUnknown: fc.boolean(),
    username: fc.option(text, { nil: undefined }),
    createdAt: time,
    expiresAt: time,
    neverExpires: fc.boolean(),
  })
  .map((t) => ({ ...t, actionable: t.id !== undefined, expiresAt: t.neverExpires ? undefined : t.expiresAt }));
const arbRows = fc
  .array(fc.record({ token: arbToken, isOwn: fc.boolean(), instance: fc.constantFrom('Jira', 'Conf', 'Bit') }), {
    maxLength: 40,
  })
  .map((list) =>
    list.flatMap(({ token, isOwn, instance }) => buildReportRows({ name: instance }, [{ token, isOwn }], NOW, 14)),
  );
const arbSort = fc.record({ column: fc.constantFrom(...REPORT_COLUMNS), descending: fc.boolean() });
const arbQuick = fc.subarray([...QUICK_FILTERS]);

describe('token report properties', () => {
  const run = (property: fc.IProperty<[ReportRow[], ...unknown[]]>) =>
    fc.assert(property, { seed: SEED, numRuns: NUM_RUNS });

  it('CSV: one header and one record per row, read back to the same cells, none like a formula', () => {
    run(
      fc.property(arbRows, (list) => {
        const records = readBack(toCsv(list));
        assert.equal(records.length, list.length + 1);
        const json = JSON.parse(toJson(list)) as Array<Record<string, unknown>>;
        records.slice(1).forEach((cells, index) => {
          assert.equal(cells.length, EXPORT_FIELDS.length);
          EXPORT_FIELDS.forEach((field, column) => {
            const value = json[index][field];
            const cell = cells[column];
            if (value === null) assert.equal(cell, '');
            else if (typeof value !== 'string') assert.equal(cell, String(value));
            else {
              assert.doesNotMatch(cell, /^[=+\-@\t\r]/, 'no cell starts like a formula');
              assert.ok(cell === value || (cell === `'${value}` && /^[=+\-@\t\r]/.test(value)), cell);
              // eslint-disable-next-line no-control-regex -- what must not be there
              assert.doesNotMatch(cell, /[\u202A-\u202E\u2066-\u2069\u0000-\u0008]/);
            }
          });
        });
      }),
    );
  });

  it('JSON: plain values only, never undefined', () => {
    run(
      fc.property(arbRows, (list) => {
        const json = JSON.parse(toJson(list)) as Array<Record<string, unknown>>;
        assert.equal(json.length, list.length);
        for (const record of json) {
          assert.deepEqual(Object.keys(record), [...EXPORT_FIELDS]);
          for (const value of Object.values(record)) {
            assert.ok(value === null || ['string', 'number', 'boolean'].includes(typeof value));
          }
        }
      }),
    );
  });

  it('sorting is a permutation in order', () => {
    run(
      fc.property(arbRows, arbSort, (list, sort) => {
        const sorted = sortRows(list, sort);
        assert.equal(sorted.length, list.length);
        assert.deepEqual(new Set(sorted), new Set(list));
        for (let i = 1; i < sorted.length; i++) {
          const [a, b] = [sortKey(sorted[i - 1], sort.column), sortKey(sorted[i], sort.column)];
          const order = compareSortKeys(a, b);
          assert.ok(sort.descending ? order >= 0 : order <= 0, `${String(a)} then ${String(b)}`);
        }
      }),
    );
  });

  it('a filter shows a subset in the sort order, and the pages hold exactly those rows', () => {
    run(
      fc.property(arbRows, arbSort, arbQuick, fc.string({ maxLength: 3 }), (list, sort, quick, filter) => {
        const query = { text: filter, quick, sort };
        const model = new ReportModel(list);
        const matching = model.matching(query);
        // The same rows as checking each row in the sorted list one by one.
        const terms = filterTerms(filter);
        const expected = sortRows(list, sort).filter(
          (row) => passesQuickFilters(row, quick) && terms.every((term) => searchText(row).includes(term)),
        );
        assert.deepEqual(matching, expected);
        assert.ok(matching.every((row) => list.includes(row)));
        const paged: ReportRow[] = [];
        for (let offset = 0; offset < Math.max(1, matching.length); offset += 7) {
          const page = model.page(query, offset, 7);
          assert.equal(page.matching, matching.length);
          paged.push(...page.rows);
        }
        assert.deepEqual(paged, matching);
        if (quick.includes('mine')) assert.ok(matching.every((row) => row.isOwn));
      }),
    );
  });
});
