import * as path from 'node:path';
import * as vscode from 'vscode';
import { App } from './app';
import { FetchedSessionInfo, GetFederationToken } from './commands/getFederationToken';
import {
  clearTokens,
  copyCliCommandCommand,
  copySessionCommand,
  copyValue,
  fetchAgainCommand,
  fieldNodeFor,
  openSignInUrlCommand,
  removeSessionCommand,
} from './commands/sessionCommands';
import { signOutCommand } from './commands/signOut';
import { showStatusMenu } from './commands/statusMenu';
import { newTerminalWithTokenCommand, stopUsingInTerminals, useInTerminalsCommand } from './commands/terminalCommands';
import { BrowserLauncher } from './core/browserLauncher';
import { Clock, SwitchableClock, systemClock } from './core/clock';
import { CommandRunner } from './core/commandRunner';
import { ExpiryCoordinator } from './core/expiryCoordinator';
import { ExpiryActionSettings, ExpiryPlanner } from './core/expiryPlanner';
import { crossWindowState } from './core/fileLock';
import { ExpiryTicker } from './core/expiryTicker';
import { ExpiryActions } from './expiryActions';
import { FederationService, secretsOf } from './core/federationService';
import { loadAws } from './core/lazyAws';
import { Recents } from './core/recents';
import { Env } from './core/resolution';
import { localExpiry } from './core/session';
import { SESSIONS_SECRET_KEY, SessionStore } from './core/sessionStore';
import { Log, LogLevel } from './log';
import { MfaPrompt } from './ui/mfaPrompt';
import { SettingsReader, affectsSettings } from './settings';
import { TerminalEnvironment } from './terminalEnvironment';
import { SignInBrowser } from './ui/signInBrowser';
import { sessionMarks } from './views/sessionMarks';
import { ExpiryStatusBar, STATUS_MENU_COMMAND } from './views/statusBar';
import { TlsWarning } from './views/tlsWarning';
import { SessionsTreeProvider } from './views/sessionsTree';

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
  readonly secrets: vscode.SecretStorage;
  /** Where the windows' shared lock and claims live (undefined: none on disk). */
  readonly crossWindowFolder: string | undefined;
  readonly activationMs: number;
  readonly browser: SignInBrowser;
  /** Undefined where the global storage is no local folder. */
  readonly launcher: BrowserLauncher | undefined;
  readonly terminals: TerminalEnvironment;
  /** Every log line as written (redacted). */
  readonly onDidLog: vscode.Event<{ readonly level: LogLevel; readonly text: string }>;
  /** Replaces the clock (tests move time by hand). */
  useClock(clock: Clock): void;
  /** Replaces the environment the extension reads (undefined: process.env again). */
  useEnvironment(env: (() => Env) | undefined): void;
}

