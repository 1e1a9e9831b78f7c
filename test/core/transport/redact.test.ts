// The redactor on its own: every form in which a server may echo a secret.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { combineRedactors, createRedactor, noRedaction } from '../../../src/core/transport/redact';

const secret = 'pa$$:w0rd&more ü';
const redact = createRedactor({ secrets: [secret], username: 'admin' });
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('createRedactor', () => {
  const forms: Record<string, string> = {
    raw: secret,
    'Basic value': base64(`admin:${secret}`),
    'base64 of the secret': base64(secret),
    'base64 without padding': base64(secret).replace(/=+$/, ''),
    encodeURIComponent: encodeURIComponent(secret),
    'encodeURIComponent, lower-case hex': encodeURIComponent(secret).toLowerCase(),
    'form encoding': new URLSearchParams({ a: secret }).toString().slice(2),
    'split by a newline': `${secret.slice(0, 5)}\n${secret.slice(5)}`,
    'split by spaces and tabs': secret.split('').join(' \t'),
    'HTML entities': secret.replace('&', '&amp;').replace(':', '&#58;').replace('$', '&#x24;'),
    'Basic value wrapped at 8': base64(`admin:${secret}`).replace(/(.{8})/g, '$1\r\n'),
    Bearer: `Bearer ${secret}`,
  };
  for (const [name, form] of Object.entries(forms)) {
    it(`masks the ${name}`, () => {
      const out = redact(`before ${form} after`);
      assert.match(out, /^before [\s\S]*\*\*\*[\s\S]* after$/);
      assert.ok(!out.includes('w0rd'), out);
      assert.ok(!out.includes(base64(secret).slice(0, 12)), out);
    });
  }

  it('leaves text without secrets alone', () => {
    assert.equal(redact('Internal server error'), 'Internal server error');
    assert.equal(createRedactor({ secrets: [] }), noRedaction);
    assert.equal(createRedactor({ secrets: [''] })('text'), 'text');
  });

  it('masks a short secret only as a whole word', () => {
    const short = createRedactor({ secrets: ['er'] });
    assert.equal(short('Internal server error'), 'Internal server error');
    assert.equal(short('password er rejected; er.'), 'password *** rejected; ***.');
  });

  it('combines the credential with secrets of one request', () => {
    const both = combineRedactors(createRedactor({ secrets: ['first-secret'] }), redact);
    assert.equal(both(`first-secret and ${secret}`), '*** and ***');
  });
});
