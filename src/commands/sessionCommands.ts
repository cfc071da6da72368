import * as vscode from 'vscode';
import { App } from '../app';
import { awsCliCommand } from '../core/cliCommand';
import { parseSessionArgument } from '../core/commandArgs';
import { expiryStatus } from '../core/expiry';
import { cliJson, environmentVariables } from '../core/exportFormats';
import { FetchPlan } from '../core/fetchPlan';
import { FederationSession, describeTarget, hasSignInUrl, localExpiry, noSignInUrlMessage, sessionLabel } from '../core/session';
import { planForSession } from '../sessionPlan';
import { copyToClipboard } from '../ui/clipboard';
import { fetchWithFeedback } from '../ui/fetchFeedback';
import { pickSession } from '../ui/sessionPick';
import { terminalShell } from '../ui/terminalShell';
import { FIELDS, FieldNode } from '../views/sessionsTree';
import { FetchedSessionInfo, info } from './getFederationToken';

/**
 * What a command hands out of VS Code. A session named by an argument (a keybinding's, or another
 * extension's executeCommand: VS Code does not say which) needs the user's yes in a modal dialog
 * first; a row of our own tree, or a session the user picked, is the user's action already.
 */
export interface Release {
  /** The modal's button. */
  readonly action: string;
  /** "Copy the federation token of X to the clipboard?" */
  readonly question: (session: FederationSession) => string;
  /** What leaves, and who can read it there. */
  readonly detail: string;
  /** Without an argument, ask which session even when only one is held (the pick is the user's action). */
  readonly alwaysPick: boolean;
  /** What leaves is the sign-in URL: a session without one has nothing to ask about. */
  readonly signInUrl?: true;
}

const CLIPBOARD_DETAIL = 'Any application can read the clipboard until something else is copied.';

/** Which session a command is for: a tree row, an argument (checked), or the user's pick. Undefined when none (already said why). */
export async function sessionFor(app: App, arg: unknown, title: string, release?: Release): Promise<FederationSession | undefined> {
  const node = app.ownNode(arg);
  if (node) {
    return heldOrSay(app, node.session.id);
  }
  const parsed = parseSessionArgument(arg);
  if (!parsed.ok) {
    void vscode.window.showErrorMessage(`${title}: ${parsed.reason}`);
    return undefined;
  }
  if (parsed.value === undefined) {
    return pickHeld(app, title, release?.alwaysPick ?? false);
  }
  const session = heldOrSay(app, parsed.value);
  if (session && release?.signInUrl && !signInUrlOrSay(session)) {
    return undefined;
  }
  return session && (!release || (await confirmRelease(session, title, release))) ? session : undefined;
}

/** Whether the session has a sign-in URL; says so when it has none (the service sent none). */
function signInUrlOrSay(session: FederationSession): boolean {
  if (!hasSignInUrl(session)) {
    void vscode.window.showInformationMessage(noSignInUrlMessage(session));
  }
  return hasSignInUrl(session);
}

/** The session as held now (a newer token may have replaced the one a menu was built with), or why not. */
export function heldOrSay(app: App, id: string): FederationSession | undefined {
  const session = app.store.get(id);
  if (!session) {
    void vscode.window.showErrorMessage(`No federation token is held for ${id}: get one first.`);
  }
  return session;
}

async function pickHeld(app: App, title: string, alwaysPick: boolean): Promise<FederationSession | undefined> {
  const sessions = app.store.list();
  if (sessions.length === 0) {
    const get = 'Get Federation Token';
    const choice = await vscode.window.showInformationMessage('No federation token is held yet.', get);
    if (choice === get) {
      await vscode.commands.executeCommand('connectFederation.getFederationToken');
    }
    return undefined;
  }
  return pickSession(sessions, app.clock, title, alwaysPick);
}

async function confirmRelease(session: FederationSession, title: string, release: Release): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(
    release.question(session),
    { modal: true, detail: `"${title}" was run with arguments, by a keybinding or by another extension. ${release.detail}` },
    release.action,
  );
  return choice === release.action;
}

