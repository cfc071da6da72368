import { App } from '../app';
import { sessionFor } from './sessionCommands';

/** "Sign Out": forgets the session's browser profile (its cookies); the token stays. No secret leaves: no confirmation. */
export async function signOutCommand(app: App, arg: unknown): Promise<boolean> {
  const session = await sessionFor(app, arg, 'Sign Out');
  return session ? app.browser.signOut(session) : false;
}
