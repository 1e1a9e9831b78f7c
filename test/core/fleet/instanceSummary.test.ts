// The documents the compare commands open side by side: the managed groups one per line, and an
// instance's summary with its lines in a fixed order, unknowns said as such, server text one line.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { instanceSummaryDocument, managedGroupsDocument } from '../../../src/core/fleet/instanceSummary';
import type {
  IdpFacts,
  InstanceFacts,
  InventoryStatus,
  Known,
  SnapshotsFacts,
  TokenFacts,
  UnknownReason,
} from '../../../src/core/fleet/inventory';
import { NUM_RUNS, SEED, trickyString } from '../properties';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 4, 10, 12, 0, 0);

/** Lines before the identity providers: the same number whatever is known. */
const FIXED_LINES = 20;

const known = <T>(value: T): Known<T> => ({ known: true, value });
const unknown = (reason: UnknownReason, message?: string): Known<never> => ({
  known: false,
  reason,
  ...(message !== undefined ? { message } : {}),
});

function production(fields: Partial<InstanceFacts> = {}): InstanceFacts {
  return {
    name: 'Jira Production',
    environment: 'production',
    baseUrl: 'https://jira.example.com',
    status: 'online',
    clockSkewMs: 400,
    snapshots: known({
      count: 3,
      newest: {
        takenAt: NOW - 2 * DAY,
        applicationName: 'JIRA',
        applicationVersion: '9.12.2',
        pluginVersion: '7.4.1',
        baseUrl: 'https://jira.example.com/',
      },
      upgradeBackup: { from: '7.3.0', to: '7.4.1', takenAt: NOW - 30 * DAY },
    }),
    tokens: known({
      scope: 'everyone',
      total: 6,
      expired: 1,
      expiring: 2,
      neverExpiring: 1,
      signsInWithApiToken: true,
      signInToken: { name: 'vscode', expiresAt: NOW + 5 * DAY, neverExpires: false, urgency: 'soon' },
    }),
    identityProviders: known([
      { id: 'okta-1', name: 'Okta', groups: known(['contractors-sso']) },
      { id: 'adfs-1', name: 'AD FS', groups: known(['jira-administrators-sso', 'jira-software-users-sso']) },
    ]),
    ...fields,
  };
}