const OPEN_RELEASE: Release = {
  action: 'Open',
  question: (s) => `Open the sign-in page of ${describeTarget(s)} in your browser?`,
  detail: "The sign-in URL carries a token that signs in to Amazon Connect as the session's user.",
  alwaysPick: false, // the URL goes to the browser, not to whoever ran the command
  signInUrl: true,
};

/** "Connect: Open Sign-In URL". */
export async function openSignInUrlCommand(app: App, arg: unknown): Promise<boolean> {
  const session = await sessionFor(app, arg, 'Open Sign-In URL', OPEN_RELEASE);
  return session ? openSignInUrl(app, session) : false;
}

/** Opens a session's sign-in URL (or says it has none). An expired token's URL no longer signs in: offers to fetch first. */
export async function openSignInUrl(app: App, session: FederationSession): Promise<boolean> {
  if (!signInUrlOrSay(session)) {
    return false;
  }
  const status = expiryStatus(localExpiry(session).access, app.clock.now(), 0);
  if (status.state === 'expired') {
    const fetchFirst = 'Fetch Again and Open';
    const anyway = 'Open Anyway';
    const choice = await vscode.window.showWarningMessage(
      `The token for ${describeTarget(session)} ${status.text}: its sign-in URL will probably be refused.`,
      fetchFirst,
      anyway,
    );
    if (choice === fetchFirst) {
      const fresh = await refetch(app, session);
      return fresh ? openSignInUrl(app, fresh) : false;
    }
    if (choice !== anyway) {
      return false;
    }
  }
  return app.browser.open(session);
}

/** "Fetch Again". */
export async function fetchAgainCommand(app: App, arg: unknown): Promise<FetchedSessionInfo | undefined> {
  const session = await sessionFor(app, arg, 'Fetch Again');
  return session && fetchAgain(app, session);
}

/** The same profile and instance, in the region the instance lives in. */
export async function fetchAgain(app: App, session: FederationSession): Promise<FetchedSessionInfo | undefined> {
  const fresh = await refetch(app, session);
  return fresh && info(fresh);
}

async function refetch(app: App, session: FederationSession): Promise<FederationSession | undefined> {
  const plan = await planOrSay(app, session);
  return plan && fetchWithFeedback(app, plan);
}

async function planOrSay(app: App, session: FederationSession): Promise<FetchPlan | undefined> {
  const result = await planForSession(app, session);
  if ('reason' in result) {
    void vscode.window.showErrorMessage(result.reason);
    return undefined;
  }
  return result.plan;
}

/** "Copy as AWS CLI Command" (no secret: anyone may have it). */
export async function copyCliCommandCommand(app: App, arg: unknown): Promise<string | undefined> {
  const session = await sessionFor(app, arg, 'Copy as AWS CLI Command');
  return session && copyCliCommand(app, session);
}

/** Copies the equivalent `aws connect get-federation-token …`. */
export async function copyCliCommand(app: App, session: FederationSession): Promise<string | undefined> {
  const plan = await planOrSay(app, session);
  if (!plan) {
    return undefined;
  }
  const command = awsCliCommand(plan, terminalShell());
  await copyToClipboard(command, 'AWS CLI command');
  if (session.roleSessionName !== undefined) {
    // The AWS CLI has no option for it: a profile's role_session_name is its only way.
    void vscode.window.showInformationMessage(
      `The AWS CLI takes the role session name from the profile: the copied command signs in as profile ${session.profile}'s own role_session_name, not as ${session.roleSessionName}. ` +
        `For ${session.roleSessionName}, use a profile with role_session_name = ${session.roleSessionName}.`,
    );
  }
  return command;
}

/** "Remove". */
export async function removeSessionCommand(app: App, arg: unknown): Promise<void> {
  const session = await sessionFor(app, arg, 'Remove Federation Session');
  if (session) {
    await removeSession(app, session);
  }
}

