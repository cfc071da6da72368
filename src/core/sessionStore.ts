import { FederationSession, localExpiry } from './session';

/** The part of VS Code's SecretStorage the store needs, so core stays free of `vscode`. */
export interface SecretBackend {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export const SESSIONS_SECRET_KEY = 'connectFederation.sessions.v1';

type Listener = () => void;

/**
 * The held sessions, persisted as one secret. Every token and sign-in URL lives only here:
 * nothing of a session goes to globalState, settings or files.
 */
export class SessionStore {
  private sessions = new Map<string, FederationSession>();
  private readonly listeners = new Set<Listener>();
  /** Writes run one after another, so a slow write can't overwrite a newer one. */
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly secrets: SecretBackend) {}

  /** Restores the sessions of an earlier window; no request is made. Unreadable data is dropped, not fatal. */
  async load(): Promise<void> {
    const raw = await this.secrets.get(SESSIONS_SECRET_KEY);
    this.sessions = new Map(parseSessions(raw).map((s) => [s.id, s]));
    this.changed();
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
    this.sessions.set(session.id, session);
    return this.persist();
  }

  remove(id: string): Promise<void> {
    return this.sessions.delete(id) ? this.persist() : Promise.resolve();
  }

  clear(): Promise<void> {
    this.sessions.clear();
    return this.persist();
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private persist(): Promise<void> {
    this.changed();
    const snapshot = this.list();
    this.writes = this.writes
      .catch(() => undefined)
      .then(() =>
        snapshot.length === 0
          ? this.secrets.delete(SESSIONS_SECRET_KEY)
          : this.secrets.store(SESSIONS_SECRET_KEY, JSON.stringify(snapshot)),
      );
    return this.writes;
  }

  private changed(): void {
    for (const listener of this.listeners) {
      listener();
    }
  }
}

function parseSessions(raw: string | undefined): FederationSession[] {
  if (!raw) {
    return [];
  }
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value.filter(isSession) : [];
  } catch {
    return [];
  }
}

function isSession(value: unknown): value is FederationSession {
  const s = value as Partial<FederationSession> | null;
  return (
    typeof s?.id === 'string' &&
    typeof s.profile === 'string' &&
    typeof s.instanceId === 'string' &&
    typeof s.region === 'string' &&
    typeof s.signInUrl === 'string' &&
    typeof s.credentials?.accessToken === 'string' &&
    typeof s.credentials.accessTokenExpiration === 'number'
  );
}
