import { Clock } from './core/clock';
import { CommandRunner } from './core/commandRunner';
import { FederationService } from './core/federationService';
import { Recents } from './core/recents';
import { Env } from './core/resolution';
import { SessionStore } from './core/sessionStore';
import { Log } from './log';
import { Settings } from './settings';
import { TerminalEnvironment } from './terminalEnvironment';
import { SignInBrowser } from './ui/signInBrowser';
import { SessionsTreeNode } from './views/sessionsTree';

/** What the commands work with; built once in extension.ts. */
export interface App {
  readonly service: FederationService;
  readonly store: SessionStore;
  readonly recents: Recents;
  readonly log: Log;
  readonly clock: Clock;
  readonly settings: () => Settings;
  readonly env: () => Env;
  /** Runs commands and background actions: unexpected errors are logged and shown once. */
  readonly runner: CommandRunner;
  /** The argument as a row our tree handed out (the user clicked it), or undefined for anything else. */
  readonly ownNode: (arg: unknown) => SessionsTreeNode | undefined;
  /** Opens sign-in pages (a browser per session, or openExternal) and forgets browser profiles. */
  readonly browser: SignInBrowser;
  /** The session whose token new terminals get. */
  readonly terminals: TerminalEnvironment;
}
