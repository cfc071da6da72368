/**
 * What several VS Code windows share — the sessions secret, and who acts on an expiring token —
 * coordinated without `vscode`: a lock for read-modify-write (SecretStorage has no
 * compare-and-swap), and claims recorded under it, each with an owner and an end.
 */
import { randomUUID } from 'node:crypto';
import { isRecord, own } from './untrusted';

export interface CrossWindowLock {
  /** Runs `work` while no other holder — another window, or other work here — holds the lock. */
  run<T>(work: () => Promise<T>): Promise<T>;
}

/** One window: work runs one piece after another. Also the in-process half of FileLock. */
export class InProcessLock implements CrossWindowLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.catch(() => undefined).then(work);
    this.tail = result;
    return result;
  }
}

/** Where the claims live: a small text value every window reads and writes under the lock. */
export interface ClaimStorage {
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
}

export interface ClaimResult {
  readonly granted: boolean;
  /** Wall-clock end of the claim that now holds the key (this one's when granted). */
  readonly until: number;
}

interface Claim {
  readonly owner: string;
  readonly until: number;
}

/** More than any window needs at once; a bigger board is corruption and starts afresh. */
const MAX_CLAIMS = 1000;
/** The longest claim (a notification, a day) and some: a claim further ahead is no window's, and would hold a key for ever. */
export const MAX_CLAIM_MS = 25 * 60 * 60_000;
/** What MAX_CLAIMS claims take, many times over: the claims file is read no further. */
export const MAX_CLAIMS_BYTES = 1024 * 1024;

/**
 * Claims on keys ("notify this token", "re-fetch this session"), shared by every window: a claim is
 * granted when no other owner holds a live one; its owner may renew or shorten it. Expired claims —
 * of a window that was closed, say — are simply taken over.
 */
export class ClaimBoard {
  constructor(
    private readonly lock: CrossWindowLock,
    private readonly storage: ClaimStorage,
    readonly owner: string = randomUUID(),
    private readonly now: () => number = Date.now,
  ) {}

  claim(key: string, until: number): Promise<ClaimResult> {
    return this.lock.run(async () => {
      const now = this.now();
      const claims = parseClaims(await this.storage.read(), now);
      const held = claims.get(key);
      if (held && held.owner !== this.owner) {
        return { granted: false, until: held.until };
      }
      const kept = Math.min(until, now + MAX_CLAIM_MS);
      claims.set(key, { owner: this.owner, until: kept });
      await this.storage.write(JSON.stringify(Object.fromEntries([...claims].filter(([, claim]) => claim.until > now))));
      return { granted: true, until: kept };
    });
  }
}

function parseClaims(raw: string | undefined, now: number): Map<string, Claim> {
  const claims = new Map<string, Claim>();
  let value: unknown;
  try {
    value = JSON.parse(raw ?? '{}');
  } catch {
    return claims;
  }
  if (!isRecord(value)) {
    return claims;
  }
  for (const [key, claim] of Object.entries(value).slice(0, MAX_CLAIMS)) {
    const fields = isRecord(claim) ? claim : {};
    const [owner, until] = [own(fields, 'owner'), own(fields, 'until')];
    if (typeof owner === 'string' && typeof until === 'number' && until > now && until <= now + MAX_CLAIM_MS) {
      claims.set(key, { owner, until });
    }
  }
  return claims;
}

/** Claim storage in memory: one window alone, or several in a test sharing one instance. */
export class MemoryClaimStorage implements ClaimStorage {
  private text: string | undefined;

  async read(): Promise<string | undefined> {
    return this.text;
  }

  async write(text: string): Promise<void> {
    this.text = text;
  }
}
