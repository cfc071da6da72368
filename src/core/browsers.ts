/**
 * Which browser opens a sign-in page, and its command line: Chromium's family (Chrome, Chromium,
 * Edge, Brave) and Firefox, each session in its own profile folder or in a private window. Pure:
 * the platform is an argument, so every platform's command line is tested on any.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Checked } from './checks';
import { MAX_URL_LENGTH, isLoopbackHost } from './untrusted';

export const BROWSER_NAMES = ['chrome', 'chromium', 'edge', 'firefox', 'brave'] as const;
export type BrowserName = (typeof BROWSER_NAMES)[number];

export const ISOLATIONS = ['none', 'perSession', 'private'] as const;
/** none: the browser's own profile; perSession: a profile folder per session; private: a private window. */
export type Isolation = (typeof ISOLATIONS)[number];

export type BrowserFamily = 'chromium' | 'firefox';

/** A browser found on this machine: what to start, and how its command line is spelled. */
export interface Browser {
  /** A known browser, or `custom` for a path whose browser the file name does not tell. */
  readonly name: BrowserName | 'custom';
  readonly family: BrowserFamily;
  readonly executable: string;
}

export const BROWSER_LABELS: Readonly<Record<BrowserName | 'custom', string>> = {
  chrome: 'Google Chrome',
  chromium: 'Chromium',
  edge: 'Microsoft Edge',
  firefox: 'Mozilla Firefox',
  brave: 'Brave',
  custom: 'Browser',
};

/** What `connectFederation.browser` asks for. */
export type BrowserSetting =
  | { readonly kind: 'default' }
  | { readonly kind: 'named'; readonly name: BrowserName }
  | { readonly kind: 'path'; readonly path: string };

/** Longer than any real path: anything longer is refused before it reaches a file system call. */
export const MAX_PATH = 4096;

export const REMOTE_HOST_CHOICES = ['ask', 'host', 'openExternal'] as const;
/** In a remote or web window: ask, start the browser on the extension host's machine, or use VS Code's openExternal. */
export type RemoteHostChoice = (typeof REMOTE_HOST_CHOICES)[number];

/** '' (VS Code's openExternal), a browser's name in any case, or an absolute path to an executable. */
export function parseBrowserSetting(value: string, platform: NodeJS.Platform): Checked<BrowserSetting> {
  const trimmed = value.trim();
  if (trimmed === '') {
    return { ok: true, value: { kind: 'default' } };
  }
  const name = BROWSER_NAMES.find((candidate) => candidate === trimmed.toLowerCase());
  if (name) {
    return { ok: true, value: { kind: 'named', name } };
  }
  if (trimmed.length > MAX_PATH || /[\0-\x1f]/.test(trimmed) || !pathsOf(platform).isAbsolute(trimmed)) {
    return { ok: false, reason: `is neither one of ${BROWSER_NAMES.join(', ')} nor the absolute path of a browser's executable` };
  }
  return { ok: true, value: { kind: 'path', path: trimmed } };
}

/** A browser by its executable's file name (a custom path): Firefox's forks by theirs, any other as Chromium's family. */
export function browserAt(executable: string, platform: NodeJS.Platform): Browser {
  const file = pathsOf(platform).basename(executable).toLowerCase().replace(/\.(exe|cmd|bat|sh)$/, '');
  const name: BrowserName | 'custom' = /msedge|microsoft-edge/.test(file)
    ? 'edge'
    : /brave/.test(file)
      ? 'brave'
      : /firefox/.test(file)
        ? 'firefox'
        : /google-chrome|^chrome$/.test(file)
          ? 'chrome'
          : /chromium/.test(file)
            ? 'chromium'
            : 'custom';
  const firefoxLike = name === 'firefox' || /librewolf|waterfox|floorp|^zen$/.test(file);
  return { name, family: firefoxLike ? 'firefox' : 'chromium', executable };
}

export interface LaunchRequest {
  readonly browser: Browser;
  readonly isolation: Isolation;
  /** perSession: the session's profile folder. */
  readonly profileDir?: string;
  /** Whether a browser runs with that profile folder already (Firefox then hands the URL to it). */
  readonly profileInUse?: boolean;
  /** `connectFederation.browserArgs`, before the URL. */
  readonly extraArgs?: readonly string[];
  readonly url: string;
}

/**
 * The arguments (after the executable) that open `url` as asked. The URL is always one argument,
 * and last. Chromium's family hands a URL for a running `--user-data-dir` to that browser by itself;
 * Firefox is told whether the profile runs: a new instance for it, or the running one.
 */
export function browserArguments(request: LaunchRequest): string[] {
  const { browser, isolation, url } = request;
  const extra = request.extraArgs ?? [];
  const dir = (): string => {
    if (!request.profileDir) {
      throw new Error('A per-session launch needs a profile folder');
    }
    return request.profileDir;
  };
  if (browser.family === 'chromium') {
    switch (isolation) {
      case 'perSession':
        return [`--user-data-dir=${dir()}`, '--no-first-run', '--no-default-browser-check', ...extra, '--new-window', url];
      case 'private':
        return [browser.name === 'edge' ? '--inprivate' : '--incognito', ...extra, url];
      case 'none':
        return [...extra, url];
    }
  }
  switch (isolation) {
    case 'perSession':
      return ['--profile', dir(), ...(request.profileInUse ? [] : ['--new-instance']), ...extra, '--new-window', url];
    case 'private':
      return [...extra, '--private-window', url];
    case 'none':
      return [...extra, '--new-tab', url];
  }
}

/** Bounds on `connectFederation.browserArgs`. */
export const MAX_BROWSER_ARGS = 32;
export const MAX_BROWSER_ARG_LENGTH = 1024;

/**
 * A sign-in URL as the browser may be given it: https, or http to this machine only (a local
 * emulator); no control characters, bounded. The string is kept as it came (never re-encoded: it
 * carries a token).
 */
export function checkSignInUrl(url: string): Checked<string> {
  if (url.length > MAX_URL_LENGTH || /[\0-\x20\x7f]/.test(url) || !URL.canParse(url)) {
    return { ok: false, reason: 'The sign-in URL is not a well-formed URL' };
  }
  const parsed = new URL(url);
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))) {
    return { ok: true, value: url };
  }
  return { ok: false, reason: `The sign-in URL is ${parsed.protocol.replace(/:$/, '')}, not https (http only to this machine)` };
}

/** The name of a session's profile folder: readable, and unique by a hash of the whole session ID. */
export function profileFolderName(sessionId: string): string {
  const readable = sessionId.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 64);
  return `${readable}-${createHash('sha256').update(sessionId).digest('hex').slice(0, 12)}`;
}

/** The command line for the log, the URL (it carries a token) left out. */
export function describeCommandLine(executable: string, args: readonly string[], url: string): string {
  return [executable, ...args].map((arg) => (arg === url ? '<sign-in URL>' : /\s/.test(arg) ? JSON.stringify(arg) : arg)).join(' ');
}

export function pathsOf(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}
