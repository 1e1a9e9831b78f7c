// Server strings, whatever they hold, come out as one clean line, never a link, never markup.
import { describe, it } from 'node:test';

import { NUM_RUNS, SEED, textProperties } from '../properties';

describe('text: properties', () => {
  for (const [name, property] of Object.entries(textProperties())) {
    it(name, () => property.assert({ seed: SEED, numRuns: NUM_RUNS }));
  }
});
