import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseInstanceConfigs,
  removeSettingEntry,
  upsertSettingEntry,
  validateInstanceName,
  validateUsername,
} from '../../src/core/instanceConfig';

describe('validateInstanceName', () => {
  it('requires a name unique regardless of case, but lets an edited instance keep its own name', () => {
    assert.match(validateInstanceName('  ', []) ?? '', /Enter a name/);
    assert.match(validateInstanceName('jira prod', ['Jira Prod']) ?? '', /already exists/);
    assert.equal(validateInstanceName('Jira Prod', ['Jira Prod', 'Staging'], 'Jira Prod'), undefined);
    assert.equal(validateInstanceName('Confluence', ['Jira Prod']), undefined);
  });
});

describe('validateUsername', () => {
  it('requires a user name except for personal access tokens, and never a colon (it would break Basic auth)', () => {
    assert.match(validateUsername('', 'password') ?? '', /Enter the user name/);
    assert.equal(validateUsername('', 'pat'), undefined);
    assert.match(validateUsername('ad:min', 'apiToken') ?? '', /":"/);
    assert.equal(validateUsername('admin', 'apiToken'), undefined);
  });
});

describe('parseInstanceConfigs (hand-written settings)', () => {
  it('keeps usable entries, defaults auth to password, and explains every skipped or corrected entry', () => {
    const parsed = parseInstanceConfigs([
      {
        name: 'Jira Prod',
        baseUrl: 'https://jira.example.com/',
        username: 'admin',
        auth: 'apiToken',
        environment: 'production',
      },
      { name: 'Hand written', baseUrl: 'https://conf.example.com', username: 'bob' },
      { name: 'Typo', baseUrl: 'https://bb.example.com', username: 'x', auth: 'token', environment: 'prod' },
      { baseUrl: 'https://nameless.example.com' },
      { name: 'jira prod', baseUrl: 'https://other.example.com', username: 'a' },
      { name: 'Bad URL', baseUrl: 'jira.example.com', username: 'a' },
      'not an object',
    ]);
    assert.deepEqual(parsed.instances, [
      {
        name: 'Jira Prod',
        baseUrl: 'https://jira.example.com',
        username: 'admin',
        auth: 'apiToken',
        environment: 'production',
      },
      {
        name: 'Hand written',
        baseUrl: 'https://conf.example.com',
        username: 'bob',
        auth: 'password',
        environment: undefined,
      },
      { name: 'Typo', baseUrl: 'https://bb.example.com', username: 'x', auth: 'password', environment: undefined },
    ]);
    assert.equal(parsed.problems.length, 6);
    assert.match(parsed.problems.join('\n'), /"auth" must be "password", "apiToken" or "pat"/);
    assert.match(parsed.problems.join('\n'), /\[3\] has no "name"/);
    assert.match(parsed.problems.join('\n'), /"jira prod" is used twice/);
    assert.match(parsed.problems.join('\n'), /\[5\] \("Bad URL"\): Start the URL with https/);
    assert.match(parsed.problems.join('\n'), /\[6\] is not an object/);
  });

  it('treats a missing setting as no instances and a non-array as a problem', () => {
    assert.deepEqual(parseInstanceConfigs(undefined), { instances: [], problems: [] });
    assert.equal(parseInstanceConfigs({ name: 'x' }).problems.length, 1);
  });
});

describe('editing the setting array', () => {
  const prod = {
    name: 'Prod',
    baseUrl: 'https://jira.example.com',
    username: 'admin',
    auth: 'password' as const,
    environment: 'production' as const,
  };

  it('appends a new instance and replaces a renamed one in place, keeping keys written by hand', () => {
    const raw = [
      { name: 'Prod', baseUrl: 'https://old.example.com', username: 'a', auth: 'pat', comment: 'ops team' },
      { name: 'Other', baseUrl: 'https://o' },
    ];
    assert.deepEqual(upsertSettingEntry([], prod), [
      {
        name: 'Prod',
        baseUrl: 'https://jira.example.com',
        username: 'admin',
        auth: 'password',
        environment: 'production',
      },
    ]);
    const renamed = upsertSettingEntry(raw, { ...prod, name: 'Jira', environment: undefined }, 'prod');
    assert.deepEqual(renamed, [
      { name: 'Jira', baseUrl: 'https://jira.example.com', username: 'admin', auth: 'password', comment: 'ops team' },
      { name: 'Other', baseUrl: 'https://o' },
    ]);
    assert.deepEqual(raw[0].name, 'Prod', 'the input array is not modified');
  });

  it('removes only the named instance', () => {
    assert.deepEqual(removeSettingEntry([{ name: 'Prod' }, { name: 'Other' }, 42], 'prod'), [{ name: 'Other' }, 42]);
  });
});
