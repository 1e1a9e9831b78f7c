// Records a hostile or broken server could send, for the extension's security tests: markdown
// command links (VS Code renders trusted markdown links as commands), bidi overrides, huge,
// blank and control-character names, snapshot and IdP ids that are path segments, odd managed groups.
import { DAY_MS } from './format';
import { addIdp, idpList } from './idp';
import type { Reply } from './reply';
import type { Store } from './state';
import type { SimulatorSnapshot } from './types';

export const HOSTILE = Object.freeze({
  commandLinkName: 'build-bot. [Undo](command:workbench.extensions.installExtension?%22some.extension%22)',
  /** U+202E RIGHT-TO-LEFT OVERRIDE: "invoice\u202Efdp.exe" shows as "invoiceexe.pdf". */
  rtlName: 'invoice\u202Efdp.exe',
  longName: `long-${'A'.repeat(9_995)}`,
  blankName: '',
  whitespaceName: ' \t\u00a0 ',
  controlName: 'bell\u0007 escape\u001b[31mred\u001b[0m nul\u0000 del\u007f',
  newlineName: 'first line\nsecond line\r\nthird\u2028fourth',
  /** Quick picks render `$(name)` as a codicon: this would pass for a row the extension marked. */
  iconName: '$(pass-filled) Approved by IT',
  /** A user whose name is itself a markdown command link (it owns one token). */
  username: 'mallory](command:workbench.action.quit)',
  snapshotDescription: 'Nightly backup [Details](command:workbench.action.quit)',
  snapshotIds: ['..', '.', '../secure', '%2E%2E'],
  /** An identity provider named as a command link that would remove an instance of this extension. */
  idpCommandLinkName: '[x](command:kantegaSso.removeInstance)',
  /** U+202E: "Entra ID \u202E(LMAS)" shows as "Entra ID (SAML)" (reversed, brackets mirrored). */
  idpRtlName: 'Entra ID \u202E(LMAS)',
  /**
   * IdP ids that are path segments. `..` cannot be addressed at all (URL parsers and Tomcat resolve
   * `..` and `%2E%2E` segments); `a/b` only as `a%2Fb` (400 with rejectEncodedSlash); `%2E%2E` as
   * `%252E%252E`; `a?b#c` as `a%3Fb%23c`.
   */
  idpIds: ['..', 'a/b', '%2E%2E', 'a?b#c'],
  /** A managed group named as a command link (of the IdP named idpCommandLinkName). */
  groupCommandLinkName: 'jira-users](command:workbench.action.quit)',
  longGroupName: `group-${'g'.repeat(9_994)}`,
  /** Listed twice in the managed groups of the IdP named idpCommandLinkName. */
  duplicateGroup: 'jira-software-users',
  /** Appended to every error message while state.errorSuffix is set (seedHostile sets it). */
  errorSuffix: ' [Fix it](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%22%7D)',
});

/** The hostile token names, in the order seedHostile adds them. */
export const HOSTILE_TOKEN_NAMES: readonly string[] = [
  HOSTILE.commandLinkName,
  HOSTILE.rtlName,
  HOSTILE.longName,
  HOSTILE.blankName,
  HOSTILE.whitespaceName,
  HOSTILE.controlName,
  HOSTILE.newlineName,
  HOSTILE.iconName,
];

function hostileSnapshot(store: Store, id: string, description: string, timeMillis: number): SimulatorSnapshot {
  const { settings } = store;
  return {
    id,
    description,
    filename: `${id}.zip`,
    timeMillis,
    config: { identityProviders: ['Hostile IdP'], revision: -1 },
    applicationName: settings.applicationName,
    applicationVersion: settings.applicationVersion,
    pluginVersion: store.pluginVersion(),
    baseUrl: settings.baseUrl,
    readable: true,
  };
}

/** Adds the hostile records to the store and turns on markdown links in error messages. */
export function addHostileRecords(store: Store): void {
  const { state } = store;
  const now = state.now();
  HOSTILE_TOKEN_NAMES.forEach((name, i) => {
    // Alternate owners so both the admin list and a plain user's list carry hostile names.
    const owner = i % 2 === 0 ? 'admin' : 'john.doe';
    if (store.findUser(owner)) store.addToken(owner, name, name, 30, now - (i + 1) * DAY_MS);
  });
  if (!store.findUser(HOSTILE.username)) {
    state.users.push({ username: HOSTILE.username, password: 'mallory', sysadmin: false });
  }
  store.addToken(HOSTILE.username, 'mallory token', HOSTILE.commandLinkName, 'forever', now - DAY_MS);
  state.snapshots.push(hostileSnapshot(store, 'sso-snapshot-hostile', HOSTILE.snapshotDescription, now - 3 * DAY_MS));
  HOSTILE.snapshotIds.forEach((id, i) => {
    state.snapshots.push(hostileSnapshot(store, id, `Snapshot with id ${id}`, now - (4 + i) * DAY_MS));
  });
  addHostileIdps(store);
  state.errorSuffix = HOSTILE.errorSuffix;
}

/** IdPs with hostile names and ids, and a group list with a command link, 10,000 characters and duplicates. */
function addHostileIdps(store: Store): void {
  const { state } = store;
  const taken = new Set(idpList(state).map((idp) => idp.id));
  const add = (id: string, name: string, managedGroups: string[]) => {
    if (!taken.has(id)) addIdp(state, name, id, { managedGroups });
  };
  add('hostile-command-link', HOSTILE.idpCommandLinkName, [
    HOSTILE.duplicateGroup,
    HOSTILE.groupCommandLinkName,
    HOSTILE.longGroupName,
    HOSTILE.rtlName,
    HOSTILE.duplicateGroup,
    HOSTILE.blankName,
  ]);
  add('hostile-rtl', HOSTILE.idpRtlName, ['confluence-users']);
  for (const id of HOSTILE.idpIds) add(id, `IdP with id ${id}`, ['sso-users']);
}

/** An error answer (status >= 400) with `suffix` appended to its JSON message or plain text. */
export function withErrorSuffix(reply: Reply, suffix: string | undefined): Reply {
  if (!suffix || reply.status < 400) return reply;
  const json = reply.json;
  if (json && typeof json === 'object' && !Array.isArray(json) && 'message' in json) {
    const record = json as Record<string, unknown>;
    return { ...reply, json: { ...record, message: `${String(record.message)}${suffix}` } };
  }
  if (json === undefined && reply.text !== undefined && !/html/i.test(reply.contentType ?? '')) {
    return { ...reply, text: `${reply.text}${suffix}` };
  }
  return reply;
}
