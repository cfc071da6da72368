/**
 * The cross-window lock on disk, in the extension's global storage folder (one per machine and
 * profile, shared by every window): a directory whose creation is atomic, so whoever creates it
 * holds the lock. The holder keeps it fresh; a lock left unrefreshed for `staleMs` belongs to a
 * window that died, and is taken over. Waiting is bounded.
 */
import { randomUUID } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ClaimBoard, ClaimStorage, CrossWindowLock, InProcessLock, MAX_CLAIMS_BYTES, MemoryClaimStorage } from './crossWindow';

export interface FileLockOptions {
  /** A lock not refreshed for this long is stale. */
  readonly staleMs?: number;
  /** How long to wait for the lock before giving up. */
  readonly maxWaitMs?: number;
  /** Pause between attempts (jittered). */
  readonly retryMs?: number;
}

export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
}

const OWNER_FILE = 'owner';

export class FileLock implements CrossWindowLock {
  private readonly local = new InProcessLock();
  private readonly staleMs: number;
  private readonly maxWaitMs: number;
  private readonly retryMs: number;

  constructor(
    /** The lock directory; its parent is created when missing. */
    readonly lockPath: string,
    options: FileLockOptions = {},
  ) {
    this.staleMs = options.staleMs ?? 10_000;
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    this.retryMs = options.retryMs ?? 20;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    // Work of this window queues here first, so the directory is contended by windows only.
    return this.local.run(async () => {
      const token = await this.acquire();
      const heartbeat = setInterval(() => void touch(this.lockPath), Math.max(this.staleMs / 3, 10));
      heartbeat.unref?.();
      try {
        return await work();
      } finally {
        clearInterval(heartbeat);
        await this.release(token);
      }
    });
  }

  private async acquire(): Promise<string> {
    const token = randomUUID();
    const giveUpAt = Date.now() + this.maxWaitMs;
    for (;;) {
      if (await this.tryCreate(token)) {
        return token;
      }
      await this.removeIfStale();
      if (Date.now() > giveUpAt) {
        throw new LockTimeoutError(`Another VS Code window held ${this.lockPath} for more than ${Math.round(this.maxWaitMs / 1000)} s.`);
      }
      await new Promise((resolve) => setTimeout(resolve, this.retryMs * (0.5 + Math.random())));
    }
  }

  private async tryCreate(token: string): Promise<boolean> {
    try {
      await fs.mkdir(this.lockPath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        await fs.mkdir(path.dirname(this.lockPath), { recursive: true });
        return this.tryCreate(token);
      }
      if (code === 'EEXIST') {
        return false;
      }
      throw error;
    }
    await fs.writeFile(path.join(this.lockPath, OWNER_FILE), token);
    return true;
  }

  /**
   * Takes a stale lock away by renaming it (atomic), then checks that what was moved is the stale
   * lock it saw: a waiter that was beaten to it by another one puts the fresh lock back.
   */
  private async removeIfStale(): Promise<void> {
    const seen = await stat(this.lockPath);
    if (!seen || !this.isStale(seen.mtimeMs)) {
      return;
    }
    const owner = await readOwner(this.lockPath);
    const moved = `${this.lockPath}.stale-${randomUUID()}`;
    try {
      await fs.rename(this.lockPath, moved);
    } catch {
      return; // gone already: someone else took it
    }
    const movedStat = await stat(moved);
    if ((await readOwner(moved)) !== owner || (movedStat && !this.isStale(movedStat.mtimeMs))) {
      await fs.rename(moved, this.lockPath).catch(() => undefined);
      return;
    }
    await fs.rm(moved, { recursive: true, force: true });
  }

  /**
   * Unrefreshed for `staleMs`, or touched in the future beyond it: a window that died while the clock
   * was ahead left it so, and no live holder can (its heartbeat touches it with the time now).
   */
  private isStale(mtimeMs: number): boolean {
    return Math.abs(Date.now() - mtimeMs) > this.staleMs;
  }

  private async release(token: string): Promise<void> {
    // Only our own lock: if it was taken over as stale meanwhile, it is someone else's now.
    if ((await readOwner(this.lockPath)) === token) {
      await fs.rm(this.lockPath, { recursive: true, force: true });
    }
  }
}

async function stat(file: string): Promise<{ mtimeMs: number } | undefined> {
  return fs.stat(file).catch(() => undefined);
}

async function readOwner(lockPath: string): Promise<string | undefined> {
  return fs.readFile(path.join(lockPath, OWNER_FILE), 'utf8').catch(() => undefined);
}

async function touch(file: string): Promise<void> {
  const now = new Date();
  await fs.utimes(file, now, now).catch(() => undefined);
}

/** Claims kept in a file beside the lock; written whole to a temporary file, then renamed over. */
export class FileClaimStorage implements ClaimStorage {
  constructor(private readonly file: string) {}

  /**
   * The file, or undefined when it is missing, unreadable, no regular file (a FIFO would block, a
   * device never end) or bigger than claims take; the next claim rewrites it.
   */
  async read(): Promise<string | undefined> {
    const file = await fs.open(this.file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK).catch(() => undefined);
    try {
      const stats = await file?.stat();
      if (!file || !stats?.isFile() || stats.size > MAX_CLAIMS_BYTES) {
        return undefined;
      }
      // At most one byte more than allowed, whatever the size said (the file may grow meanwhile).
      const buffer = Buffer.alloc(MAX_CLAIMS_BYTES + 1);
      let filled = 0;
      for (let got = -1; got !== 0 && filled < buffer.length; filled += got) {
        got = (await file.read(buffer, filled, buffer.length - filled, filled)).bytesRead;
      }
      return filled > MAX_CLAIMS_BYTES ? undefined : buffer.toString('utf8', 0, filled);
    } catch {
      return undefined;
    } finally {
      await file?.close();
    }
  }

  async write(text: string): Promise<void> {
    const temporary = `${this.file}.${randomUUID()}.tmp`;
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    await fs.writeFile(temporary, text);
    await fs.rename(temporary, this.file);
  }
}

/**
 * The lock and the claim board every window of this machine shares, kept in `folder` (the extension's
 * global storage); without a folder on disk (a web extension host), this window's alone.
 */
export function crossWindowState(folder: string | undefined): { readonly lock: CrossWindowLock; readonly claims: ClaimBoard } {
  if (!folder) {
    const lock = new InProcessLock();
    return { lock, claims: new ClaimBoard(lock, new MemoryClaimStorage()) };
  }
  const lock = new FileLock(path.join(folder, 'cross-window', 'state.lock'));
  return { lock, claims: new ClaimBoard(lock, new FileClaimStorage(path.join(folder, 'cross-window', 'claims.json'))) };
}
