/**
 * The planner's decisions, carried out once across windows: every window runs the same planner
 * over the same sessions, so each notification and each automatic re-fetch is claimed first, and
 * only the window whose claim is granted acts.
 */
import { Clock } from './clock';
import { ClaimBoard, ClaimResult } from './crossWindow';
import { MAX_BACKGROUND_FETCH_MS } from './deadline';
import { ExpiryActionSettings, ExpiryPlanner, MIN_REFETCH_INTERVAL_MS } from './expiryPlanner';
import { FederationSession } from './session';

/** How long a notification claim lasts: past any token's notification window. */
const NOTIFY_CLAIM_MS = 24 * 60 * 60_000;

export type RefetchResult =
  | { readonly ok: true; readonly session?: FederationSession }
  | { readonly ok: false; readonly failure: { readonly kind: string; readonly message: string } };

export interface ExpiryHandlers {
  notify(session: FederationSession): void;
  /** An automatic re-fetch of the session; resolves when it has ended. */
  refetch(session: FederationSession): Promise<RefetchResult>;
  /** After a re-fetch's result is in the planner (the view can show it). */
  refetchEnded?(session: FederationSession, result: RefetchResult): void;
}

export class ExpiryCoordinator {
  constructor(
    readonly planner: ExpiryPlanner,
    private readonly claims: ClaimBoard,
    private readonly clock: Clock,
    /** The claims' clock, shared by every window (the extension's own may be a test's). */
    private readonly wallClock: () => number = Date.now,
  ) {}

  /** Acts on what is due now; resolves once every re-fetch it started has ended. */
  async run(sessions: readonly FederationSession[], settings: ExpiryActionSettings, handlers: ExpiryHandlers): Promise<void> {
    const now = this.clock.now();
    const { notify, refetch } = this.planner.due(sessions, now, settings);
    // Before anything is awaited, so that a run started meanwhile does not pick the same sessions.
    refetch.forEach((session) => this.planner.refetchStarted(session, now));
    await Promise.all([...notify.map((session) => this.notifyOnce(session, handlers)), ...refetch.map((session) => this.refetchOnce(session, handlers))]);
  }

  private async notifyOnce(session: FederationSession, handlers: ExpiryHandlers): Promise<void> {
    const claim = await this.claim(`notify:${tokenKey(session)}`, NOTIFY_CLAIM_MS);
    if (claim.granted) {
      handlers.notify(session);
    }
  }

  private async refetchOnce(session: FederationSession, handlers: ExpiryHandlers): Promise<void> {
    const key = `refetch:${tokenKey(session)}`;
    // Held for as long as a background fetch can take; another window looks again when it ends.
    const claim = await this.claim(key, MAX_BACKGROUND_FETCH_MS + MIN_REFETCH_INTERVAL_MS);
    if (!claim.granted) {
      this.planner.refetchDeferred(session, this.clock.now() + Math.max(claim.until - this.wallClock(), MIN_REFETCH_INTERVAL_MS));
      return;
    }
    let result: RefetchResult;
    try {
      result = await handlers.refetch(session);
    } catch (error) {
      result = { ok: false, failure: { kind: 'unknown', message: String(error) } };
    }
    const now = this.clock.now();
    if (result.ok) {
      this.planner.refetchSucceeded(session, result.session);
      // The floor, for the other windows too: the new token is not re-fetched anywhere before it.
      if (result.session) {
        await this.claim(`refetch:${tokenKey(result.session)}`, MIN_REFETCH_INTERVAL_MS);
      }
    } else {
      this.planner.refetchFailed(session, now, result.failure);
    }
    handlers.refetchEnded?.(session, result);
    // Kept until this window's next attempt (a success: until the others have loaded the new token).
    const next = this.planner.refetchState(session)?.nextAttemptAt ?? now + MIN_REFETCH_INTERVAL_MS;
    await this.claim(key, Number.isFinite(next) ? Math.max(next - now, MIN_REFETCH_INTERVAL_MS) : NOTIFY_CLAIM_MS);
  }

  /** A board that cannot be read or written (a full disk …) grants: acting twice beats never acting. */
  private claim(key: string, forMs: number): Promise<ClaimResult> {
    const until = this.wallClock() + forMs;
    return this.claims.claim(key, until).catch(() => ({ granted: true, until }));
  }
}

/** Claims are per token: a new token is a new claim, whichever window fetched it. */
function tokenKey(session: FederationSession): string {
  return `${session.id}@${session.credentials.accessTokenExpiration}`;
}
