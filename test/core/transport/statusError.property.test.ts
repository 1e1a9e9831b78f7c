// Issue #15: whatever status, headers and page a server or a proxy answers with, the transport's
// message reads as ours, holds no secret, names a page's title once, and hands on only a login page
// on the instance's own origin and a plain redirect host.
import { describe, it } from 'node:test';

import { NUM_RUNS, SEED, statusErrorProperties } from '../properties';

describe('statusError: properties', () => {
  for (const [name, property] of Object.entries(statusErrorProperties())) {
    it(name, () => property.assert({ seed: SEED, numRuns: NUM_RUNS }));
  }
});
