import * as vscode from 'vscode';
import { App } from '../app';
import { sessionLabel } from '../core/session';
import { fetchAgain, openSignInUrl } from './sessionCommands';

/** What clicking the status-bar countdown offers, for the session that expires first. */
export async function showStatusMenu(app: App): Promise<void> {
  const session = app.store.list()[0];
  if (!session) {
    return;
  }
  const label = sessionLabel(session);
  const items = [
    { label: '$(link-external) Open Sign-In Page', description: label, run: () => openSignInUrl(app, { sessionId: session.id }) },
    { label: '$(refresh) Fetch Again', description: label, run: () => fetchAgain(app, { sessionId: session.id }) },
    { label: '$(list-tree) Show Federation Sessions', run: () => vscode.commands.executeCommand('connectFederation.sessions.focus') },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Connect Federation', placeHolder: `Token for ${label}` });
  await picked?.run();
}
