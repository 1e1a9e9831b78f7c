// Expiry warnings where the user is, and the optional background refresh: a status bar item counting
// the user's own tokens that are expired or expiring (and the instances unreachable), one notification
// a day per such token (the token an instance signs in with first, with Renew), and a refresh every
// `kantegaSso.autoRefreshMinutes` while the Instances view or the token report is visible, leaving a
// server that answered 429 alone for as long as it asked. The decisions are in core/fleet/expiryAlerts.ts.
import * as vscode from 'vscode';
import {
  composeNotification,
  nextAutoRefreshAt,
  planAutoRefresh,
  planNotifications,
  statusBarView,
  summarizeExpiry,
  type InstanceTokens,
  type NotifiedRecords,
  type RefreshCandidate,
} from '../../core/fleet/expiryAlerts';
import { formatDateTime } from '../../core/text/format';
import { rateLimitedUntil } from '../../core/transport';
import type { InstanceConfig } from '../../core/instanceConfig';
import type { Services } from '../services';
import { inertMessage } from '../ui';

/** globalState key: token key (base URL and id, never a secret) → the local day it was last notified. */
const NOTIFIED_KEY = 'kantegaSso.expiryNotified';
const ROTATE_SIGN_IN_TOKENS = 'kantegaSso.rotateSignInTokens';
/** The first status checks wait this long after activation: starting the editor comes first. */
const STARTUP_DELAY_MS = 4_000;
/** After the instances or a credential changed, the statuses are checked again this much later. */
const RECHECK_DELAY_MS = 1_000;
/** Status checks finish one after another: gather them into one evaluation (and one notification). */
const UPDATE_DELAY_MS = 300;

/** Something that is shown or hidden: a TreeView fits. */
export interface VisibilitySource {
  readonly visible: boolean;
  readonly onDidChangeVisibility: vscode.Event<unknown>;
}

export interface ExpiryWatchOptions {
  /** The Instances view (`vscode.window.createTreeView(...)`): the background refresh runs while it is visible. */
  readonly view: VisibilitySource;
  /**
   * Whether the token report or the fleet inventory is visible: the background refresh also runs
   * then. Read again whenever the editor's tabs change, which they do when a panel is shown,
   * hidden or closed, so the report needs no event of its own.
   */
  readonly isReportVisible?: () => boolean;
  /** Overrides the delay before the first status checks (tests). */
  readonly startupDelayMs?: number;
}

/** Registers the status bar item, the notifications and the background refresh. Call once on activation. */
export function registerExpiryWatch(
  services: Services,
  context: vscode.ExtensionContext,
  options: ExpiryWatchOptions,
): vscode.Disposable {
  return new ExpiryWatch(services, context.globalState, options);
}

class ExpiryWatch implements vscode.Disposable {
  /** Made when first shown: activation stays cheap, and a calm fleet never has one. */
  private item: vscode.StatusBarItem | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private updatePending = false;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** Monotonic, as every time the refresh plans with: a wall clock set back must not stall or spin it. */
  private lastRefreshAt = performance.now();
  private started = false;
  private disposed = false;

  constructor(
    private readonly services: Services,
    private readonly state: vscode.Memento,
    private readonly options: ExpiryWatchOptions,
  ) {
    const { data, tree, settings, instances } = services;
    this.subscriptions.push(
      data.onDidLoadStatus(() => this.scheduleUpdate()),
      // A redraw follows every content load and every change the commands make.
      tree.onDidChangeTreeData(() => this.scheduleUpdate()),
      settings.onDidChange((change) => {
        if (change.display || change.watch || change.instances) this.scheduleUpdate();
        if (change.watch) this.arm();
      }),
      // The list, a credential or an entry changed and the tree forgot those statuses; with the view
      // hidden nobody would ask again, but the status bar should. Not with the warnings off: then
      // nothing is asked until the view or a command does. Deferred a moment: one change (settings
      // written, then the secret stored) fires several events, and one check after them is enough.
      instances.onDidChange(() => {
        if (this.started && services.settings.expiryNotifications()) {
          this.later(() => this.checkStatuses(), RECHECK_DELAY_MS);
        }
      }),
      options.view.onDidChangeVisibility(() => this.arm()),
    );
    if (options.isReportVisible) {
      this.subscriptions.push(
        vscode.window.tabGroups.onDidChangeTabs(() => this.arm()),
        vscode.window.tabGroups.onDidChangeTabGroups(() => this.arm()),
      );
    }
    // Nothing on the network during activation: the first checks run a moment later, in the background.
    this.later(() => {
      this.started = true;
      // With the warnings off, nothing reads a secret or asks a server until the view or a command does.
      if (services.settings.expiryNotifications()) this.checkStatuses();
      this.arm();
    }, options.startupDelayMs ?? STARTUP_DELAY_MS);
  }

