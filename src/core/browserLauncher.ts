/**
 * Starts browsers for sign-in pages and forgets their per-session profile folders. A browser is
 * spawned detached (it outlives VS Code, as one opened from a link would), never through a shell:
 * the executable and its arguments go to the OS as they are, the URL one argument among them.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readlink, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { profileFolderName } from './browsers';

export interface LaunchPlan {
  readonly executable: string;
  readonly args: readonly string[];
  /** The session's profile folder, created before the browser starts. */
  readonly profileDir?: string;
}

/** A profile folder a browser this window did not start still uses: it cannot be removed under it. */
export class ProfileInUseError extends Error {}

/** How long a started process gets to say it runs (or why not). */
const SPAWN_TIMEOUT_MS = 10_000;
/** How long a browser gets to end after SIGTERM before SIGKILL, and then to be gone. */
const STOP_GRACE_MS = 5_000;

export class BrowserLauncher {
  /** The browsers this window started, by profile folder: the first one for a folder owns it. */
  private readonly started = new Map<string, ChildProcess>();

  constructor(
    /** Every session's profile folder is directly below this one (the extension's global storage). */
    readonly profileRoot: string,
    private readonly spawnProcess: typeof spawn = spawn,
  ) {}

  profileDir(sessionId: string): string {
    return path.join(this.profileRoot, profileFolderName(sessionId));
  }

  hasProfile(sessionId: string): boolean {
    return existsSync(this.profileDir(sessionId));
  }

  /** Whether a browser runs with this profile folder: one this window started, or one whose lock is held. */
  async profileInUse(dir: string): Promise<boolean> {
    return isRunning(this.started.get(dir)) || (await lockHolderAlive(dir));
  }

  /** Starts the browser; rejects with the reason when the OS cannot start it. */
  async launch(plan: LaunchPlan): Promise<void> {
    if (plan.profileDir) {
      this.checkInRoot(plan.profileDir);
      // Only this user may read the cookies the browser will keep there.
      await mkdir(plan.profileDir, { recursive: true, mode: 0o700 });
    }
    const child = await spawnBrowser(plan.executable, plan.args, this.spawnProcess);
    const dir = plan.profileDir;
    if (dir && !isRunning(this.started.get(dir))) {
      this.started.set(dir, child);
      child.once('exit', () => this.started.get(dir) === child && this.started.delete(dir));
    }
  }

  /**
   * Forgets a session's profile folder (its cookies: the browser is signed out): the browser this
   * window started for it is closed first. False when there was no folder.
   */
  async forget(sessionId: string): Promise<boolean> {
    return this.forgetFolder(this.profileDir(sessionId));
  }

  /** Forgets every session's profile folder; the folders still in use by other browsers are returned, untouched. */
  async forgetAll(): Promise<{ removed: number; inUse: string[] }> {
    const entries = await readdir(this.profileRoot, { withFileTypes: true }).catch(() => []);
    const result = { removed: 0, inUse: [] as string[] };
    for (const entry of entries.filter((e) => e.isDirectory())) {
      try {
        result.removed += (await this.forgetFolder(path.join(this.profileRoot, entry.name))) ? 1 : 0;
      } catch (error) {
        if (!(error instanceof ProfileInUseError)) {
          throw error;
        }
        result.inUse.push(entry.name);
      }
    }
    return result;
  }

  /** Closes every browser this window started (the extension's tests; never on deactivation: they are the user's windows). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.started.values()].map(stop));
  }

  private async forgetFolder(dir: string): Promise<boolean> {
    this.checkInRoot(dir);
    if (!existsSync(dir)) {
      return false;
    }
    const child = this.started.get(dir);
    if (isRunning(child)) {
      await stop(child);
    } else if (await lockHolderAlive(dir)) {
      throw new ProfileInUseError(`A browser still has ${dir} open: close its windows first.`);
    }
    try {
      // Retries: a browser's last writes may still land just after it ended.
      await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EBUSY' || code === 'EPERM') {
        // Windows locks the files of a running browser.
        throw new ProfileInUseError(`A browser still has ${dir} open: close its windows first.`);
      }
      throw error;
    }
    return true;
  }

  /** Only folders directly below the root are ever created or removed. */
  private checkInRoot(dir: string): void {
    if (path.dirname(path.resolve(dir)) !== path.resolve(this.profileRoot)) {
      throw new Error(`${dir} is not a profile folder of this extension`);
    }
  }
}

/** Starts a browser detached and without a shell; resolves once it runs, rejects with why the OS could not start it. */
export async function spawnBrowser(executable: string, args: readonly string[], spawnProcess: typeof spawn = spawn): Promise<ChildProcess> {
  const child = spawnProcess(executable, [...args], { detached: true, stdio: 'ignore', shell: false });
  await new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`${executable} did not start within ${SPAWN_TIMEOUT_MS / 1000} s`)), SPAWN_TIMEOUT_MS);
    child.once('spawn', () => (clearTimeout(timeout), resolve()));
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timeout);
      reject(new Error(`${executable} could not be started (${error.code ?? error.message})`));
    });
  });
  // A later error (the process ending badly) must not become an uncaught exception.
  child.on('error', () => undefined);
  child.unref();
  return child;
}

function isRunning(child: ChildProcess | undefined): child is ChildProcess {
  return child !== undefined && child.exitCode === null && child.signalCode === null;
}

/** SIGTERM to the browser's whole process group (its renderers too), SIGKILL if it lingers. */
async function stop(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit').catch(() => undefined);
  signal(child, 'SIGTERM');
  const ended = await Promise.race([exited.then(() => true), delay(STOP_GRACE_MS).then(() => false)]);
  if (!ended) {
    signal(child, 'SIGKILL');
    await Promise.race([exited, delay(STOP_GRACE_MS)]);
  }
}

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  try {
    if (process.platform === 'win32' || child.pid === undefined) {
      child.kill(name);
    } else {
      process.kill(-child.pid, name);
    }
  } catch {
    // Already gone.
  }
}

/**
 * Whether the lock a browser keeps in its profile folder names a live process of this machine:
 * Chromium's `SingletonLock` (a link to `<host>-<pid>`), Firefox's `lock` on Linux (`<ip>:+<pid>`).
 * Windows' locks are open files instead: removing the folder then fails, which says the same.
 */
async function lockHolderAlive(dir: string): Promise<boolean> {
  const chromium = await readlink(path.join(dir, 'SingletonLock')).catch(() => undefined);
  if (chromium !== undefined) {
    const separator = chromium.lastIndexOf('-');
    return chromium.slice(0, separator) === hostname() && processAlive(Number(chromium.slice(separator + 1)));
  }
  const firefox = await readlink(path.join(dir, 'lock')).catch(() => undefined);
  return firefox !== undefined && processAlive(Number(/\+(\d+)$/.exec(firefox)?.[1]));
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) {
    return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
