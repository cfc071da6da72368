import * as vscode from 'vscode';
import { App } from '../app';
import { FederationSession, describeTarget, localExpiry } from '../core/session';
import { Release, fetchAgain, sessionFor } from './sessionCommands';

/** A session named by an argument gives its token to terminals only with the user's yes. */
const TERMINALS_RELEASE: Release = {
  action: 'Use in Terminals',
  question: (s) => `Give new terminals and tasks the federation token of ${describeTarget(s)}?`,
  detail: 'Every program started in a terminal or task of this window can read the CONNECT_* variables.',
  alwaysPick: false,
};

const TERMINAL_RELEASE: Release = {
  ...TERMINALS_RELEASE,
  action: 'Open Terminal',
  question: (s) => `Open a terminal with the federation token of ${describeTarget(s)}?`,
  detail: 'Every program started in that terminal can read the CONNECT_* variables.',
};

/** "Use in Terminals": new terminals and tasks get the session's CONNECT_* variables. */
export async function useInTerminalsCommand(app: App, arg: unknown): Promise<boolean> {
  const session = await validSession(app, await sessionFor(app, arg, 'Use in Terminals', TERMINALS_RELEASE), 'Use in Terminals');
  if (!session) {
    return false;
  }
  await app.terminals.use(session);
  vscode.window.setStatusBarMessage(`$(terminal) New terminals and tasks get the token of ${describeTarget(session)}`, 4000);
  return true;
}

/** "Stop Using in Terminals": new terminals get no token. */
export async function stopUsingInTerminals(app: App): Promise<void> {
  const { session, sessionId } = app.terminals.state();
  await app.terminals.stop();
  if (sessionId !== undefined) {
    vscode.window.setStatusBarMessage(`$(terminal) New terminals no longer get the token of ${session ? describeTarget(session) : sessionId}`, 4000);
  }
}

/** "New Terminal with Token": one terminal with the session's variables. */
export async function newTerminalWithTokenCommand(app: App, arg: unknown): Promise<vscode.Terminal | undefined> {
  const session = await validSession(app, await sessionFor(app, arg, 'New Terminal with Token', TERMINAL_RELEASE), 'New Terminal with Token');
  return session && app.terminals.newTerminal(session);
}

/** The session, fetched again first when its access token has expired (a terminal would get a dead token). */
async function validSession(app: App, session: FederationSession | undefined, title: string): Promise<FederationSession | undefined> {
  if (!session || localExpiry(session).access > app.clock.now()) {
    return session;
  }
  const again = 'Fetch Again';
  const choice = await vscode.window.showWarningMessage(`${title}: the token of ${describeTarget(session)} has expired.`, again);
  if (choice !== again) {
    return undefined;
  }
  await fetchAgain(app, session);
  const fresh = app.store.get(session.id);
  return fresh && localExpiry(fresh).access > app.clock.now() ? fresh : undefined;
}