  /** Starts the status check of every instance not known yet (a known or running one is not repeated). */
  private checkStatuses(): void {
    for (const instance of this.services.instances.list()) void this.services.data.status(instance);
  }

  private later(work: () => void, ms: number): void {
    if (this.disposed) return;
    const timer = unref(
      setTimeout(() => {
        this.timers.delete(timer);
        if (!this.disposed) work();
      }, ms),
    );
    this.timers.add(timer);
  }

  private scheduleUpdate(): void {
    if (this.updatePending) return;
    this.updatePending = true;
    this.later(() => {
      this.updatePending = false;
      this.update();
    }, UPDATE_DELAY_MS);
  }

  /** Re-reads what the cache holds and updates the status bar (and notifies when due). */
  private update(): void {
    const now = Date.now();
    const warningDays = this.services.settings.expiryWarningDays();
    const configured = this.services.instances.list();
    const instances = configured.map((instance) => this.tokensOf(instance));
    const summary = summarizeExpiry(instances, now, warningDays);
    // An instance's own sign-in token is due: the tooltip offers to rotate it (and every other such one).
    this.showStatus(
      statusBarView(summary, now),
      summary.tokens.some((entry) => entry.signIn),
    );
    // One notification for what the checks found together: wait until none is still running.
    const checking = configured.some((instance) => this.services.data.isChecking(instance));
    if (checking || !this.services.settings.expiryNotifications()) return;
    const records = this.state.get<NotifiedRecords>(NOTIFIED_KEY) ?? {};
    const plan = planNotifications(instances, summary, typeof records === 'object' ? records : {}, now);
    if (JSON.stringify(plan.records) !== JSON.stringify(records)) void this.state.update(NOTIFIED_KEY, plan.records);
    const notification = composeNotification(plan, now, warningDays);
    if (notification) this.notify(notification);
  }

  private tokensOf(instance: InstanceConfig): InstanceTokens {
    const status = this.services.data.peekStatus(instance);
    const states: Partial<Record<string, InstanceTokens['state']>> = {
      online: 'online',
      unreachable: 'unreachable',
      credentialRejected: 'rejected',
    };
    const state = (status && states[status.kind]) ?? 'unknown';
    return {
      name: instance.name,
      baseUrl: instance.baseUrl,
      signsInWithApiToken: instance.auth === 'apiToken',
      signInTokenId: this.services.instances.signInTokenId(instance),
      state,
      myTokens: state === 'online' ? this.services.data.peekMyTokens(instance) : undefined,
    };
  }

  private showStatus(view: ReturnType<typeof statusBarView>, signInDue: boolean): void {
    if (!view.visible) {
      this.item?.hide();
      return;
    }
    if (!this.item) {
      this.item = vscode.window.createStatusBarItem('kantegaSso.expiry', vscode.StatusBarAlignment.Left, 0);
      this.item.name = vscode.l10n.t('Kantega SSO token expiry');
      this.item.command = 'kantegaSso.showTokenReport';
    }
    this.item.text = view.text;
    this.item.accessibilityInformation = { label: view.accessibilityLabel, role: 'button' };
    const rotate = `[$(arrow-swap) ${vscode.l10n.t('Rotate Sign-in Tokens…')}](command:${ROTATE_SIGN_IN_TOKENS})`;
    const tooltip = new vscode.MarkdownString(signInDue ? `${view.tooltip}\n\n${rotate}` : view.tooltip, true);
    // That one link runs, nothing else: server text in the tooltip is escaped, and could name no other command.
    tooltip.isTrusted = signInDue ? { enabledCommands: [ROTATE_SIGN_IN_TOKENS] } : false;
    tooltip.supportHtml = false;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = view.background
      ? new vscode.ThemeColor(`statusBarItem.${view.background}Background`)
      : undefined;
    this.item.show();
  }