/** Forgets one session's tokens, and what it left in terminals and its browser profile. */
export async function removeSession(app: App, session: FederationSession): Promise<void> {
  await app.store.remove(session.id);
  await Promise.all([app.terminals.forget(session.id), app.browser.forget(session)]);
  vscode.window.setStatusBarMessage(`$(trash) Removed the federation token for ${sessionLabel(session)}`, 4000);
}

/** "Connect: Clear Federation Tokens": forgets every session, the token in terminals and every browser profile. */
export async function clearTokens(app: App): Promise<void> {
  const count = app.store.size;
  await app.store.clear();
  await Promise.all([app.terminals.forget('all'), app.browser.forgetAll()]);
  vscode.window.setStatusBarMessage(`$(clear-all) Cleared ${count} federation token${count === 1 ? '' : 's'}`, 4000);
}

/** A row of our own tree for a command that only its rows run (copy, reveal, mask); anything else is refused, never copied from. */
export function fieldNodeFor(app: App, arg: unknown, title: string): FieldNode | undefined {
  const node = app.ownNode(arg);
  if (node?.type !== 'field') {
    void vscode.window.showErrorMessage(`${title} works on a row of the Federation Sessions view: run it from there.`);
    return undefined;
  }
  return node;
}

/** "Copy": the real value, never shown; a secret's copy is only acknowledged. */
export async function copyValue(app: App, arg: unknown): Promise<void> {
  const node = fieldNodeFor(app, arg, 'Copy Value');
  const session = node && heldOrSay(app, node.session.id);
  if (node && session) {
    const spec = FIELDS[node.field];
    if (spec.value(session) === '') {
      void vscode.window.showInformationMessage(`${spec.label}: none. Amazon Connect sent none with this token, so there is nothing to copy.`);
      return;
    }
    await copyToClipboard(spec.value(session), spec.secret ? `${spec.label} (a secret: paste it only where it belongs)` : spec.label);
  }
}

export type SessionExport = 'json' | 'env' | 'signInUrl';

const EXPORTS: Record<SessionExport, { title: string; what: string; text: (session: FederationSession) => string; release: Release }> = {
  json: {
    title: 'Copy as JSON',
    what: 'Session as aws connect get-federation-token JSON',
    text: cliJson,
    release: clipboardRelease('the federation token (access token, refresh token, sign-in URL) of', 'as JSON'),
  },
  env: {
    title: 'Copy as Environment Variables',
    what: 'Session as environment variables',
    text: (s) => environmentVariables(s, terminalShell()),
    release: clipboardRelease('the federation token (access token, refresh token, sign-in URL) of', 'as environment variables'),
  },
  signInUrl: {
    title: 'Copy Sign-In URL',
    what: 'Sign-in URL',
    text: (s) => s.signInUrl,
    release: { ...clipboardRelease('the sign-in URL (it signs in to Amazon Connect) of', ''), signInUrl: true },
  },
};

function clipboardRelease(what: string, how: string): Release {
  return {
    action: 'Copy',
    question: (s) => `Copy ${what} ${describeTarget(s)} to the clipboard${how ? ` ${how}` : ''}?`,
    detail: CLIPBOARD_DETAIL,
    alwaysPick: true,
  };
}

/** "Copy as JSON", "Copy as Environment Variables", "Copy Sign-In URL". */
export async function copySessionCommand(app: App, format: SessionExport, arg: unknown): Promise<void> {
  const session = await sessionFor(app, arg, EXPORTS[format].title, EXPORTS[format].release);
  if (session) {
    await copySession(format, session);
  }
}

/** Copies a session (JSON as the AWS CLI prints it, environment variables, or the sign-in URL). Never shows it. */
export async function copySession(format: SessionExport, session: FederationSession): Promise<void> {
  if (format === 'signInUrl' && !signInUrlOrSay(session)) {
    return;
  }
  await copyToClipboard(EXPORTS[format].text(session), `${EXPORTS[format].what} (it holds secrets)`);
}
