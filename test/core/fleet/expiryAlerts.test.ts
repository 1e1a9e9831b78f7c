// Expiry warnings: which own tokens need attention, the status bar's words, once-a-day notifications,
// the token an instance signs in with, and the background refresh's back-off after a 429.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  composeNotification,
  localDay,
  MAX_RATE_LIMIT_WAIT_MS,
  nextAutoRefreshAt,
  planAutoRefresh,
  planNotifications,
  signInToken,
  statusBarView,
  summarizeExpiry,
  tokenKey,
  type InstanceTokens,
  type NotifiedRecords,
} from '../../../src/core/fleet/expiryAlerts';
import type { ApiToken } from '../../../src/core/model';
import { linksIn, NUM_RUNS, SEED, trickyString } from '../properties';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

function token(id: number | undefined, name: string, fields: Partial<ApiToken> = {}): ApiToken {
  return { id, name, descriptionUnknown: false, neverExpires: false, actionable: id !== undefined, ...fields };
}

function instance(
  name: string,
  myTokens: ApiToken[] | undefined,
  fields: Partial<InstanceTokens> = {},
): InstanceTokens {
  return {
    name,
    baseUrl: `https://${name.toLowerCase().replace(/\s+/g, '-')}.example.com/jira`,
    signsInWithApiToken: false,
    state: 'online',
    myTokens,
    ...fields,
  };
}

describe('summarizeExpiry', () => {
  it('counts own tokens expired and within the window across instances, and the instances unreachable', () => {
    const summary = summarizeExpiry(
      [
        instance('Jira', [
          token(1, 'old', { expiresAt: NOW - DAY }),
          token(2, 'soon', { expiresAt: NOW + 3 * DAY }),
          token(3, 'later', { expiresAt: NOW + 40 * DAY }),
          token(4, 'forever', { neverExpires: true }),
          token(5, 'unknown'),
        ]),
        instance('Confluence', [token(7, 'build-bot', { expiresAt: NOW + 10 * DAY })]),
        instance('Bitbucket', [], { state: 'unreachable', myTokens: undefined }),
        instance('Bamboo', [], { state: 'unknown', myTokens: undefined }),
      ],
      NOW,
      14,
    );
    assert.equal(summary.expired, 1);
    assert.equal(summary.soon, 2);
    assert.deepEqual(summary.unreachable, ['Bitbucket']);
    assert.deepEqual(
      summary.tokens.map((entry) => entry.token.name),
      ['old', 'soon', 'build-bot'],
    );
  });

  it('counts a token listed by two entries for one server once (the sign-in one if either signs in with it)', () => {
    const ci = token(9, 'ci', { expiresAt: NOW + 2 * DAY });
    const summary = summarizeExpiry(
      [
        instance('Jira Cmd', [ci], { baseUrl: 'https://jira.example.com/' }),
        instance('Jira CI', [ci], { baseUrl: 'https://JIRA.example.com', signsInWithApiToken: true }),
      ],
      NOW,
      14,
    );
    assert.equal(summary.soon, 1);
    assert.equal(summary.tokens[0].signIn, true);
    assert.equal(summary.tokens[0].instanceName, 'Jira CI');
  });

  it('puts the token an instance signs in with first', () => {
    const summary = summarizeExpiry(
      [
        instance('A', [token(1, 'expired one', { expiresAt: NOW - DAY })]),
        instance('B', [token(2, 'sign-in', { expiresAt: NOW + 5 * DAY })], { signsInWithApiToken: true }),
      ],
      NOW,
      14,
    );
    assert.deepEqual(
      summary.tokens.map((entry) => [entry.token.name, entry.signIn]),
      [
        ['sign-in', true],
        ['expired one', false],
      ],
    );
  });
});

