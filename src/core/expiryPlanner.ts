/**
 * What to do as tokens near expiry: a notification once per token, or — when auto re-fetch is
 * on — a re-fetch, retried with backoff on failure and shown passively.
 */
import { FederationSession, localExpiry } from './session';

export interface ExpiryActionSettings {
  /** How long before the access token expires to act; 0 turns notifications off. */
  readonly notifyBeforeMs: number;
  readonly autoRefetch: boolean;
}

export interface RefetchState {
  /** Failed attempts since the last success. */
  readonly failures: number;
  readonly lastFailure?: string;
  /** Local time of the next attempt; Infinity while one is in flight or after a failure no retry mends. */
  readonly nextAttemptAt: number;
}

/** When auto re-fetch acts without a notification threshold: a minute before expiry. */
const AUTO_REFETCH_FALLBACK_MS = 60_000;
/** Failures no retry can mend: the user must act, so automatic re-fetch stops until a new token. */
const FINAL_FAILURES: ReadonlySet<string> = new Set([
  'rootCredentials',
  'userNotFound',
  'instanceNotFound',
  'accessDenied',
  'profileNotFound',
  'noCredentials',
  'needsInteraction',
  'roleDenied',
  'configuration',
  'duplicateResource',
]);
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 5 * 60_000;
/**
 * The floor under automatic re-fetches of one session, whatever its tokens say: a service that
 * sends tokens expiring at once (or a loop anywhere else) gets at most two requests a minute.
 */
export const MIN_REFETCH_INTERVAL_MS = 30_000;

export class ExpiryPlanner {
  /** Both by token (session and expiry): a new token is notified again and starts re-fetching afresh. */
  private readonly notified = new Set<string>();
  private readonly refetches = new Map<string, RefetchState>();
  /**
   * By session, the last automatic attempt and the token it is about — the one it re-fetched, then
   * the one it brought: the floor holds along a chain of automatic re-fetches (each new token would
   * otherwise start with none), and a token fetched by hand starts afresh.
   */
  private readonly lastAttempt = new Map<string, { readonly at: number; readonly token: string }>();

  /** The sessions to notify and to re-fetch now. */
  due(sessions: readonly FederationSession[], now: number, settings: ExpiryActionSettings): { notify: FederationSession[]; refetch: FederationSession[] } {
    const notify: FederationSession[] = [];
    const refetch: FederationSession[] = [];
    for (const session of sessions) {
      const expiry = localExpiry(session).access;
      if (settings.autoRefetch && now >= this.refetchDueAt(session, settings)) {
        refetch.push(session);
      }
      const state = this.refetches.get(tokenKey(session));
      // With auto re-fetch on, a notification only comes once re-fetching has failed.
      const wanted = !settings.autoRefetch || (state?.failures ?? 0) > 0;
      if (settings.notifyBeforeMs > 0 && wanted && now >= expiry - settings.notifyBeforeMs && now < expiry && !this.notified.has(tokenKey(session))) {
        this.notified.add(tokenKey(session));
        notify.push(session);
      }
    }
    return { notify, refetch };
  }

  /** The next local time anything becomes due, for the ticker; undefined when nothing will. */
  nextDueAt(sessions: readonly FederationSession[], now: number, settings: ExpiryActionSettings): number | undefined {
    const instants = sessions.flatMap((session) => {
      const expiry = localExpiry(session).access;
      return [
        settings.notifyBeforeMs > 0 && !this.notified.has(tokenKey(session)) ? expiry - settings.notifyBeforeMs : undefined,
        settings.autoRefetch ? this.refetchDueAt(session, settings) : undefined,
      ];
    });
    // A re-fetch in flight waits for its answer (Infinity), not for a time.
    const future = instants.filter((at): at is number => at !== undefined && at > now && Number.isFinite(at));
    return future.length ? Math.min(...future) : undefined;
  }

  /** No second attempt is due while one is in flight, nor sooner than MIN_REFETCH_INTERVAL_MS after this one started. */
  refetchStarted(session: FederationSession, now: number): void {
    const state = this.refetches.get(tokenKey(session));
    this.refetches.set(tokenKey(session), { failures: state?.failures ?? 0, lastFailure: state?.lastFailure, nextAttemptAt: Infinity });
    this.lastAttempt.set(session.id, { at: now, token: tokenKey(session) });
  }

  /** Another window is re-fetching this session: look again at `until` (its claim's end), without counting a failure. */
  refetchDeferred(session: FederationSession, until: number): void {
    const state = this.refetches.get(tokenKey(session));
    this.refetches.set(tokenKey(session), { failures: state?.failures ?? 0, lastFailure: state?.lastFailure, nextAttemptAt: until });
  }

  /** The new token (`fresh`, when known) starts with a clean slate but for the floor; the old one's state goes. */
  refetchSucceeded(session: FederationSession, fresh?: FederationSession): void {
    this.refetches.delete(tokenKey(session));
    const attempt = this.lastAttempt.get(session.id);
    if (attempt && fresh) {
      this.lastAttempt.set(session.id, { at: attempt.at, token: tokenKey(fresh) });
    }
  }

  /** Backs off 30 s, 1 min, 2 min … up to 5 min between attempts; gives up on failures no retry mends. */
  refetchFailed(session: FederationSession, now: number, failure: { kind: string; message: string }): void {
    const failures = (this.refetches.get(tokenKey(session))?.failures ?? 0) + 1;
    const nextAttemptAt = FINAL_FAILURES.has(failure.kind) ? Infinity : now + Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), MAX_RETRY_MS);
    this.refetches.set(tokenKey(session), { failures, lastFailure: failure.message, nextAttemptAt });
  }

  /** When the session's token is due for re-fetching: its lead before expiry, its backoff, and the per-session floor. */
  private refetchDueAt(session: FederationSession, settings: ExpiryActionSettings): number {
    const expiry = localExpiry(session).access;
    return Math.max(
      expiry - autoRefetchBeforeMs(settings, session),
      this.refetches.get(tokenKey(session))?.nextAttemptAt ?? -Infinity,
      this.lastAttempt.get(session.id)?.token === tokenKey(session) ? this.lastAttempt.get(session.id)!.at + MIN_REFETCH_INTERVAL_MS : -Infinity,
    );
  }

  /** The re-fetch state of a session's current token. */
  refetchState(session: FederationSession): RefetchState | undefined {
    return this.refetches.get(tokenKey(session));
  }
}

/** "Automatic re-fetch failed 2 times: …; next attempt at 14:05:30.", or undefined while it has not failed. */
export function describeRefetchFailure(state: RefetchState | undefined): string | undefined {
  if (!state?.failures) {
    return undefined;
  }
  const next = Number.isFinite(state.nextAttemptAt) ? ` Next attempt at ${new Date(state.nextAttemptAt).toLocaleTimeString()}.` : ' Fetch again by hand.';
  return `Automatic re-fetch failed ${state.failures === 1 ? 'once' : `${state.failures} times`}: ${state.lastFailure ?? 'unknown error'}${next}`;
}

/** How long before expiry to re-fetch: never more than half the token's life, so a new token is not due at once. */
function autoRefetchBeforeMs(settings: ExpiryActionSettings, session: FederationSession): number {
  const lead = settings.notifyBeforeMs > 0 ? settings.notifyBeforeMs : AUTO_REFETCH_FALLBACK_MS;
  return Math.min(lead, (session.credentials.accessTokenExpiration - session.fetchedAt) / 2);
}

function tokenKey(session: FederationSession): string {
  return `${session.id}@${session.credentials.accessTokenExpiration}`;
}
