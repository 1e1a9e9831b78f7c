// What is read from a certificate store and what a TLS failure says, for any input: PowerShell's
// lines and PEM text give back exactly the certificates in them, whatever surrounds them; the TLS
// advice names the OS store exactly when it took part, and never leaks JavaScript.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { pemBlocks } from '../../../src/core/transport/caCertificates';
import { pemsFromBase64Lines } from '../../../src/core/transport/systemCertificates';
import type { SystemStoreUse } from '../../../src/core/transport/trust';
import { tlsMessage } from '../../../src/core/transport/transportWords';
import { NUM_RUNS, SEED, trickyString } from '../properties';

const params = { seed: SEED, numRuns: NUM_RUNS };
const der = fc.uint8Array({ minLength: 1, maxLength: 400 });
/** A line PowerShell might print besides the certificates: never a whole base64 word. */
const noiseLine = fc.string({ maxLength: 40 }).map((text) => `${text.replace(/[\r\n]/g, ' ')} -?`);
const pem = (bytes: Uint8Array) =>
  [
    '-----BEGIN CERTIFICATE-----',
    ...Buffer.from(bytes)
      .toString('base64')
      .match(/.{1,64}/g)!,
    '-----END CERTIFICATE-----',
  ].join('\n');

describe('certificate store output: properties', () => {
  it('pemsFromBase64Lines: one PEM per base64 line, the same bytes, 64-character lines; noise skipped', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(der, fc.array(noiseLine, { maxLength: 2 })), { maxLength: 6 }),
        fc.constantFrom('\n', '\r\n'),
        (entries, newline) => {
          const output = entries
            .flatMap(([bytes, noise]) => [...noise, ` ${Buffer.from(bytes).toString('base64')} `])
            .join(newline);
          const pems = pemsFromBase64Lines(output);
          assert.deepEqual(
            pems,
            entries.map(([bytes]) => pem(bytes)),
          );
          for (const text of pems)
            assert.ok(text.split('\n').every((line) => line.length <= 64 || line.startsWith('-')));
        },
      ),
      params,
    );
  });

  it('pemBlocks: exactly the certificates in any text, in one line-ending form; never throws', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(trickyString, der), { maxLength: 5 }), trickyString, (parts, tail) => {
        const clean = (text: string) => text.replace(/-----/g, '--');
        const text = parts.map(([before, bytes]) => `${clean(before)}\n${pem(bytes).replace(/\n/g, '\r\n')}`).join('');
        assert.deepEqual(
          pemBlocks(text + clean(tail)),
          parts.map(([, bytes]) => pem(bytes)),
        );
      }),
      params,
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        assert.ok(Array.isArray(pemBlocks(text)));
        assert.ok(Array.isArray(pemsFromBase64Lines(text)));
      }),
      params,
    );
  });
});

describe('the TLS advice: properties', () => {
  const untrusted = [
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  ];
  const stores: (SystemStoreUse | undefined)[] = ['used', 'off', 'unreadable', undefined];

  it('an untrusted certificate: the setting to add it to, the OS store named exactly when it took part', () => {
    fc.assert(
      fc.property(fc.constantFrom(...untrusted), fc.constantFrom(...stores), trickyString, (code, store, host) => {
        const message = tlsMessage(code, host, store) as string;
        assert.ok(message.startsWith(host));
        const said = message.slice(host.length);
        assert.match(said, /add it to the setting kantegaSso\.caCertificates \(a PEM file\)\.$/);
        assert.equal(said.includes('http.systemCertificates is off'), store === 'off');
        assert.equal(said.includes("operating system's certificate store"), store !== undefined);
        assert.equal(said.includes('could not be read'), store === 'unreadable');
        assert.doesNotMatch(said, /undefined|NaN|\[object/);
      }),
      params,
    );
  });

  it('any other code: words without the store, or nothing for what is not TLS', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.constantFrom(...stores), (code, store) => {
        fc.pre(!untrusted.includes(code));
        const message = tlsMessage(code, 'jira.example.com', store);
        assert.equal(message, tlsMessage(code, 'jira.example.com'));
        if (message === undefined) assert.doesNotMatch(code, /^(ERR_SSL|ERR_TLS|CERT_)/);
      }),
      params,
    );
  });
});
