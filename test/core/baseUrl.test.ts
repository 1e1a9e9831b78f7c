import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkBaseUrl, normalizeBaseUrl, originOf, sameBaseUrl } from '../../src/core/baseUrl';
import { KantegaError } from '../../src/core/errors';

describe('the base URL rule (client, settings, Add Instance and tree alike)', () => {
  it('keeps scheme, host, port and context path', () => {
    assert.equal(normalizeBaseUrl('https://jira.example.com:8443/jira'), 'https://jira.example.com:8443/jira');
    assert.equal(normalizeBaseUrl('https://confluence.example.com'), 'https://confluence.example.com');
  });

  it('tolerates surrounding spaces and trailing slashes', () => {
    assert.equal(normalizeBaseUrl('  https://jira.example.com/jira/  '), 'https://jira.example.com/jira');
    assert.equal(normalizeBaseUrl('https://jira.example.com/'), 'https://jira.example.com');
  });

  it('cuts a pasted REST URL back to the base, query included, as Add Instance and the client both do', () => {
    const pasted = 'https://jira.example.com/jira/rest/ksso/api?x=1';
    assert.equal(normalizeBaseUrl(pasted), 'https://jira.example.com/jira');
    assert.deepEqual(checkBaseUrl(pasted), { ok: true, baseUrl: 'https://jira.example.com/jira' });
    assert.equal(normalizeBaseUrl('https://host/jira/rest/ksso/api/info/1.0/ping'), 'https://host/jira');
    assert.equal(normalizeBaseUrl('https://host/rest/ksso/api/apitokens/3.0/user/expiry/status?id=65'), 'https://host');
    assert.equal(normalizeBaseUrl('https://host/jira/REST/'), 'https://host/jira');
  });

  it('does not mistake a context path that merely starts with "rest" for the API', () => {
    assert.equal(normalizeBaseUrl('https://host/restricted'), 'https://host/restricted');
  });

  it('warns that plain http sends the credential unencrypted', () => {
    const result = checkBaseUrl('http://localhost:2990/jira');
    assert.ok(result.ok);
    assert.equal(result.baseUrl, 'http://localhost:2990/jira');
    assert.match(result.warning ?? '', /unencrypted/);
  });

  const rejected: Array<[string, RegExp]> = [
    ['', /Enter the base URL/],
    ['jira.example.com/jira', /Start the URL with https:\/\//],
    ['ftp://jira.example.com', /not ftp:\/\//],
    ['https://admin:secret@jira.example.com', /Do not put a user name or password in the URL/],
    ['https://jira.example.com/jira?os_authType=basic', /Remove the query/],
    ['https://jira.example.com/#/dashboard', /Remove the fragment/],
    ['https://', /not a valid URL/],
  ];
  for (const [input, message] of rejected) {
    it(`rejects ${JSON.stringify(input)} with a message that says how to fix it`, () => {
      const checked = checkBaseUrl(input);
      assert.ok(!checked.ok);
      assert.match(checked.message, message);
      assert.throws(
        () => normalizeBaseUrl(input),
        (e: unknown) => e instanceof KantegaError && e.kind === 'invalidInput' && message.test(e.message),
      );
    });
  }

  it('never repeats a password typed into the URL', () => {
    assert.throws(
      () => normalizeBaseUrl('https://admin:hunter2@jira.example.com'),
      (e: unknown) => e instanceof Error && !e.message.includes('hunter2'),
    );
  });

  it('compares base URLs as the same application regardless of host case and trailing slash', () => {
    assert.ok(sameBaseUrl('https://Jira.Example.com/jira/', 'https://jira.example.com/jira'));
    assert.ok(!sameBaseUrl('https://jira.example.com/jira', 'https://jira.example.com/confluence'));
    assert.ok(!sameBaseUrl('http://jira.example.com/jira', 'https://jira.example.com/jira'));
  });

  it('names the origin a credential is sent to', () => {
    assert.equal(originOf('https://jira.example.com:8443/jira'), 'https://jira.example.com:8443');
  });
});