  private notify(notification: NonNullable<ReturnType<typeof composeNotification>>): void {
    const rotate = vscode.l10n.t('Rotate…');
    const renew = vscode.l10n.t('Renew');
    const setCredential = vscode.l10n.t('Set Credential');
    const report = vscode.l10n.t('Show Report');
    // Renew is offered with a sign-in token (it is due): Rotate replaces it, Renew extends it.
    const actions = notification.renew
      ? [rotate, renew, report]
      : notification.setCredential
        ? [setCredential, report]
        : [report];
    const { message } = notification;
    const shown =
      notification.severity === 'warning'
        ? vscode.window.showWarningMessage(inertMessage(message), ...actions)
        : vscode.window.showInformationMessage(inertMessage(message), ...actions);
    void Promise.resolve(shown).then(async (choice) => {
      try {
        if (choice === rotate) {
          await vscode.commands.executeCommand(ROTATE_SIGN_IN_TOKENS);
        } else if (choice === renew && notification.renew) {
          await vscode.commands.executeCommand('kantegaSso.renewToken', notification.renew);
        } else if (choice === setCredential && notification.setCredential) {
          await vscode.commands.executeCommand('kantegaSso.setCredential', notification.setCredential.instanceName);
        } else if (choice === report) {
          await vscode.commands.executeCommand('kantegaSso.showTokenReport');
        }
      } catch (e) {
        this.services.log.warn(`Could not run the notification's action: ${String(e)}`);
      }
    });
  }

  private visible(): boolean {
    return this.options.view.visible || (this.options.isReportVisible?.() ?? false);
  }

  /** The instances as the refresh plans them, with `now` on the monotonic clock. */
  private candidates(now: number): RefreshCandidate[] {
    const { data } = this.services;
    return this.services.instances.list().map((instance) => {
      // The transport keeps a wall-clock time: only the wait left is carried over.
      const until = rateLimitedUntil(instance.baseUrl);
      return {
        name: instance.name,
        rateLimitedUntil: until === undefined ? undefined : now + (until - Date.now()),
        checking: data.isChecking(instance),
      };
    });
  }

  /** (Re)arms the background refresh: only with an interval set and the view or the report visible. */
  private arm(): void {
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    const minutes = this.services.settings.autoRefreshMinutes();
    if (this.disposed || !this.started || !minutes || !this.visible()) return;
    const now = performance.now();
    const at = nextAutoRefreshAt(this.lastRefreshAt, minutes, this.candidates(now), now);
    if (at === undefined) return;
    this.refreshTimer = unref(
      setTimeout(() => {
        this.refreshTimer = undefined;
        this.autoRefresh();
      }, at - now),
    );
  }

  private autoRefresh(): void {
    if (this.disposed || !this.visible()) return;
    const now = performance.now();
    const plan = planAutoRefresh(this.candidates(now), now);
    for (const { name, until } of plan.skipped) {
      const waitMs = until - now;
      const seconds = Math.ceil(waitMs / 1000);
      this.services.log.info(
        `[${name}] auto-refresh skipped: the server answered 429 and asked to wait ${seconds} s more ` +
          `(until ${formatDateTime(Date.now() + waitMs)})`,
      );
    }
    for (const name of plan.busy) this.services.log.info(`[${name}] auto-refresh skipped: its last check still runs`);
    if (plan.refresh.length) {
      this.services.log.info(`Auto-refresh of ${plan.refresh.length} instance(s)`);
      // As the Refresh command does; one by one when some are left alone.
      if (!plan.skipped.length && !plan.busy.length) {
        // The report follows what the tree forgets (InstanceDataCache.onDidInvalidate).
        this.services.tree.refresh();
      } else {
        for (const name of plan.refresh) this.services.tree.refresh(name);
      }
      this.later(() => this.checkStatuses(), 0);
    }
    this.lastRefreshAt = now;
    this.arm();
  }

  dispose(): void {
    this.disposed = true;
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item?.dispose();
  }
}

/** The extension host lives on regardless; a timer alone must not keep a process (a test, the bench) alive. */
function unref<T extends ReturnType<typeof setTimeout>>(timer: T): T {
  timer.unref?.();
  return timer;
}
