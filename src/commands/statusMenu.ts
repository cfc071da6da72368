import * as vscode from 'vscode';
import { App } from '../app';
import { expiryStatus } from '../core/expiry';
import { FederationSession, describeProfile, hasSignInUrl, localExpiry, sessionLabel } from '../core/session';
import { awaitPick, pickOne, pickedValue } from '../ui/quickPick';
import { copyCliCommand, copySession, fetchAgain, heldOrSay, openSignInUrl, removeSession } from './sessionCommands';

type Action = () => Thenable<unknown>;
type Item = vscode.QuickPickItem & { readonly run?: Action };

const OPEN_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: 'Open Sign-In Page' };
const REFETCH_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('refresh'), tooltip: 'Fetch Again' };
/** Said of a session the service sent no sign-in URL: it has no page to open, so no Open action. */
const NO_URL = ' · no sign-in URL';

/** An action on a session as held when the user chose it: they did, so a secret may leave. */
function onHeld(app: App, session: FederationSession, action: (held: FederationSession) => Thenable<unknown>): Action {
  return async () => {
    const held = heldOrSay(app, session.id);
    return held && action(held);
  };
}

/** What clicking the status-bar countdown offers: every held session (soonest expiry first), then general actions. */
export async function showStatusMenu(app: App): Promise<void> {
  const now = app.clock.now();
  const sessionItems = app.store.list().map(
    (session): Item & { session: FederationSession } => ({
      label: `$(key) ${sessionLabel(session)}`,
      description: `${describeProfile(session)} · ${session.region} · ${expiryStatus(localExpiry(session).access, now, 0).text}${hasSignInUrl(session) ? '' : NO_URL}`,
      buttons: hasSignInUrl(session) ? [OPEN_BUTTON, REFETCH_BUTTON] : [REFETCH_BUTTON],
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
  const chosen = await awaitPick<Item, Action>(pick, {
    accept: () => pick.selectedItems[0]?.run,
    itemButton: ({ item, button }) => {
      const { session } = item as (typeof sessionItems)[number];
      return onHeld(app, session, (held) => (button === OPEN_BUTTON ? openSignInUrl(app, held) : fetchAgain(app, held)));
    },
  });
  await pickedValue(chosen)?.();
}

async function sessionMenu(app: App, session: FederationSession): Promise<void> {
  const on = (action: (held: FederationSession) => Thenable<unknown>): Action => onHeld(app, session, action);
  const items: Item[] = [
    ...(hasSignInUrl(session) ? [{ label: '$(link-external) Open Sign-In Page', run: on((s) => openSignInUrl(app, s)) }] : []),
    { label: '$(refresh) Fetch Again', run: on((s) => fetchAgain(app, s)) },
    { label: '$(json) Copy as JSON', description: 'as aws connect get-federation-token prints it', run: on((s) => copySession('json', s)) },
    { label: '$(symbol-variable) Copy as Environment Variables', run: on((s) => copySession('env', s)) },
    { label: '$(terminal) Copy as AWS CLI Command', run: on((s) => copyCliCommand(app, s)) },
    { label: '$(trash) Remove', run: on((s) => removeSession(app, s)) },
  ];
  const picked = pickedValue(await pickOne(items, { title: `Connect Federation: ${sessionLabel(session)}`, placeholder: `${describeProfile(session)} · ${session.region}${hasSignInUrl(session) ? '' : NO_URL}` }));
  await picked?.run?.();
}