describe('signInToken', () => {
  const signs = (tokens: ApiToken[], fields: Partial<InstanceTokens> = {}) =>
    signInToken(instance('Jira', tokens, { signsInWithApiToken: true, ...fields }), NOW);

  it('is the one own token still valid: online, the instance signs in with a listed, valid token', () => {
    const only = token(1, 'ci', { expiresAt: NOW + 3 * DAY });
    assert.equal(signs([only, token(2, 'dead', { expiresAt: NOW - DAY })]), only);
    const forever = token(3, 'forever', { neverExpires: true });
    assert.equal(signs([forever]), forever);
  });

  it('is the token stored as the credential (its id remembered), even among several valid ones', () => {
    const stored = token(2, 'stored', { expiresAt: NOW + 2 * DAY });
    const tokens = [token(1, 'a', { expiresAt: NOW + DAY }), stored];
    assert.equal(signs(tokens, { signInTokenId: 2 }), stored);
    // A remembered id the server no longer lists (deleted, or another server now): deduced as before.
    assert.equal(signs([stored], { signInTokenId: 7 }), stored);
    assert.equal(signs(tokens, { signInTokenId: 2, signsInWithApiToken: false }), undefined);
  });

  it('is unknown with several valid tokens, a password or PAT sign-in, or an instance not online', () => {
    assert.equal(
      signs([token(1, 'a', { expiresAt: NOW + DAY }), token(2, 'b', { expiresAt: NOW + 2 * DAY })]),
      undefined,
    );
    assert.equal(signs([token(1, 'a', { expiresAt: NOW + DAY })], { signsInWithApiToken: false }), undefined);
    assert.equal(signs([token(1, 'a', { expiresAt: NOW + DAY })], { state: 'unreachable' }), undefined);
    assert.equal(signs([]), undefined);
  });
});

describe('planNotifications', () => {
  const jira = instance('Jira', [token(1, 'a', { expiresAt: NOW + 2 * DAY }), token(2, 'b', { expiresAt: NOW + DAY })]);

  it('notifies each token at most once a local day, and again the next day', () => {
    const summary = summarizeExpiry([jira], NOW, 14);
    const first = planNotifications([jira], summary, {}, NOW);
    assert.deepEqual(
      first.notify.map((entry) => entry.token.name),
      ['b', 'a'],
    );
    const again = planNotifications([jira], summary, first.records, NOW + 60_000);
    assert.equal(again.notify.length, 0);
    const tomorrow = planNotifications([jira], summary, again.records, NOW + DAY);
    assert.equal(tomorrow.notify.length, 2);
    assert.equal(Object.values(tomorrow.records)[0], localDay(NOW + DAY));
  });

  it('forgets a token renewed out of the window or deleted, and instances no longer configured', () => {
    const key1 = tokenKey(jira.baseUrl, 1) as string;
    const records: NotifiedRecords = {
      [key1]: localDay(NOW),
      [tokenKey(jira.baseUrl, 99) as string]: localDay(NOW),
      [tokenKey('https://gone.example.com', 5) as string]: localDay(NOW),
    };
    const renewed = instance('Jira', [token(1, 'a', { expiresAt: NOW + 60 * DAY })]);
    const plan = planNotifications([renewed], summarizeExpiry([renewed], NOW, 14), records, NOW);
    assert.deepEqual(plan.records, {});
  });

  it('keeps the records of an instance that could not be listed now: no second notice after a flaky moment', () => {
    const key = tokenKey(jira.baseUrl, 1) as string;
    const down = { ...jira, state: 'unreachable' as const, myTokens: undefined };
    const plan = planNotifications([down], summarizeExpiry([down], NOW, 14), { [key]: localDay(NOW) }, NOW);
    assert.deepEqual(plan.records, { [key]: localDay(NOW) });
  });

  it('never notifies about a token without an id (it cannot be renewed from here), but counts it', () => {
    const noId = instance('Jira', [token(undefined, 'anonymous', { expiresAt: NOW + DAY })]);
    const summary = summarizeExpiry([noId], NOW, 14);
    assert.equal(summary.soon, 1);
    assert.equal(planNotifications([noId], summary, {}, NOW).notify.length, 0);
  });
});

