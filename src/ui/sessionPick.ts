import { Clock } from '../core/clock';
import { expiryStatus } from '../core/expiry';
import { FederationSession, describeProfile, localExpiry, sessionLabel } from '../core/session';
import { pickOne, pickedValue } from './quickPick';

/**
 * Which held session a command is for: the one the user picks, or the only one without asking
 * unless `alwaysAsk` (a command that hands a secret out waits for the user's pick even then: run
 * by another extension, it would otherwise need no one's action).
 */
export async function pickSession(
  sessions: readonly FederationSession[],
  clock: Clock,
  title: string,
  alwaysAsk = false,
): Promise<FederationSession | undefined> {
  if (sessions.length === 0 || (sessions.length === 1 && !alwaysAsk)) {
    return sessions[0];
  }
  const now = clock.now();
  const items = sessions.map((session) => ({
    label: sessionLabel(session),
    description: `${describeProfile(session)} · ${session.region} · ${expiryStatus(localExpiry(session).access, now, 0).text}`,
    session,
  }));
  return pickedValue(await pickOne(items, { title, placeholder: 'Pick a session' }))?.session;
}
