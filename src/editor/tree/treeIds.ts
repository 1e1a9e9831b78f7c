// Tree item ids: stable across refreshes (made of names and server ids, never a list position), so
// that VS Code keeps selection, focus and expansion when lists change. Parts are URI-encoded, so a
// user name such as `a/5#0` cannot collide with another node's id.

const part = (text: string) => encodeURIComponent(text);

export function instanceNodeId(instanceName: string): string {
  return `instance/${part(instanceName.toLowerCase())}`;
}

export type TokenGroup = 'myTokens' | 'allTokens';

/** Snapshots, My API Tokens, All API Tokens or Identity Providers under an instance. */
export function groupNodeId(instanceName: string, group: 'snapshots' | TokenGroup | 'identityProviders'): string {
  return `${instanceNodeId(instanceName)}/${group}`;
}

export function snapshotNodeId(instanceName: string, snapshotId: string): string {
  return `${groupNodeId(instanceName, 'snapshots')}/${part(snapshotId)}`;
}

/** A token with an id is the same node wherever its group is drawn from. */
export function tokenNodeId(instanceName: string, group: TokenGroup, tokenId: number): string {
  return `${instanceNodeId(instanceName)}/${group}/token/${tokenId}`;
}

export function userGroupNodeId(instanceName: string, username: string): string {
  return `${instanceNodeId(instanceName)}/allTokens/user/${part(username)}`;
}

/**
 * Ids for tokens the server sent without an id: by owner and name, with a running number for the
 * rare twin, so that every id in a list is unique.
 */
export function idlessTokenNodeIds(
  parentId: string,
  tokens: ReadonlyArray<{ name: string; username?: string }>,
): string[] {
  const seen = new Map<string, number>();
  return tokens.map((token) => {
    const key = `${part(token.username ?? '')}/${part(token.name)}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return `${parentId}/token-without-id/${key}${count > 1 ? `/${count}` : ''}`;
  });
}

/**
 * An identity provider's node (where "adding…" shows while a group is added). Its id is opaque server
 * text: URI-encoded, `..` or `a/b` is one harmless part. The client lists each id once.
 */
export function identityProviderNodeId(instanceName: string, idpId: string): string {
  return `${groupNodeId(instanceName, 'identityProviders')}/idp/${part(idpId)}`;
}

/** A managed group under its identity provider's node (the client lists each group once). */
export function managedGroupNodeId(idpNodeId: string, group: string): string {
  return `${idpNodeId}/group/${part(group)}`;
}
