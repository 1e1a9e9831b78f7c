// Runs every property of test/core/properties.ts with many cases (issue #11), where `npm test` runs a
// few hundred with a fixed seed. Usage: tsx scripts/fuzz.ts [--runs N] [--seed S] [name filter]
// Defaults: 100,000 cases per property (or FUZZ_RUNS), a new seed each time (printed, to replay).
import { performance } from 'node:perf_hooks';
import {
  decodeProperties,
  formatProperties,
  parseJsonProperties,
  redactProperties,
  statusErrorProperties,
  textProperties,
  type NamedProperty,
} from '../test/core/properties';

let runs = Number(process.env.FUZZ_RUNS) || 100_000;
let seed = Date.now() % 2 ** 31;
let filter: string | undefined;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--seed') seed = Number(args[++i]);
  else filter = args[i];
}

const properties: Record<string, NamedProperty> = {
  ...decodeProperties(),
  ...parseJsonProperties(),
  ...formatProperties(),
  ...textProperties(),
  ...redactProperties(),
  ...statusErrorProperties(),
};

console.log(`fuzz: ${runs} cases per property, seed ${seed}${filter ? `, properties matching "${filter}"` : ''}`);
let cases = 0;
let failures = 0;
const started = performance.now();
for (const [name, property] of Object.entries(properties)) {
  if (filter && !name.includes(filter)) continue;
  const t0 = performance.now();
  const result = property.check({ seed, numRuns: runs });
  cases += result.numRuns;
  const ms = Math.round(performance.now() - t0);
  console.log(`${result.failed ? 'FAIL' : 'ok  '} ${name}: ${result.numRuns} cases, ${ms} ms`);
  if (result.failed) {
    failures++;
    console.log(result.report.replace(/^/gm, '    '));
  }
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`fuzz: ${cases} cases run, ${failures} failing properties, ${seconds} s (seed ${seed})`);
process.exitCode = failures > 0 ? 1 : 0;
