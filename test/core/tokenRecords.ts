// Large token lists for load: the body a server with many tokens sends, used by the transport test
// (test/core/transport/http.test.ts) and by scripts/bench.ts. Not the vendor's answers: those are in answers.ts.

/**
 * `count` API 3.0 token records as one JSON array, owned in turn by `users`
 * users; record i (from 0) has id i + 1 and the name `token <i + 1> for the nightly integration pipeline`.
 */
export function tokenRecords(count: number, users = 500): string {
  return JSON.stringify(
    Array.from({ length: count }, (_, i) => ({
      id: i + 1,
      tokenName: `token ${i + 1} for the nightly integration pipeline`,
      description: `Created by the load test, record number ${i + 1}, to measure large lists end to end.`,
      username: `user${i % users}`,
      createdAt: '2026-01-05T08:41:31',
      createdAtMillis: 1767602491000 + i,
      expiresAt: '2026-02-04T08:41',
      expiresAtMillis: 1770194460000 + i,
      timeUntilExpiryDays: '30',
      timeUntilExpiryMillis: 2592000000,
    })),
  );
}
