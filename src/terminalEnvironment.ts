import * as vscode from 'vscode';
import { Clock } from './core/clock';
import { TerminalEnvironmentState, TerminalStatus, terminalEnvironment, terminalVariables } from './core/terminalEnvironment';
import { FederationSession, describeTarget, localExpiry } from './core/session';
import { SessionStore } from './core/sessionStore';

/** workspaceState: the session ID "Use in Terminals" chose (no secret), so that a reloaded window goes on. */
const CHOSEN_KEY = 'connectFederation.terminalSession';

/**
 * "Use in Terminals": the extension's environment variable collection gives new terminals and tasks
 * the chosen session's CONNECT_* variables. Not persistent: the tokens never reach VS Code's disk
 * state, and are set again from SecretStorage when the window opens. VS Code marks terminals opened
 * before a change as stale (relaunch to update).
 */
export class TerminalEnvironment {
  /** The fingerprint of what the collection holds now. */
  private applied = '';

  constructor(
    private readonly collection: vscode.GlobalEnvironmentVariableCollection,
    private readonly store: SessionStore,
    private readonly clock: Clock,
    private readonly memento: vscode.Memento,
    /** What terminals get changed (the tree shows which session they get). */
    private readonly changed: () => void,
  ) {
    collection.persistent = false;
    collection.clear();
  }

  /** What terminals get now. */
  state(): TerminalEnvironmentState {
    const chosen = this.memento.get<unknown>(CHOSEN_KEY);
    return terminalEnvironment(typeof chosen === 'string' ? chosen : undefined, this.store.list(), this.clock.now());
  }

  /** What the terminal's environment hover says (undefined when terminals get nothing). */
  get description(): string | undefined {
    const description = this.collection.description;
    return typeof description === 'string' ? description : description?.value;
  }

  /** Whether terminals get this session's token ('active'), would once it is fetched again ('expired'), or not (undefined). */
  statusOf(session: Pick<FederationSession, 'id'>): TerminalStatus | undefined {
    const state = this.state();
    return state.sessionId === session.id ? state.status : undefined;
  }

  async use(session: FederationSession): Promise<void> {
    await this.memento.update(CHOSEN_KEY, session.id);
    this.sync();
    this.changed();
  }

  /** Terminals get no token from now on. */
  async stop(): Promise<void> {
    await this.memento.update(CHOSEN_KEY, undefined);
    this.sync();
    this.changed();
  }

  /** A removed session takes its variables with it (and is no longer chosen: fetching it again does not bring them back). */
  async forget(sessionId: string | 'all'): Promise<void> {
    if (sessionId === 'all' || this.state().sessionId === sessionId) {
      await this.stop();
    }
  }

  /** Makes the collection say what the state says: before the tree shows a change of the sessions, and on every expiry tick. */
  sync(): void {
    const state = this.state();
    if (state.fingerprint === this.applied) {
      return;
    }
    this.collection.clear();
    for (const [name, value] of Object.entries(state.variables)) {
      this.collection.replace(name, value);
    }
    this.collection.description = state.session && state.status === 'active' ? describe(state.session) : undefined;
    this.applied = state.fingerprint;
  }

  /**
   * "New Terminal with Token": one terminal with the session's variables. The collection is applied
   * over any terminal's own environment (microsoft/vscode#96295), so while another session is in use
   * for terminals, that use stops first (the user is asked).
   */
  async newTerminal(session: FederationSession): Promise<vscode.Terminal | undefined> {
    const state = this.state();
    if (state.status === 'active' && state.sessionId !== session.id && state.session) {
      const stop = 'Stop and Open Terminal';
      const answer = await vscode.window.showWarningMessage(
        `Terminals get the token of ${describeTarget(state.session)} ("Use in Terminals"), which VS Code puts over a new terminal's own: stop that to open a terminal for ${describeTarget(session)}?`,
        { modal: true },
        stop,
      );
      if (answer !== stop) {
        return undefined;
      }
      await this.stop();
    }
    const terminal = vscode.window.createTerminal({
      name: `Connect: ${describeTarget(session)}`,
      env: terminalVariables(session),
      strictEnv: false,
      iconPath: new vscode.ThemeIcon('key'),
    });
    terminal.show();
    return terminal;
  }
}

/** Shown in the terminal's environment hover: which session, until when. */
function describe(session: FederationSession): string {
  const expires = new Date(localExpiry(session).access).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return `Amazon Connect federation token of ${describeTarget(session)} (CONNECT_* variables), access token valid until ${expires}`;
}
