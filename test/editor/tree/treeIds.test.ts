import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  idlessTokenNodeIds,
  instanceNodeId,
  snapshotNodeId,
  tokenNodeId,
  userGroupNodeId,
} from '../../../src/editor/tree/treeIds';

describe('tree item ids', () => {
  it('are made of names and server ids only, so they survive a refresh that reorders a list', () => {
    assert.equal(tokenNodeId('Jira', 'myTokens', 129), tokenNodeId('jira', 'myTokens', 129));
    assert.notEqual(tokenNodeId('Jira', 'myTokens', 129), tokenNodeId('Jira', 'allTokens', 129));
    assert.ok(snapshotNodeId('Jira', 'sso-snapshot-1').startsWith(instanceNodeId('Jira')));
  });

  it('cannot collide through a user name or snapshot id that contains separators', () => {
    const ids = [
      userGroupNodeId('Jira', 'a/5#0'),
      userGroupNodeId('Jira', 'a'),
      tokenNodeId('Jira', 'allTokens', 5),
      snapshotNodeId('Jira', '../allTokens/user/a'),
    ];
    assert.equal(new Set(ids).size, ids.length);
  });

  it('tell apart tokens without an id, even twins with the same owner and name', () => {
    const ids = idlessTokenNodeIds('p', [{ name: 'x', username: 'u' }, { name: 'x', username: 'u' }, { name: 'x' }]);
    assert.equal(new Set(ids).size, 3);
  });
});
