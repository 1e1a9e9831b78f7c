import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCaBundle } from '../../../src/core/transport/caCertificates';
import { generateSelfSignedCertificate } from '../../simulator/tls';

describe('parseCaBundle (kantegaSso.caCertificates)', () => {
  it('keeps every certificate of a bundle', async () => {
    const [a, b] = await Promise.all([generateSelfSignedCertificate(), generateSelfSignedCertificate()]);
    const bundle = parseCaBundle(`# internal CAs\n${a.certPem}\n${b.certPem}`);
    assert.ok(bundle.ok);
    assert.equal(bundle.pems.length, 2);
  });

  it('says what is wrong with a file that is not a PEM certificate', () => {
    const noPem = parseCaBundle('this is a key, not a certificate');
    assert.ok(!noPem.ok);
    assert.match(noPem.problem, /no "-----BEGIN CERTIFICATE-----" block/);
    const damaged = parseCaBundle('-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----');
    assert.ok(!damaged.ok);
    assert.match(damaged.problem, /not a readable X\.509 certificate/);
  });
});
