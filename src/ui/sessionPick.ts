import * as vscode from 'vscode';
import { Clock } from '../core/clock';
import { expiryStatus } from '../core/expiry';
import { FederationSession, localExpiry, sessionLabel } from '../core/session';

/** Which held session a command is for: the only one, or the one the user picks. */
export async function pickSession(
  sessions: readonly FederationSession[],
  clock: Clock,
  title: string,
): Promise<FederationSession | undefined> {
  if (sessions.length <= 1) {
    return sessions[0];
  }
  const now = clock.now();
  const picked = await vscode.window.showQuickPick(
    sessions.map((session) => ({
      label: sessionLabel(session),
      description: `${session.profile} · ${session.region} · ${expiryStatus(localExpiry(session).access, now, 0).text}`,
      session,
    })),
    { title, placeHolder: 'Pick a session' },
  );
  return picked?.session;
}
