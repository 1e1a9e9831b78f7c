import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  groupNodeId,
  identityProviderNodeId,
  idlessTokenNodeIds,
  instanceNodeId,
  managedGroupNodeId,
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

  it('keep identity providers and their groups apart whatever their server ids and names hold', () => {
    const idps = ['..', 'a/b', '%2E%2E', 'a?b#c', 'group', 'idp/x', 'x', 'Entra ID \u202E(LMAS)\n'];
    const groupsOf = (idpId: string) =>
      ['x', 'group/x', '..', '%2E', 'more'].map((g) => managedGroupNodeId(identityProviderNodeId('Jira', idpId), g));
    const ids = [
      groupNodeId('Jira', 'identityProviders'),
      ...idps.map((id) => identityProviderNodeId('Jira', id)),
      ...idps.flatMap(groupsOf),
    ];
    assert.equal(new Set(ids).size, ids.length);
    const root = `${groupNodeId('Jira', 'identityProviders')}/`;
    for (const id of ids.slice(1)) {
      assert.ok(id.startsWith(root), id);
      // Encoded: printable ASCII only (no bidi or control character), and no separator from server text.
      assert.match(id, /^[!-~]+$/);
      assert.equal(id.slice(root.length).split('/').length, id.includes('/group/') ? 4 : 2, id);
    }
    assert.equal(
      identityProviderNodeId('Jira', 'x'),
      identityProviderNodeId('JIRA', 'x'),
      'instance names as elsewhere',
    );
    assert.notEqual(identityProviderNodeId('Jira', 'X'), identityProviderNodeId('Jira', 'x'), 'ids are case-sensitive');
  });
});
