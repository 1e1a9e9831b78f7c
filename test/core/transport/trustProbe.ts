// Run as a child process by systemCertificates.test.ts. The OS store and NODE_EXTRA_CA_CERTS are
// read once per process from its environment, as in the extension host: each environment a test
// needs is a process of its own. argv[2] is JSON: the pings to make, each with its network
// settings; the answer, on stdout, is JSON: each ping's outcome and the problems told to the log.
import { KantegaClient } from '../../../src/core/api/client';
import { KantegaError } from '../../../src/core/errors';

export interface ProbeCase {
  readonly baseUrl: string;
  readonly systemCertificates: boolean;
  readonly caCertificates?: string[];
}

export type ProbeOutcome =
  { readonly ok: true } | { readonly ok: false; readonly kind: string; readonly message: string };

export interface ProbeAnswer {
  readonly outcomes: ProbeOutcome[];
  readonly problems: string[];
}

async function main(): Promise<void> {
  const cases = JSON.parse(process.argv[2]) as ProbeCase[];
  const problems: string[] = [];
  const outcomes: ProbeOutcome[] = [];
  for (const { baseUrl, ...network } of cases) {
    const client = new KantegaClient({
      baseUrl,
      network: { ...network, maxRetries: 0, onCertificateProblem: (problem) => problems.push(problem) },
    });
    try {
      await client.ping();
      outcomes.push({ ok: true });
    } catch (e) {
      outcomes.push(
        e instanceof KantegaError
          ? { ok: false, kind: e.kind, message: e.message }
          : { ok: false, kind: '', message: String(e) },
      );
    } finally {
      await client.close();
    }
  }
  process.stdout.write(JSON.stringify({ outcomes, problems } satisfies ProbeAnswer));
}

void main();
