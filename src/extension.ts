import * as vscode from 'vscode';
import { App } from './app';
import { FetchedSessionInfo, GetFederationTokenArgs, getFederationToken } from './commands/getFederationToken';
import { SessionArgument, clearTokens, copyCliCommand, copySession, copyValue, fetchAgain, openSignInUrl, removeSession } from './commands/sessionCommands';
import { showStatusMenu } from './commands/statusMenu';
import { Clock, SwitchableClock, systemClock } from './core/clock';
import { ExpiryActionSettings, ExpiryPlanner } from './core/expiryPlanner';
import { ExpiryTicker } from './core/expiryTicker';
import { ExpiryActions } from './expiryActions';
import { FederationService, secretsOf } from './core/federationService';
import { loadAws } from './core/lazyAws';
import { Recents } from './core/recents';
import { localExpiry } from './core/session';
import { SESSIONS_SECRET_KEY, SessionStore } from './core/sessionStore';
import { Log } from './log';
import { askMfaCode } from './ui/mfaPrompt';
import { affectsSettings, readSettings } from './settings';
import { ExpiryStatusBar, STATUS_MENU_COMMAND } from './views/statusBar';
import { TlsWarning } from './views/tlsWarning';
import { FieldNode, SessionsTreeProvider } from './views/sessionsTree';

/**
 * What the integration tests reach through `extension.exports`. Returned only when VS Code runs
 * the extension for tests: it holds the tokens, and other extensions must not get them.
 */
export interface ConnectFederationApi {
  readonly store: SessionStore;
  readonly service: FederationService;
  readonly tree: SessionsTreeProvider;
  readonly statusBar: ExpiryStatusBar;
  readonly globalState: vscode.Memento;
  readonly activationMs: number;
  /** Replaces the clock (tests move time by hand). */
  useClock(clock: Clock): void;
}

export function activate(context: vscode.ExtensionContext): ConnectFederationApi | undefined {
  const started = performance.now();
  const clock = new SwitchableClock(systemClock);
  const store = new SessionStore(context.secrets);
  const log = new Log(() => store.list().flatMap(secretsOf));
  const recents = new Recents(context.globalState);
  const warnBeforeMs = (): number => readSettings().expiryWarningMinutes * 60_000;
  const app: App = {
    service: new FederationService({
      aws: loadAws,
      store,
      recents,
      clock,
      log: (line) => log.info(line),
      clientOptions: { mfaCodeProvider: askMfaCode, debugLog: { enabled: () => log.debugEnabled, write: (line) => log.debug(line) } },
    }),
    store,
    recents,
    log,
    clock,
    settings: readSettings,
    env: () => process.env,
  };

  const planner = new ExpiryPlanner();
  const expirySettings = (): ExpiryActionSettings => {
    const settings = readSettings();
    return { notifyBeforeMs: settings.expiryNotificationMinutes * 60_000, autoRefetch: settings.autoRefetch };
  };
  const tree = new SessionsTreeProvider(store, clock, warnBeforeMs, (session) => planner.refetchState(session));
  const statusBar = new ExpiryStatusBar(store, clock, warnBeforeMs, (session) => planner.refetchState(session));
  const showAll = (): void => {
    tree.refresh();
    statusBar.update();
  };
  // A re-fetch's end changes what is shown and when the next action is due.
  const expiryActions = new ExpiryActions(app, planner, expirySettings, () => refreshAll());
  const ticker = new ExpiryTicker(
    clock,
    () => store.list().flatMap((s) => Object.values(localExpiry(s))),
    warnBeforeMs,
    () => {
      showAll();
      expiryActions.run();
    },
    () => planner.nextDueAt(store.list(), clock.now(), expirySettings()),
  );
  const tlsWarning = new TlsWarning();
  const refreshAll = (): void => {
    showAll();
    expiryActions.run();
    ticker.reschedule();
  };
  // Clients are keyed by their transport: changed settings take effect with the next request,
  // while requests and cached credentials under way are left alone.
  const settingsChanged = (): void => {
    tlsWarning.update(readSettings().verifyTls);
    refreshAll();
  };
  tlsWarning.update(readSettings().verifyTls);

  context.subscriptions.push(
    log,
    tree,
    statusBar,
    ticker,
    tlsWarning,
    vscode.window.createTreeView('connectFederation.sessions', { treeDataProvider: tree, showCollapseAll: true }),
    store.onDidChange(refreshAll),
    vscode.workspace.onDidChangeConfiguration((e) => affectsSettings(e) && settingsChanged()),
    vscode.commands.registerCommand('connectFederation.getFederationToken', (args?: GetFederationTokenArgs): Promise<FetchedSessionInfo | undefined> =>
      getFederationToken(app, args),
    ),
    vscode.commands.registerCommand('connectFederation.openSignInUrl', (arg?: SessionArgument) => openSignInUrl(app, arg)),
    vscode.commands.registerCommand('connectFederation.fetchAgain', (arg?: SessionArgument) => fetchAgain(app, arg)),
    vscode.commands.registerCommand('connectFederation.removeSession', (arg?: SessionArgument) => removeSession(app, arg)),
    vscode.commands.registerCommand('connectFederation.clearTokens', () => clearTokens(app)),
    vscode.commands.registerCommand('connectFederation.copyValue', (node: FieldNode) => copyValue(app, node)),
    vscode.commands.registerCommand('connectFederation.copyCliCommand', (arg?: SessionArgument) => copyCliCommand(app, arg)),
    vscode.commands.registerCommand('connectFederation.copySessionJson', (arg?: SessionArgument) => copySession(app, 'json', arg)),
    vscode.commands.registerCommand('connectFederation.copySessionEnv', (arg?: SessionArgument) => copySession(app, 'env', arg)),
    vscode.commands.registerCommand('connectFederation.copySignInUrl', (arg?: SessionArgument) => copySession(app, 'signInUrl', arg)),
    vscode.commands.registerCommand('connectFederation.revealValue', (node: FieldNode) => tree.reveal(node)),
    vscode.commands.registerCommand('connectFederation.hideValue', (node: FieldNode) => tree.hide(node)),
    vscode.commands.registerCommand('connectFederation.showLog', () => log.show()),
    vscode.commands.registerCommand(STATUS_MENU_COMMAND, () => showStatusMenu(app)),
  );

  // Sessions of an earlier window come back from SecretStorage, without a request; so do the
  // changes other windows make.
  const restore = (): void => void store.load().catch((error: unknown) => log.warn(`Could not restore federation sessions: ${String(error)}`));
  context.subscriptions.push(context.secrets.onDidChange((e) => e.key === SESSIONS_SECRET_KEY && restore()));
  restore();

  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms`);
  if (context.extensionMode !== vscode.ExtensionMode.Test) {
    return undefined;
  }
  return {
    store,
    service: app.service,
    tree,
    statusBar,
    globalState: context.globalState,
    activationMs,
    useClock(source) {
      clock.use(source);
      refreshAll();
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
