/**
 * Starts browsers for sign-in pages and forgets their per-session profile folders. A browser is
 * spawned detached (it outlives VS Code, as one opened from a link would), never through a shell:
 * the executable and its arguments go to the OS as they are, the URL one argument among them.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, readlink, rm } from 'node:fs/promises';
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
    /** A process's arguments (undefined where they cannot be read): /proc on Linux, ps on macOS. */
    private readonly commandLineOf: (pid: number) => Promise<string[] | undefined> = commandLine,
  ) {}

  profileDir(sessionId: string): string {
    return path.join(this.profileRoot, profileFolderName(sessionId));
  }

  hasProfile(sessionId: string): boolean {
    return existsSync(this.profileDir(sessionId));
  }

  /** Whether a browser runs with this profile folder: one this window started, or one whose lock is held. */
  async profileInUse(dir: string): Promise<boolean> {
    return isRunning(this.started.get(dir)) || (await lockHolder(dir)) !== undefined;
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
    await Promise.all([...this.started.values()].filter(isRunning).map((child) => stop(child.pid, () => once(child, 'exit').then(() => undefined))));
  }

  private async forgetFolder(dir: string): Promise<boolean> {
    this.checkInRoot(dir);
    if (!existsSync(dir)) {
      return false;
    }
    const child = this.started.get(dir);
    if (isRunning(child)) {
      await stop(child.pid, () => once(child, 'exit').then(() => undefined));
    } else {
      const holder = await lockHolder(dir);
      // A browser an earlier window started (its command line names the folder) is closed as well;
      // any other process the lock names (a reused pid, a browser started by hand) is left alone.
      if (holder !== undefined && !(await this.commandLineOf(holder))?.some((arg, i, args) => arg === `--user-data-dir=${dir}` || (arg === '--profile' && args[i + 1] === dir))) {
        throw new ProfileInUseError(`A browser still has ${dir} open: close its windows first.`);
      }
      if (holder !== undefined) {
        await stop(holder, () => until(() => !processAlive(holder), 2 * STOP_GRACE_MS));
      }
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
async function stop(pid: number | undefined, ended: () => Promise<void>): Promise<void> {
  if (pid === undefined) {
    return;
  }
  const exited = ended().then(() => true);
  signal(pid, 'SIGTERM');
  if (!(await Promise.race([exited, delay(STOP_GRACE_MS).then(() => false)]))) {
    signal(pid, 'SIGKILL');
    await Promise.race([exited, delay(STOP_GRACE_MS)]);
  }
}

/** To the process group the browser leads (started detached), else to the process alone. */
function signal(pid: number, name: NodeJS.Signals): void {
  for (const target of process.platform === 'win32' ? [pid] : [-pid, pid]) {
    try {
      process.kill(target, name);
      return;
    } catch {
      // Not a group leader, or gone already.
    }
  }
}

/** Resolves once `condition` holds or after `timeoutMs`, polling. */
async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) {
    await delay(50);
  }
}

/**
 * The live process of this machine that the lock a browser keeps in its profile folder names:
 * Chromium's `SingletonLock` (a link to `<host>-<pid>`), Firefox's `lock` on Linux (`<ip>:+<pid>`).
 * Windows' locks are open files instead: removing the folder then fails, which says the same.
 */
async function lockHolder(dir: string): Promise<number | undefined> {
  const chromium = await readlink(path.join(dir, 'SingletonLock')).catch(() => undefined);
  const firefox = chromium === undefined ? await readlink(path.join(dir, 'lock')).catch(() => undefined) : undefined;
  const separator = chromium?.lastIndexOf('-') ?? -1;
  const pid =
    chromium !== undefined
      ? chromium.slice(0, separator) === hostname()
        ? Number(chromium.slice(separator + 1))
        : NaN
      : Number(/\+(\d+)$/.exec(firefox ?? '')?.[1]);
  return processAlive(pid) ? pid : undefined;
}

/** A process's arguments: /proc on Linux, `ps` (no shell) on macOS; undefined elsewhere or when gone. */
async function commandLine(pid: number): Promise<string[] | undefined> {
  if (process.platform === 'linux') {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
    return raw?.split('\0').filter(Boolean);
  }
  if (process.platform === 'darwin') {
    // ps joins the arguments with spaces: split at the ones that start an option, enough to find ours.
    const text = await new Promise<string | undefined>((resolve) =>
      execFile('ps', ['-o', 'command=', '-p', String(pid)], { timeout: 5_000 }, (error, stdout) => resolve(error ? undefined : stdout.trim())),
    );
    return text?.split(/ (?=--?[A-Za-z])/).flatMap((arg) => (arg.startsWith('--profile ') ? ['--profile', arg.slice('--profile '.length)] : [arg]));
  }
  return undefined;
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
