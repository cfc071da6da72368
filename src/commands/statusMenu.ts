import * as vscode from 'vscode';
import { App } from '../app';
import { expiryStatus } from '../core/expiry';
import { FederationSession, localExpiry, sessionLabel } from '../core/session';
import { copyCliCommand, copySession, fetchAgain, openSignInUrl, removeSession } from './sessionCommands';

type Item = vscode.QuickPickItem & { readonly run?: () => Thenable<unknown> };

const OPEN_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: 'Open Sign-In Page' };
const REFETCH_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('refresh'), tooltip: 'Fetch Again' };

/** What clicking the status-bar countdown offers: every held session (soonest expiry first), then general actions. */
export async function showStatusMenu(app: App): Promise<void> {
  const now = app.clock.now();
  const sessionItems = app.store.list().map(
    (session): Item & { session: FederationSession } => ({
      label: `$(key) ${sessionLabel(session)}`,
      description: `${session.profile} · ${session.region} · ${expiryStatus(localExpiry(session).access, now, 0).text}`,
      buttons: [OPEN_BUTTON, REFETCH_BUTTON],
      session,
      run: () => sessionMenu(app, session),
    }),
  );
  const items: Item[] = [
    ...sessionItems,
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(add) Get Federation Token…', run: () => vscode.commands.executeCommand('connectFederation.getFederationToken') },
    { label: '$(list-tree) Show Federation Sessions', run: () => vscode.commands.executeCommand('connectFederation.sessions.focus') },
  ];
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = 'Connect Federation';
  pick.placeholder = 'Pick a session for its actions';
  pick.items = items;
  const chosen = await new Promise<(() => Thenable<unknown>) | undefined>((resolve) => {
    pick.onDidTriggerItemButton(({ item, button }) => {
      const { session } = item as (typeof sessionItems)[number];
      resolve(button === OPEN_BUTTON ? () => openSignInUrl(app, { sessionId: session.id }) : () => fetchAgain(app, { sessionId: session.id }));
      pick.hide();
    });
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.run);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
  await chosen?.();
}

async function sessionMenu(app: App, session: FederationSession): Promise<void> {
  const arg = { sessionId: session.id };
  const items: Item[] = [
    { label: '$(link-external) Open Sign-In Page', run: () => openSignInUrl(app, arg) },
    { label: '$(refresh) Fetch Again', run: () => fetchAgain(app, arg) },
    { label: '$(json) Copy as JSON', description: 'as aws connect get-federation-token prints it', run: () => copySession(app, 'json', arg) },
    { label: '$(symbol-variable) Copy as Environment Variables', run: () => copySession(app, 'env', arg) },
    { label: '$(terminal) Copy as AWS CLI Command', run: () => copyCliCommand(app, arg) },
    { label: '$(trash) Remove', run: () => removeSession(app, arg) },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Connect Federation: ${sessionLabel(session)}`, placeHolder: `${session.profile} · ${session.region}` });
  await picked?.run?.();
}
