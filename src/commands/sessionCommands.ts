import * as vscode from 'vscode';
import { App } from '../app';
import { expiryStatus } from '../core/expiry';
import { awsCliCommand } from '../core/cliCommand';
import { cliJson, environmentVariables, shellOf } from '../core/exportFormats';
import { FetchPlan } from '../core/fetchPlan';
import { parseInstanceInput } from '../core/instanceRef';
import { FederationSession, describeTarget, localExpiry, sessionId, sessionLabel } from '../core/session';
import { copyToClipboard } from '../ui/clipboard';
import { planForSession } from '../sessionPlan';
import { fetchWithFeedback } from '../ui/fetchFeedback';
import { openExternalUrl } from '../ui/openExternal';
import { pickSession } from '../ui/sessionPick';
import { FIELDS, FieldNode, SessionsTreeNode } from '../views/sessionsTree';
import { FetchedSessionInfo, info } from './getFederationToken';

/** A tree node, `{ sessionId }` or `{ profile, instance }` (ID or ARN) from a keybinding, or nothing (then the user picks). */
export type SessionArgument =
  | SessionsTreeNode
  | { readonly sessionId: string }
  | { readonly profile: string; readonly instance: string }
  | undefined;

async function resolveSession(app: App, arg: SessionArgument, title: string): Promise<FederationSession | undefined> {
  if (arg) {
    const session = app.store.get(idOf(arg));
    if (!session) {
      void vscode.window.showErrorMessage(`No federation token is held for ${'sessionId' in arg ? arg.sessionId : idOf(arg)}: get one first.`);
    }
    return session;
  }
  const sessions = app.store.list();
  if (sessions.length === 0) {
    const get = 'Get Federation Token';
    const choice = await vscode.window.showInformationMessage('No federation token is held yet.', get);
    if (choice === get) {
      await vscode.commands.executeCommand('connectFederation.getFederationToken');
    }
    return undefined;
  }
  return pickSession(sessions, app.clock, title);
}

function idOf(arg: Exclude<SessionArgument, undefined>): string {
  if ('sessionId' in arg) {
    return arg.sessionId;
  }
  if ('session' in arg) {
    return arg.session.id;
  }
  const parsed = parseInstanceInput(arg.instance);
  return sessionId({ profile: arg.profile, instanceId: parsed.ok ? parsed.ref.instanceId : arg.instance });
}

/** "Connect: Open Sign-In URL". An expired token's URL no longer signs in: offer to fetch first. */
export async function openSignInUrl(app: App, arg?: SessionArgument): Promise<boolean> {
  const session = await resolveSession(app, arg, 'Open Sign-In URL');
  if (!session) {
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
      return fresh ? openExternalUrl(fresh.signInUrl) : false;
    }
    if (choice !== anyway) {
      return false;
    }
  }
  return openExternalUrl(session.signInUrl);
}

/** "Fetch Again": the same profile and instance, in the region the instance lives in. */
export async function fetchAgain(app: App, arg?: SessionArgument): Promise<FetchedSessionInfo | undefined> {
  const session = await resolveSession(app, arg, 'Fetch Again');
  const fresh = session && (await refetch(app, session));
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

/** "Copy as AWS CLI Command": the equivalent `aws connect get-federation-token …`. */
export async function copyCliCommand(app: App, arg?: SessionArgument): Promise<string | undefined> {
  const session = await resolveSession(app, arg, 'Copy as AWS CLI Command');
  const plan = session && (await planOrSay(app, session));
  if (!plan) {
    return undefined;
  }
  const command = awsCliCommand(plan);
  await copyToClipboard(command, 'AWS CLI command');
  return command;
}

/** "Remove": forgets one session's tokens. */
export async function removeSession(app: App, arg?: SessionArgument): Promise<void> {
  const session = await resolveSession(app, arg, 'Remove Federation Session');
  if (session) {
    await app.store.remove(session.id);
    vscode.window.setStatusBarMessage(`$(trash) Removed the federation token for ${sessionLabel(session)}`, 4000);
  }
}

/** "Connect: Clear Federation Tokens": forgets every session. */
export async function clearTokens(app: App): Promise<void> {
  const count = app.store.size;
  await app.store.clear();
  vscode.window.setStatusBarMessage(`$(clear-all) Cleared ${count} federation token${count === 1 ? '' : 's'}`, 4000);
}

/** "Copy": the real value, never shown; a secret's copy is only acknowledged. */
export async function copyValue(app: App, node: FieldNode): Promise<void> {
  const session = app.store.get(node.session.id);
  if (!session) {
    return;
  }
  const spec = FIELDS[node.field];
  await copyToClipboard(spec.value(session), spec.secret ? `${spec.label} (a secret: paste it only where it belongs)` : spec.label);
}

export type SessionExport = 'json' | 'env' | 'signInUrl';

const EXPORTS: Record<SessionExport, { title: string; what: string; text: (session: FederationSession) => string }> = {
  json: { title: 'Copy as JSON', what: 'Session as aws connect get-federation-token JSON', text: cliJson },
  env: { title: 'Copy as Environment Variables', what: 'Session as environment variables', text: (s) => environmentVariables(s, shellOf(vscode.env.shell)) },
  signInUrl: { title: 'Copy Sign-In URL', what: 'Sign-in URL', text: (s) => s.signInUrl },
};

/** Copies a session (JSON as the AWS CLI prints it, environment variables, or the sign-in URL). Never shows it. */
export async function copySession(app: App, format: SessionExport, arg?: SessionArgument): Promise<void> {
  const session = await resolveSession(app, arg, EXPORTS[format].title);
  if (session) {
    await copyToClipboard(EXPORTS[format].text(session), `${EXPORTS[format].what} (it holds secrets)`);
  }
}