const lines = (document: string) => document.split('\n');
/** A line's label: the words before its value (and before a parenthesis that qualifies them). */
const label = (text: string) => (/^[^:(]*/.exec(text)?.[0] ?? '').trim();

describe('managedGroupsDocument', () => {
  it('writes one group per line, in the order given, each line ending in a newline', () => {
    assert.equal(managedGroupsDocument(['a-sso', 'b-sso', 'c-sso']), 'a-sso\nb-sso\nc-sso\n');
    assert.equal(managedGroupsDocument([]), '');
  });

  it('keeps a group with a line break, a tab or a direction override on one readable line', () => {
    assert.equal(managedGroupsDocument(['evil\ngroup', '\tx\u202Ey ', 'plain']), 'evil group\nxy\nplain\n');
  });

  it('never splits a group over two lines (property)', () => {
    fc.assert(
      fc.property(fc.array(trickyString, { maxLength: 20 }), (groups) => {
        const document = managedGroupsDocument(groups);
        assert.equal(lines(document).length, groups.length + 1, 'one line per group, then the final newline');
        assert.ok(!document.includes('\r') && !document.includes('\u2028') && !document.includes('\u0085'));
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });
});

describe('instanceSummaryDocument', () => {
  it('says every figure of an instance, the identity providers sorted by name, then their groups', () => {
    const text = instanceSummaryDocument(production(), NOW);
    assert.equal(
      text,
      [
        'Instance: Jira Production',
        'Environment: production',
        'Status: online',
        '',
        'Product (newest snapshot): JIRA 9.12.2',
        'Kantega SSO (newest snapshot): 7.4.1',
        'Base URL (configured): https://jira.example.com',
        'Base URL (as the product reports it): https://jira.example.com/ — the configured one',
        '',
        `Newest snapshot: ${localDateTime(NOW - 2 * DAY)} (2 days ago)`,
        'Snapshots: 3',
        `Newest upgrade backup: 7.3.0 → 7.4.1, ${localDateTime(NOW - 30 * DAY)} (30 days ago)`,
        'Server clock: 0.4 s ahead',
        '',
        "API tokens (everyone's): 6",
        'Expired: 1',
        'Expiring within the warning window: 2',
        'Never expiring: 1',
        `Sign-in API token: "vscode", expires in 5 days (${localDate(NOW + 5 * DAY)})`,
        '',
        'Identity providers: 2',
        '  AD FS: 2 managed groups',
        '  Okta: 1 managed group',
        '',
        'Managed groups of AD FS (2):',
        '  jira-administrators-sso',
        '  jira-software-users-sso',
        '',
        'Managed groups of Okta (1):',
        '  contractors-sso',
        '',
      ].join('\n'),
    );
  });

  it('marks a base URL the product reports that is not the configured one, and a risky clock', () => {
    const snapshots = production().snapshots as { value: SnapshotsFacts };
    const clone = production({
      name: 'Jira Staging',
      baseUrl: 'https://jira-staging.example.com',
      clockSkewMs: -125_000,
      snapshots: known({ ...snapshots.value, newest: { ...snapshots.value.newest, pluginVersion: '7.3.0' } }),
    });
    const text = instanceSummaryDocument(clone, NOW);
    assert.match(
      text,
      /^Base URL \(as the product reports it\): https:\/\/jira\.example\.com\/ — NOT the configured one$/m,
    );
    assert.match(text, /^Server clock: 2 min 5 s behind — more than SAML sign-ins tolerate$/m);
    assert.match(text, /^Kantega SSO \(newest snapshot\): 7\.3\.0$/m);
  });

  it('says why each value is unknown, line for line where the known one would be', () => {
    const offline = instanceSummaryDocument(
      {
        name: 'Jira Test',
        baseUrl: 'https://jira-test.example.com',
        status: 'unreachable',
        statusMessage: 'Could not reach jira-test.example.com:\nECONNREFUSED',
        snapshots: unknown('offline'),
        tokens: unknown('offline'),
        identityProviders: unknown('offline'),
      },
      NOW,
    );
    const shown = lines(offline);
    assert.equal(shown[1], 'Environment: none');
    assert.equal(shown[2], 'Status: unreachable — Could not reach jira-test.example.com: ECONNREFUSED');
    assert.equal(shown[4], 'Product (newest snapshot): unknown — the instance is not online');
    assert.equal(shown[12], 'Server clock: unknown — the instance is not online');
    assert.equal(shown[FIXED_LINES], 'Identity providers: unknown — the instance is not online');
    assert.equal(shown.length, FIXED_LINES + 2);

    const plainUser = instanceSummaryDocument(
      production({
        snapshots: known({ count: 0 }),
        tokens: unknown('failed', 'HTTP 500 from the server'),
        identityProviders: unknown('forbidden'),
      }),
      NOW,
    );
    assert.match(plainUser, /^Product \(newest snapshot\): unknown — take a snapshot to learn it$/m);
    assert.match(plainUser, /^Newest snapshot: none$/m);
    assert.match(plainUser, /^Newest upgrade backup: none$/m);
    assert.match(plainUser, /^Expired: unknown — could not be loaded: HTTP 500 from the server$/m);
    assert.match(plainUser, /^Identity providers: unknown — needs a system administrator$/m);

    const older = instanceSummaryDocument(
      production({
        identityProviders: known([{ id: 'x', name: 'AD FS', groups: unknown('notOffered') }]),
      }),
      NOW,
    );
    assert.match(older, /^ {2}AD FS: managed groups unknown — not offered by this Kantega SSO version$/m);
    assert.match(older, /^Managed groups of AD FS: unknown — not offered by this Kantega SSO version$/m);
  });

  it('names the sign-in token, or says there is none to tell', () => {
    const tokens = (production().tokens as { value: TokenFacts }).value;
    const withTokens = (value: Partial<TokenFacts>) =>
      instanceSummaryDocument(production({ tokens: known({ ...tokens, ...value }) }), NOW);
    assert.match(
      withTokens({ signsInWithApiToken: false, signInToken: undefined }),
      /^Sign-in API token: none — it does not sign in with a Kantega API token$/m,
    );
    assert.match(
      withTokens({ signInToken: undefined }),
      /^Sign-in API token: unknown — which of the tokens it is cannot be told$/m,
    );
    assert.match(
      withTokens({ signInToken: { name: 'ci', neverExpires: true, urgency: 'never' } }),
      /^Sign-in API token: "ci", never expires$/m,
    );
    assert.match(withTokens({ scope: 'own', total: 2 }), /^API tokens \(your own\): 2$/m);
  });

  it('shows hostile server text as text on its own line', () => {
    const text = instanceSummaryDocument(
      production({
        identityProviders: known([
          { id: 'h', name: 'Entra\n\u202EID', groups: known(['a\nIdentity providers: 0', '\u2066x\u2069']) },
        ]),
      }),
      NOW,
    );
    const shown = lines(text);
    assert.equal(shown[FIXED_LINES + 1], '  Entra ID: 2 managed groups');
    assert.deepEqual(shown.slice(FIXED_LINES + 3), [
      'Managed groups of Entra ID (2):',
      '  a Identity providers: 0',
      '  x',
      '',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: any facts make a document a person can read, with its lines where the other side's are.

/** Server text that does not itself say what the document must never say. */
const serverText = trickyString.filter((s) => !/undefined|NaN|object Object/.test(s));
const reason = fc.constantFrom<UnknownReason>('loading', 'offline', 'forbidden', 'notOffered', 'failed');
const unknownFact = fc
  .tuple(reason, fc.option(serverText, { nil: undefined }))
  .map(([why, message]) => unknown(why, message));
function knownOr<T>(value: fc.Arbitrary<T>): fc.Arbitrary<Known<T>> {
  return fc.oneof(value.map(known), unknownFact);
}
/** Any number a fact could hold through a bug: a time, a count, NaN, infinities. */
const anyNumber = fc.oneof(fc.integer({ min: 0, max: 500 }), fc.double(), fc.integer());
const time = fc.oneof(fc.integer({ min: NOW - 400 * DAY, max: NOW + 400 * DAY }), fc.double());
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

const snapshotsFacts: fc.Arbitrary<SnapshotsFacts> = fc.record(
  {
    count: anyNumber,
    newest: fc.record(
      {
        takenAt: time,
        applicationName: serverText,
        applicationVersion: serverText,
        pluginVersion: serverText,
        baseUrl: serverText,
      },
      { requiredKeys: [] },
    ),
    upgradeBackup: fc.record({ from: serverText, to: serverText, takenAt: optional(time) }),
  },
  { requiredKeys: ['count'] },
);

const tokenFacts: fc.Arbitrary<TokenFacts> = fc.record(
  {
    scope: fc.constantFrom<'everyone' | 'own'>('everyone', 'own'),
    total: anyNumber,
    expired: anyNumber,
    expiring: anyNumber,
    neverExpiring: anyNumber,
    signsInWithApiToken: fc.boolean(),
    signInToken: fc.record({
      name: serverText,
      expiresAt: optional(time),
      neverExpires: fc.boolean(),
      urgency: fc.constantFrom('expired', 'soon', 'ok', 'never', 'unknown' as const),
    }),
  },
  { requiredKeys: ['scope', 'total', 'expired', 'expiring', 'neverExpiring', 'signsInWithApiToken'] },
);

const idpFacts: fc.Arbitrary<IdpFacts> = fc.record({
  id: serverText,
  name: serverText,
  groups: knownOr(fc.array(serverText, { maxLength: 8 })),
});

const instanceFacts: fc.Arbitrary<InstanceFacts> = fc.record(
  {
    name: serverText,
    environment: serverText,
    baseUrl: serverText,
    status: fc.constantFrom<InventoryStatus>(
      'checking',
      'online',
      'unreachable',
      'credentialRejected',
      'credentialMissing',
      'needsConsent',
      'error',
    ),
    statusMessage: serverText,
    snapshots: knownOr(snapshotsFacts),
    clockSkewMs: anyNumber,
    tokens: knownOr(tokenFacts),
    identityProviders: knownOr(fc.array(idpFacts, { maxLength: 6 })),
  },
  { requiredKeys: ['name', 'baseUrl', 'status', 'snapshots', 'tokens', 'identityProviders'] },
);

describe('instanceSummaryDocument properties', () => {
  it('never says undefined, NaN or [object Object], for any facts', () => {
    fc.assert(
      fc.property(instanceFacts, fc.oneof(fc.constant(NOW), fc.double()), (facts, now) => {
        const text = instanceSummaryDocument(facts, now);
        assert.ok(!/undefined|NaN|\[object Object\]/.test(text), text);
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });

  it('keeps its fixed lines in place, one line per IdP and per group: server text never splits a line', () => {
    fc.assert(
      fc.property(instanceFacts, (facts) => {
        const shown = lines(instanceSummaryDocument(facts, NOW));
        const labels = shown.slice(0, FIXED_LINES + 1).map((text) => label(text));
        assert.deepEqual(
          labels,
          lines(instanceSummaryDocument(production(), NOW))
            .slice(0, FIXED_LINES + 1)
            .map((text) => label(text)),
          'the same labels line for line',
        );
        assert.ok(shown[FIXED_LINES].startsWith('Identity providers: '));
        const idps = facts.identityProviders.known ? facts.identityProviders.value : [];
        // The IdP list, then per IdP a blank line, its heading and (known) its groups; the final newline.
        const expected =
          FIXED_LINES +
          1 +
          idps.length +
          idps.reduce((sum, idp) => sum + 2 + (idp.groups.known ? idp.groups.value.length : 0), 0) +
          1;
        assert.equal(shown.length, expected);
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });

  it('is the same text for the same facts (two sides of a diff made apart agree)', () => {
    fc.assert(
      fc.property(instanceFacts, (facts) => {
        const copy = structuredClone(facts);
        assert.equal(instanceSummaryDocument(facts, NOW), instanceSummaryDocument(copy, NOW));
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

function twoDigits(n: number): string {
  return String(n).padStart(2, '0');
}

function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${twoDigits(d.getMonth() + 1)}-${twoDigits(d.getDate())}`;
}

function localDateTime(ms: number): string {
  const d = new Date(ms);
  return `${localDate(ms)} ${twoDigits(d.getHours())}:${twoDigits(d.getMinutes())}`;
}
