// Issue #11: every answer survives. Mutated documented answers and arbitrary values, fed to every
// decoder: the result keeps the model's invariants, or the error is a KantegaError a person can read.
import { describe, it } from 'node:test';

import { decodeProperties, NUM_RUNS, parseJsonProperties, SEED } from '../properties';

describe('decoders: properties', () => {
  for (const [name, property] of Object.entries({ ...decodeProperties(), ...parseJsonProperties() })) {
    it(name, () => property.assert({ seed: SEED, numRuns: NUM_RUNS }));
  }
});
