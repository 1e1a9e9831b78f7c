// However a server echoes a secret, and whatever text surrounds it, no form of it reaches a message;
// and text without it is left alone.
import { describe, it } from 'node:test';

import { NUM_RUNS, SEED, redactProperties } from '../properties';

describe('redact: properties', () => {
  for (const [name, property] of Object.entries(redactProperties())) {
    it(name, () => property.assert({ seed: SEED, numRuns: NUM_RUNS }));
  }
});
