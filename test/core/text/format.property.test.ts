// The wording of times never prints NaN, Infinity or undefined, whatever number it is given.
import { describe, it } from 'node:test';

import { formatProperties, NUM_RUNS, SEED } from '../properties';

describe('format: properties', () => {
  for (const [name, property] of Object.entries(formatProperties())) {
    it(name, () => property.assert({ seed: SEED, numRuns: NUM_RUNS }));
  }
});
