import { within } from './deadline';
import { CrossWindowLock, InProcessLock } from './crossWindow';
import { FederationSession, localExpiry } from './session';
import { parseStoredSessions } from './sessionParser';

/** The part of VS Code's SecretStorage the store needs, so core stays free of `vscode`. */
export interface SecretBackend {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export const SESSIONS_SECRET_KEY = 'connectFederation.sessions.v1';

type Listener = () => void;
type Change = (sessions: Map<string, FederationSession>) => void;

/**
 * How long a caller waits for SecretStorage. On Linux a locked keyring waits for its password prompt,
 * maybe for ever: past this the caller is told (SecretStorageTimeoutError), while the change stays
 * queued, shown, and holding the windows' lock until the storage answers. A storage call is never
 * abandoned: one that landed late could overwrite a newer write.
 */
export const SECRET_STORAGE_TIMEOUT_MS = 30_000;

export class SecretStorageTimeoutError extends Error {
  override readonly name = 'SecretStorageTimeoutError';
}

/**
 * The held sessions, persisted as one secret. Every token and sign-in URL lives only here:
 * nothing of a session goes to globalState, settings or files.
 *
 * Several VS Code windows share the secret: each change is applied to what is stored now (read,
 * change, write), not to this window's copy, under a lock all windows share (two windows writing at
 * once would otherwise each write back what it read, and one change would be lost); and a change
 * another window stores is loaded here (call `load()` on SecretStorage's change event), so windows
 * neither lose nor resurrect sessions.
 */
export class SessionStore {
  private sessions = new Map<string, FederationSession>();
  private readonly listeners = new Set<Listener>();
  /** Changes run one after another, so a slow write can't overwrite a newer one. */
  private writes: Promise<void> = Promise.resolve();
  /** What listeners were last told is held (see `changed`). */
  private notified: ReadonlyMap<string, FederationSession> = new Map();
  /** Changes shown here whose write has not finished: what is read back from the secret lacks them. */
  private readonly unwritten: Change[] = [];
  /** What the secret held when last read or written: where a failed write leaves the view. */
  private lastStored = new Map<string, FederationSession>();

  constructor(
    private readonly secrets: SecretBackend,
    /** Shared with the other windows (FileLock in the global storage folder); one window alone needs none. */
    private readonly lock: CrossWindowLock = new InProcessLock(),
    private readonly answerWithinMs = SECRET_STORAGE_TIMEOUT_MS,
  ) {}

  /**
   * Reads the stored sessions (an earlier window's, another window's); no request is made. Entries
   * that fail the strict check (sessionParser) are dropped, not fatal.
   */
  load(): Promise<void> {
    // Queued behind the writes under way; changes made since are kept on top of what it reads.
    this.writes = this.writes
      .catch(() => undefined)
      .then(async () => {
        this.sessions = this.withUnwritten(await this.stored());
        this.changed();
      });
    return this.told(this.writes, 'a read');
  }

  list(): FederationSession[] {
    return [...this.sessions.values()].sort((a, b) => localExpiry(a).access - localExpiry(b).access);
  }

  get(id: string): FederationSession | undefined {
    return this.sessions.get(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  put(session: FederationSession): Promise<void> {
    return this.change((sessions) => sessions.set(session.id, session));
  }

  /**
   * Adds what was learnt of a session after it was kept (who signed in), unless it was replaced or
   * removed meanwhile — here, or in another window.
   */
  amend(session: FederationSession): Promise<void> {
    const sameFetch = (held: FederationSession | undefined): boolean => held !== undefined && sameToken(held, session);
    if (!sameFetch(this.sessions.get(session.id))) {
      return Promise.resolve();
    }
    return this.change((sessions) => {
      if (sameFetch(sessions.get(session.id))) {
        sessions.set(session.id, session);
      }
    });
  }

  remove(id: string): Promise<void> {
    return this.sessions.has(id) ? this.change((sessions) => sessions.delete(id)) : Promise.resolve();
  }

  clear(): Promise<void> {
    return this.change((sessions) => sessions.clear());
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Applies a change here at once (the view shows it), then to the stored sessions, and keeps the merged result. */
  private change(apply: Change): Promise<void> {
    apply(this.sessions);
    this.unwritten.push(apply);
    this.changed();
    this.writes = this.writes
      .catch(() => undefined)
      .then(() =>
        this.lock
          .run(async () => {
            const merged = await this.stored();
            apply(merged);
            await (merged.size === 0 ? this.secrets.delete(SESSIONS_SECRET_KEY) : this.secrets.store(SESSIONS_SECRET_KEY, JSON.stringify([...merged.values()])));
            this.lastStored = new Map(merged);
            return merged;
          })
          .finally(() => this.unwritten.splice(this.unwritten.indexOf(apply), 1)),
      )
      .then(
        (merged) => {
          this.sessions = this.withUnwritten(merged);
          this.changed();
        },
        (error: unknown) => {
          // Not written: the view goes back to what is stored (with the changes still on their way).
          this.sessions = this.withUnwritten(new Map(this.lastStored));
          this.changed();
          throw error;
        },
      );
    return this.told(this.writes, 'a write');
  }

  /**
   * What is stored plus the changes already shown but not yet written, so that reading the secret
   * back never shows a moment without them (and never refreshes the view for nothing).
   */
  private withUnwritten(stored: Map<string, FederationSession>): Map<string, FederationSession> {
    this.unwritten.forEach((apply) => apply(stored));
    return stored;
  }

  private async stored(): Promise<Map<string, FederationSession>> {
    this.lastStored = new Map(parseStoredSessions(await this.secrets.get(SESSIONS_SECRET_KEY)).map((s) => [s.id, s]));
    return new Map(this.lastStored);
  }

  /** `work` for the caller: its outcome, or SecretStorageTimeoutError once the bound has passed (the work goes on). */
  private told(work: Promise<void>, what: string): Promise<void> {
    const seconds = this.answerWithinMs / 1000;
    return within(work, this.answerWithinMs, () => new SecretStorageTimeoutError(`VS Code's secret storage has not finished ${what} in ${seconds} s.`));
  }

  /**
   * Tells the listeners, unless what is held is what they last heard: a write or a reload that only
   * confirms the change shown (our own write comes back through SecretStorage's change event) must
   * not refresh the tree again, because VS Code debounces tree refreshes and a second one within
   * 200 ms holds the view back, and restarts a render under way.
   */
  private changed(): void {
    if (sameSessions(this.sessions, this.notified)) {
      return;
    }
    this.notified = new Map(this.sessions);
    for (const listener of this.listeners) {
      listener();
    }
  }
}

/**
 * Whether two sets of sessions are the same. A session is replaced by a new fetch, and only amended
 * with who signed in, so its fetch time, access token and identity stand for its content (a copy read
 * back from SecretStorage is another object of the same session).
 */
function sameSessions(a: ReadonlyMap<string, FederationSession>, b: ReadonlyMap<string, FederationSession>): boolean {
  if (a.size !== b.size) {
    return false;
  }
  for (const [id, session] of a) {
    const other = b.get(id);
    if (other !== session && (other === undefined || !sameToken(other, session) || other.callerArn !== session.callerArn)) {
      return false;
    }
  }
  return true;
}

/** Whether two copies come from the same fetch. */
function sameToken(a: FederationSession, b: FederationSession): boolean {
  return a.fetchedAt === b.fetchedAt && a.credentials.accessToken === b.credentials.accessToken;
}