describe('composeNotification', () => {
  it('names the instance and the token it signs in with, with Renew', () => {
    const prod = instance('Jira Prod', [token(42, 'ci', { expiresAt: NOW + 3 * DAY })], { signsInWithApiToken: true });
    const other = instance('Confluence', [token(7, 'build-bot', { expiresAt: NOW + 5 * DAY })]);
    const summary = summarizeExpiry([other, prod], NOW, 14);
    const notification = composeNotification({ notify: summary.tokens, notifyRejected: [] }, NOW, 14);
    assert.equal(
      notification?.message,
      'The API token Jira Prod signs in with expires in 3 days ("ci"). 1 more of your API tokens needs attention.',
    );
    assert.equal(notification?.severity, 'warning');
    assert.deepEqual(notification?.renew, { instanceName: 'Jira Prod', tokenId: 42 });
  });

  it('summarises several tokens in one message, naming the first three', () => {
    const tokens = ['a', 'b', 'c', 'd', 'e'].map((name, i) => token(i, name, { expiresAt: NOW + (i + 1) * DAY }));
    const summary = summarizeExpiry([instance('Jira', tokens)], NOW, 14);
    const notification = composeNotification({ notify: summary.tokens, notifyRejected: [] }, NOW, 14);
    assert.equal(
      notification?.message,
      '5 of your API tokens expire within 14 days: "a" on Jira, "b" on Jira, "c" on Jira, and 2 more',
    );
    assert.equal(notification?.severity, 'information');
    assert.equal(notification?.renew, undefined);
  });

  it('an instance that refused its API token leads, with Set Credential, once a day', () => {
    const prod = instance('Jira Prod', undefined, { signsInWithApiToken: true, state: 'rejected' });
    const other = instance('Confluence', [token(7, 'build-bot', { expiresAt: NOW + 5 * DAY })]);
    const list = [other, prod];
    const summary = summarizeExpiry(list, NOW, 14);
    assert.deepEqual(
      summary.signInRejected.map((i) => i.name),
      ['Jira Prod'],
    );
    const plan = planNotifications(list, summary, {}, NOW);
    const notification = composeNotification(plan, NOW, 14);
    assert.equal(
      notification?.message,
      'Jira Prod refused the API token it signs in with: it has probably expired or been deleted. ' +
        'Set a new one. 1 more warning is in the token report.',
    );
    assert.deepEqual(notification?.setCredential, { instanceName: 'Jira Prod' });
    assert.equal(notification?.renew, undefined);
    const again = planNotifications(list, summary, plan.records, NOW + 60_000);
    assert.deepEqual([again.notify.length, again.notifyRejected.length], [0, 0], 'not twice the same day');
    const view = statusBarView(summary, NOW);
    assert.match(view.text, /^\$\(error\) 1 cannot sign in · \$\(key\) 1 expiring$/);
    assert.equal(view.background, 'error');
    // A password that is refused is not a token problem: the tree says "credential rejected".
    const password = instance('Jira Pw', undefined, { state: 'rejected' });
    assert.deepEqual(summarizeExpiry([password], NOW, 14).signInRejected, []);
  });

  it('one token alone: its name, instance and expiry; an expired one is a warning', () => {
    const summary = summarizeExpiry([instance('Jira', [token(1, 'old', { expiresAt: NOW - 2 * DAY })])], NOW, 14);
    const notification = composeNotification({ notify: summary.tokens, notifyRejected: [] }, NOW, 14);
    assert.equal(notification?.message, 'Your API token "old" on Jira expired 2 days ago.');
    assert.equal(notification?.severity, 'warning');
    assert.equal(composeNotification({ notify: [], notifyRejected: [] }, NOW, 14), undefined);
  });
});

