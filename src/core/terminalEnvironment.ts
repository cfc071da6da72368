/**
 * What new terminals and tasks get from "Use in Terminals": the CONNECT_* variables of the chosen
 * session while its access token is valid; nothing once it has expired or the session is gone.
 */
import { sessionVariables } from './exportFormats';
import { FederationSession, localExpiry } from './session';

export type TerminalStatus = 'active' | 'expired' | 'notHeld';

export interface TerminalEnvironmentState {
  /** The session "Use in Terminals" chose, held or not; undefined when none is chosen. */
  readonly sessionId: string | undefined;
  readonly status: TerminalStatus | undefined;
  /** The chosen session, when held. */
  readonly session?: FederationSession;
  /** What terminals get: empty unless active. */
  readonly variables: Readonly<Record<string, string>>;
  /** Equal for two states exactly when terminals get the same (a re-fetch changes it): no secret in it. */
  readonly fingerprint: string;
}

export function terminalEnvironment(chosenId: string | undefined, sessions: readonly FederationSession[], now: number): TerminalEnvironmentState {
  const session = chosenId === undefined ? undefined : sessions.find((candidate) => candidate.id === chosenId);
  if (!session) {
    return { sessionId: chosenId, status: chosenId === undefined ? undefined : 'notHeld', variables: {}, fingerprint: '' };
  }
  if (localExpiry(session).access <= now) {
    return { sessionId: chosenId, status: 'expired', session, variables: {}, fingerprint: '' };
  }
  return {
    sessionId: chosenId,
    status: 'active',
    session,
    variables: terminalVariables(session),
    fingerprint: `${session.id} ${session.fetchedAt} ${session.credentials.accessTokenExpiration}`,
  };
}

/** A session's variables, as "Copy as Environment Variables" writes them. */
export function terminalVariables(session: FederationSession): Record<string, string> {
  return Object.fromEntries(sessionVariables(session));
}
