import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Tools, pathWithNode24 } from './tools';
import { logTail, runLogged, since } from './util';

export interface CodeServerOptions {
  /** Stdout and stderr of every code-server run (server and CLI), kept for debugging. */
  log: string;
  /** Where `stop()` copies the server's own logs (extension host, …) before removing its folders. */
  keepLogsIn?: string;
  /**
   * Variables for the server, and so for the extension host (process.env there). They go over an
   * isolated base: PATH, HOME and TMPDIR in this server's temp folder, no gallery; nothing else is
   * inherited (no AWS_* of the developer's shell).
   */
  env?: Record<string, string>;
  /** More code-server arguments, e.g. `--vscode-option enable-smoke-test-driver`. */
  args?: readonly string[];
  /** Default: a free port. */
  port?: number;
  startTimeoutMs?: number;
}

/** How long the server's process group gets to end after SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 10_000;
const POLL_INTERVAL_MS = 100;

/**
 * User settings of every server: nothing reaches for the network on its own (there is none here, and
 * the extension gallery and AI features otherwise keep the workbench busy before the tests run).
 */
const USER_SETTINGS = {
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.startupEditor': 'none',
  // The secondary side bar would open empty (no chat): room for the editor and the views instead.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * A code-server (VS Code with its workbench served to a browser) on 127.0.0.1, isolated in fresh temp
 * folders: config, user data, extensions, HOME and TMPDIR, plus an empty workspace folder to open.
 * `stop()` ends the whole process group and removes the folders.
 */
export class CodeServer {
  /** Every folder of this server (config, user data, extensions, HOME, TMPDIR, workspace) is in here. */
  readonly root = mkdtempSync(path.join(tmpdir(), 'connect-federation-code-server-'));
  readonly home = path.join(this.root, 'home');
  readonly workspace = path.join(this.root, 'workspace');
  readonly userData = path.join(this.root, 'user-data');
  private readonly tmp = path.join(this.root, 'tmp');
  private readonly env: NodeJS.ProcessEnv;
  private process?: ChildProcess;
  private listeningPort?: number;

  constructor(
    private readonly tools: Tools,
    private readonly options: CodeServerOptions,
  ) {
    for (const dir of [this.home, this.workspace, this.tmp]) {
      mkdirSync(dir);
    }
    mkdirSync(path.join(this.userData, 'User'), { recursive: true });
    writeFileSync(path.join(this.userData, 'User/settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
    writeFileSync(options.log, '');
    this.env = {
      PATH: pathWithNode24(tools),
      HOME: this.home,
      TMPDIR: this.tmp,
      // No extension gallery (its default, open-vsx.org, is out of reach here, and no test needs one).
      EXTENSIONS_GALLERY: '{}',
      ...options.env,
    };
  }

  /** Starts a server and waits until it is ready. */
  static async launch(tools: Tools, options: CodeServerOptions): Promise<CodeServer> {
    const server = new CodeServer(tools, options);
    try {
      await server.start();
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  get port(): number {
    if (this.listeningPort === undefined) {
      throw new Error('code-server is not started');
    }
    return this.listeningPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `code-server --install-extension`, into this server's extensions folder (before start, or reload the window). */
  async installExtension(vsix: string): Promise<void> {
    await runLogged(this.tools.node, [this.tools.codeServer, ...this.folderArgs(), '--force', '--install-extension', vsix], {
      env: this.env,
      log: this.options.log,
    });
  }

  async start(): Promise<void> {
    const started = performance.now();
    const port = this.options.port ?? (await freePort());
    const fd = openSync(this.options.log, 'a');
    // detached: its own process group (setsid), so that stop() reaches every process it forks.
    const child = spawn(
      this.tools.node,
      [
        this.tools.codeServer,
        ...this.folderArgs(),
        `--bind-addr=127.0.0.1:${port}`,
        '--auth=none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        ...(this.options.args ?? []),
      ],
      { detached: true, stdio: ['ignore', fd, fd], env: this.env },
    );
    closeSync(fd);
    this.process = child;
    const exited = new Promise<never>((_, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`code-server exited (${signal ?? code}) before it was ready`)));
    });
    try {
      await Promise.race([exited, this.waitUntilHealthy(`http://127.0.0.1:${port}/healthz`, this.options.startTimeoutMs ?? 30_000)]);
    } catch (error) {
      throw new Error(`${(error as Error).message}; end of ${this.options.log}:\n${logTail(this.options.log)}`);
    } finally {
      // From now on the process ending is stop()'s business.
      exited.catch(() => undefined);
    }
    this.listeningPort = port;
    console.log(`[code-server] ready at http://127.0.0.1:${port}/ in ${since(started)} (log: ${this.options.log})`);
  }

  /** Ends the server and removes its temp folders. */
  async stop(): Promise<void> {
    await this.shutdown();
    rmSync(this.root, { recursive: true, force: true });
  }

  /**
   * Ends the server's whole process group (SIGTERM, then SIGKILL after a grace period), keeping its
   * folders until `stop()`: what it wrote can be inspected with every file flushed.
   */
  async shutdown(): Promise<void> {
    const pid = this.process?.pid;
    this.process = undefined;
    this.listeningPort = undefined;
    if (pid !== undefined && signalGroup(pid, 'SIGTERM')) {
      const deadline = performance.now() + STOP_GRACE_MS;
      while (groupAlive(pid) && performance.now() < deadline) {
        await delay(POLL_INTERVAL_MS);
      }
      signalGroup(pid, 'SIGKILL');
    }
    if (this.options.keepLogsIn && existsSync(path.join(this.userData, 'logs'))) {
      rmSync(this.options.keepLogsIn, { recursive: true, force: true });
      cpSync(path.join(this.userData, 'logs'), this.options.keepLogsIn, { recursive: true });
    }
  }

  /** Without `--config`, code-server writes one into the real home. */
  private folderArgs(): string[] {
    return [
      `--config=${path.join(this.root, 'config.yaml')}`,
      `--user-data-dir=${this.userData}`,
      `--extensions-dir=${path.join(this.root, 'extensions')}`,
    ];
  }

  private async waitUntilHealthy(url: string, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      try {
        if ((await fetch(url)).ok) {
          return;
        }
      } catch {
        // Not listening yet.
      }
      await delay(POLL_INTERVAL_MS);
    }
    throw new Error(`code-server did not answer ${url} within ${timeoutMs / 1000} s`);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Returns whether the group existed. */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pgid: number): boolean {
  return signalGroup(pgid, 0);
}

/** A port free on 127.0.0.1 right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