describe('statusBarView', () => {
  it('counts and colours: warning when expiring, error when something expired; hidden when all is well', () => {
    const soon = summarizeExpiry([instance('Jira', [token(1, 'a', { expiresAt: NOW + DAY })])], NOW, 14);
    const view = statusBarView(soon, NOW);
    assert.equal(view.text, '$(key) 1 expiring');
    assert.equal(view.background, 'warning');
    assert.ok(view.visible);

    const mixed = summarizeExpiry(
      [
        instance('Jira', [token(1, 'a', { expiresAt: NOW + DAY }), token(2, 'b', { expiresAt: NOW - DAY })]),
        instance('Down', [], { state: 'unreachable', myTokens: undefined }),
      ],
      NOW,
      14,
    );
    const mixedView = statusBarView(mixed, NOW);
    assert.equal(mixedView.text, '$(key) 1 expired, 1 expiring \u00b7 $(debug-disconnect) 1 unreachable');
    assert.equal(mixedView.background, 'error');
    assert.match(mixedView.tooltip, /Unreachable: Down/);

    const calm = statusBarView(
      summarizeExpiry([instance('Jira', [token(1, 'a', { neverExpires: true })])], NOW, 14),
      NOW,
    );
    assert.equal(calm.visible, false);
  });
});

describe('auto-refresh and 429', () => {
  it('leaves an instance alone until its server said, and asks the others', () => {
    const plan = planAutoRefresh(
      [{ name: 'A' }, { name: 'B', rateLimitedUntil: NOW + 60_000 }, { name: 'C', rateLimitedUntil: NOW - 1 }],
      NOW,
    );
    assert.deepEqual(plan.refresh, ['A', 'C']);
    assert.deepEqual(plan.skipped, [{ name: 'B', until: NOW + 60_000 }]);
  });

  it('lets a check still running finish instead of starting another', () => {
    const plan = planAutoRefresh([{ name: 'A', checking: true }, { name: 'B' }], NOW);
    assert.deepEqual(plan.refresh, ['B']);
    assert.deepEqual(plan.busy, ['A']);
  });

  it('is due an interval after the last one; when every server waits, not before the first may be asked', () => {
    assert.equal(nextAutoRefreshAt(NOW, 5, [{ name: 'A' }], NOW), NOW + 5 * 60_000);
    assert.equal(nextAutoRefreshAt(NOW - 60 * 60_000, 5, [{ name: 'A' }], NOW), NOW, 'overdue: now');
    const waiting = [
      { name: 'A', rateLimitedUntil: NOW + 20 * 60_000 },
      { name: 'B', rateLimitedUntil: NOW + 30 * 60_000 },
    ];
    assert.equal(nextAutoRefreshAt(NOW, 5, waiting, NOW), NOW + 20 * 60_000);
    assert.equal(nextAutoRefreshAt(NOW, 0, waiting, NOW), undefined, 'off');
    const absurd = [{ name: 'A', rateLimitedUntil: NOW + 1000 * DAY }];
    assert.equal(
      nextAutoRefreshAt(NOW, 5, absurd, NOW),
      NOW + MAX_RATE_LIMIT_WAIT_MS,
      'a bad header waits a day at most',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties.

const expiry = fc.oneof(
  fc.integer({ min: -30, max: 60 }).map((days) => ({ expiresAt: NOW + days * DAY + 3_600_000 })),
  fc.constant({ neverExpires: true }),
  fc.constant({}),
  fc.constantFrom({ expiresAt: Number.NaN }, { expiresAt: Infinity }, { expiresAt: -1e20 }),
);
const arbToken = fc
  .record({ id: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }), name: trickyString, expiry })
  .map(({ id, name, expiry }) => token(id, name || 'x', expiry as Partial<ApiToken>));
const arbInstance = fc
  .record({
    name: fc.constantFrom('Jira', 'Confluence', 'Bitbucket', 'Jira [x](command:evil)'),
    host: fc.constantFrom('a', 'b', 'c'),
    signsInWithApiToken: fc.boolean(),
    state: fc.constantFrom('online' as const, 'unreachable' as const, 'unknown' as const, 'rejected' as const),
    myTokens: fc.array(arbToken, { maxLength: 6 }),
  })
  .map(({ host, ...rest }) => ({ ...rest, baseUrl: `https://${host}.example.com` }));
const arbInstances = fc.array(arbInstance, { maxLength: 4 });
const arbWarningDays = fc.oneof(fc.integer({ min: 0, max: 90 }), fc.constantFrom(Number.NaN, Infinity, -5));

describe('expiry alerts: properties', () => {
  it('never notifies the same token twice on one day, however often it is evaluated', () => {
    fc.assert(
      fc.property(
        arbInstances,
        fc.array(fc.integer({ min: 0, max: 20 * 3_600_000 }), { maxLength: 5 }),
        (list, steps) => {
          const start = new Date(2026, 10, 23, 1, 0, 0).getTime();
          let records: NotifiedRecords = {};
          const seen = new Set<string>();
          for (const step of [0, ...steps]) {
            const now = start + step;
            const plan = planNotifications(list, summarizeExpiry(list, now, 14), records, now);
            for (const entry of plan.notify) {
              const id = `${entry.key}@${localDay(now)}`;
              assert.ok(!seen.has(id), `notified twice: ${id}`);
              seen.add(id);
            }
            for (const instance of plan.notifyRejected) {
              const id = `${instance.baseUrl}|sign-in@${localDay(now)}`;
              assert.ok(!seen.has(id), `notified twice: ${id}`);
              seen.add(id);
            }
            records = plan.records;
          }
        },
      ),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });

  it('counts are whole numbers, never NaN; the status bar text never prints NaN or undefined', () => {
    fc.assert(
      fc.property(arbInstances, arbWarningDays, (list, warningDays) => {
        const summary = summarizeExpiry(list, NOW, warningDays);
        for (const count of [summary.expired, summary.soon, summary.unreachable.length]) {
          assert.ok(Number.isSafeInteger(count) && count >= 0, String(count));
        }
        assert.equal(summary.expired + summary.soon, summary.tokens.length);
        const view = statusBarView(summary, NOW);
        assert.doesNotMatch(view.text + view.accessibilityLabel, /NaN|undefined|Infinity/);
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });

  it('no hostile token name makes a link: not in the notification, not in the tooltip', () => {
    fc.assert(
      fc.property(arbInstances, (list) => {
        const summary = summarizeExpiry(list, NOW, 14);
        const notification = composeNotification({ notify: summary.tokens, notifyRejected: [] }, NOW, 14);
        const view = statusBarView(summary, NOW);
        for (const text of [notification?.message ?? '', view.tooltip]) {
          assert.ok(!text.includes(']('), `a link could start in ${JSON.stringify(text)}`);
          assert.deepEqual(linksIn(text), []);
          assert.doesNotMatch(text, /[\u202A-\u202E\u2066-\u2069]/);
        }
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });

  it('a notification names the sign-in token only when it is one, and offers Renew only for it', () => {
    fc.assert(
      fc.property(arbInstances, (list) => {
        const summary = summarizeExpiry(list, NOW, 14);
        const notification = composeNotification({ notify: summary.tokens, notifyRejected: [] }, NOW, 14);
        if (notification?.renew) {
          const first = summary.tokens[0];
          assert.ok(first.signIn && first.token.id === notification.renew.tokenId);
        }
        for (const entry of summary.tokens) {
          if (entry.signIn) assert.ok(list.some((i) => i.signsInWithApiToken && i.name === entry.instanceName));
        }
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });

  it('the next refresh is a whole interval after the last, nor beyond a day past it, on any clock', () => {
    fc.assert(
      fc.property(
        // The editor plans on the monotonic clock (milliseconds since its start); epoch times work alike.
        fc.oneof(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.constant(NOW)),
        fc.integer({ min: 1, max: 1440 }),
        fc.array(fc.option(fc.double({ min: -1e15, max: 1e15, noNaN: false }), { nil: undefined }), { maxLength: 4 }),
        (now, minutes, waits) => {
          const candidates = waits.map((until, i) => ({ name: String(i), rateLimitedUntil: until }));
          const at = nextAutoRefreshAt(now, minutes, candidates, now) as number;
          // Right after a refresh, never sooner than the interval: no timer that fires at once again.
          assert.ok(Number.isFinite(at) && at >= now + minutes * 60_000, String(at));
          assert.ok(at <= now + minutes * 60_000 + MAX_RATE_LIMIT_WAIT_MS);
        },
      ),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });
});
