import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeBaseUrl } from '../../src/core/baseUrl';
import { KantegaError } from '../../src/core/errors';

describe('normalizeBaseUrl', () => {
  it('keeps scheme, host, port and context path', () => {
    assert.equal(normalizeBaseUrl('https://jira.example.com:8443/jira'), 'https://jira.example.com:8443/jira');
    assert.equal(normalizeBaseUrl('https://confluence.example.com'), 'https://confluence.example.com');
  });

  it('tolerates surrounding spaces and trailing slashes', () => {
    assert.equal(normalizeBaseUrl('  https://jira.example.com/jira/  '), 'https://jira.example.com/jira');
    assert.equal(normalizeBaseUrl('https://jira.example.com/'), 'https://jira.example.com');
  });

  it('cuts a pasted REST URL back to the base, query included', () => {
    assert.equal(normalizeBaseUrl('https://host/jira/rest/ksso/api/info/1.0/ping'), 'https://host/jira');
    assert.equal(normalizeBaseUrl('https://host/rest/ksso/api/apitokens/3.0/user/expiry/status?id=65'), 'https://host');
    assert.equal(normalizeBaseUrl('https://host/jira/REST/'), 'https://host/jira');
  });

  it('does not mistake a context path that merely starts with "rest" for the API', () => {
    assert.equal(normalizeBaseUrl('https://host/restricted'), 'https://host/restricted');
  });

  const rejected: Array<[string, RegExp]> = [
    ['', /Enter the base URL/],
    ['jira.example.com/jira', /no scheme: start it with https:\/\/ \(for example https:\/\/jira\.example\.com\/jira\)/],
    ['ftp://jira.example.com', /must start with https:\/\/ or http:\/\//],
    ['https://admin:secret@jira.example.com', /Remove the user name and password from the URL/],
    ['https://jira.example.com/jira?os_authType=basic', /cannot have a query/],
    ['https://jira.example.com/#x', /cannot have a query \(\?\.\.\.\) or fragment/],
    ['https://', /not a valid URL/],
  ];
  for (const [input, message] of rejected) {
    it(`rejects ${JSON.stringify(input)} with a message that says how to fix it`, () => {
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
});