export function activate(context: vscode.ExtensionContext): ConnectFederationApi | undefined {
  const started = performance.now();
  const clock = new SwitchableClock(systemClock);
  const crossWindowFolder = context.globalStorageUri.scheme === 'file' ? context.globalStorageUri.fsPath : undefined;
  const crossWindow = crossWindowState(crossWindowFolder);
  const store = new SessionStore(context.secrets, crossWindow.lock);
  const log = new Log(() => store.list().flatMap(secretsOf));
  const runner = new CommandRunner({
    log,
    redact: (text) => log.redact(text),
    show: (message) => vscode.window.showErrorMessage(message, 'Show Log').then((choice) => choice && log.show()),
  });
  const settings = new SettingsReader((problem) => {
    log.warn(problem);
    const open = 'Open Settings';
    void vscode.window
      .showWarningMessage(problem, open)
      .then((choice) => choice === open && vscode.commands.executeCommand('workbench.action.openSettings', 'connectFederation'));
  });
  let environment = (): Env => process.env;
  const recents = new Recents(context.globalState);
  const mfa = new MfaPrompt();
  const planner = new ExpiryPlanner();
  const warnBeforeMs = (): number => settings.read().expiryWarningMinutes * 60_000;
  // Per-session browser profiles live in the extension's global storage, on the extension host's machine.
  const launcher =
    context.globalStorageUri.scheme === 'file' ? new BrowserLauncher(path.join(context.globalStorageUri.fsPath, 'browser-profiles')) : undefined;
  const browser = new SignInBrowser({ settings: settings.read, launcher, log, env: () => environment(), changed: () => tree.refresh() });
  const terminals = new TerminalEnvironment(context.environmentVariableCollection, store, clock, context.workspaceState, () => tree.refresh());
  const tree = new SessionsTreeProvider(
    store,
    clock,
    warnBeforeMs,
    (session) => planner.refetchState(session),
    (session) => sessionMarks(terminals.statusOf(session), browser.hasProfile(session)),
  );
  const app: App = {
    service: new FederationService({
      aws: loadAws,
      store,
      recents,
      clock,
      log,
      clientOptions: { mfaCodeProvider: mfa.ask, debugLog: { enabled: () => log.debugEnabled, write: (line) => log.debug(line) } },
    }),
    store,
    recents,
    log,
    clock,
    settings: settings.read,
    env: () => environment(),
    runner,
    ownNode: (arg) => tree.own(arg),
    browser,
    terminals,
  };

  const expirySettings = (): ExpiryActionSettings => {
    const current = settings.read();
    return { notifyBeforeMs: current.expiryNotificationMinutes * 60_000, autoRefetch: current.autoRefetch };
  };
  const statusBar = new ExpiryStatusBar(store, clock, warnBeforeMs, (session) => planner.refetchState(session));
  const showAll = (): void => {
    terminals.sync();
    tree.refresh();
    statusBar.update();
  };
  // A re-fetch's end changes what is shown and when the next action is due.
  const expiryActions = new ExpiryActions(app, new ExpiryCoordinator(planner, crossWindow.claims, clock), expirySettings, () => refreshAll());
  const ticker = new ExpiryTicker(
    clock,
    () => store.list().flatMap((s) => Object.values(localExpiry(s))),
    warnBeforeMs,
    // The ticker reschedules after its listener returns: the runner keeps a throw from stopping it.
    () =>
      void runner.background('Expiry check', () => {
        showAll();
        expiryActions.run();
      }),
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
    settings.changed();
    tlsWarning.update(settings.read().verifyTls);
    refreshAll();
  };
  tlsWarning.update(settings.read().verifyTls);

  const getToken = new GetFederationToken(app, mfa);
  /** Every command through the runner, its argument `unknown` until its handler checks it. */
  const register = (id: string, title: string, handler: (arg: unknown) => unknown): vscode.Disposable =>
    vscode.commands.registerCommand(id, runner.command(title, handler));
  context.subscriptions.push(
    log,
    tree,
    statusBar,
    ticker,
    tlsWarning,
    // Keep-alive connections and cached credentials go with the extension.
    { dispose: () => app.service.reset() },
    tree.createView('connectFederation.sessions'),
    store.onDidChange(() => void runner.background('Showing the sessions', refreshAll)),
    vscode.workspace.onDidChangeConfiguration((e) => affectsSettings(e) && void runner.background('Applying the settings', settingsChanged)),
    register('connectFederation.getFederationToken', 'Get Federation Token', (arg): Promise<FetchedSessionInfo | undefined> => getToken.run(arg)),
    register('connectFederation.openSignInUrl', 'Open Sign-In URL', (arg) => openSignInUrlCommand(app, arg)),
    register('connectFederation.fetchAgain', 'Fetch Again', (arg) => fetchAgainCommand(app, arg)),
    register('connectFederation.removeSession', 'Remove Federation Session', (arg) => removeSessionCommand(app, arg)),
    register('connectFederation.clearTokens', 'Clear Federation Tokens', () => clearTokens(app)),
    register('connectFederation.copyValue', 'Copy Value', (arg) => copyValue(app, arg)),
    register('connectFederation.copyCliCommand', 'Copy as AWS CLI Command', (arg) => copyCliCommandCommand(app, arg)),
    register('connectFederation.copySessionJson', 'Copy as JSON', (arg) => copySessionCommand(app, 'json', arg)),
    register('connectFederation.copySessionEnv', 'Copy as Environment Variables', (arg) => copySessionCommand(app, 'env', arg)),
    register('connectFederation.copySignInUrl', 'Copy Sign-In URL', (arg) => copySessionCommand(app, 'signInUrl', arg)),
    register('connectFederation.revealValue', 'Reveal', (arg) => {
      const node = fieldNodeFor(app, arg, 'Reveal');
      return node && tree.reveal(node);
    }),
    register('connectFederation.hideValue', 'Mask Again', (arg) => {
      const node = fieldNodeFor(app, arg, 'Mask Again');
      return node && tree.hide(node);
    }),
    register('connectFederation.showLog', 'Show Log', () => log.show()),
    register('connectFederation.signOut', 'Sign Out', (arg) => signOutCommand(app, arg)),
    register('connectFederation.useInTerminals', 'Use in Terminals', (arg) => useInTerminalsCommand(app, arg)),
    register('connectFederation.stopUsingInTerminals', 'Stop Using in Terminals', () => stopUsingInTerminals(app)),
    register('connectFederation.newTerminalWithToken', 'New Terminal with Token', (arg) => newTerminalWithTokenCommand(app, arg)),
    register(STATUS_MENU_COMMAND, 'Federation Token Actions', () => showStatusMenu(app)),
  );

  // Sessions of an earlier window come back from SecretStorage, without a request; so do the
  // changes other windows make.
  const restore = (): Promise<void> => store.load().catch((error: unknown) => log.warn(`Could not restore federation sessions: ${String(error)}`));
  context.subscriptions.push(context.secrets.onDidChange((e) => e.key === SESSIONS_SECRET_KEY && void runner.background('Restoring the sessions', restore)));
  // The sessions held once the first restore is done show expanded; those fetched after, collapsed first.
  void restore().finally(() => tree.restored());

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
    secrets: context.secrets,
    crossWindowFolder,
    activationMs,
    browser,
    launcher,
    terminals,
    onDidLog: log.onDidWrite,
    useClock(source) {
      clock.use(source);
      refreshAll();
    },
    useEnvironment(env) {
      environment = env ?? (() => process.env);
    },
  };
}

export function deactivate(): void {
  // Everything, the AWS clients included, is disposed through context.subscriptions.
}
