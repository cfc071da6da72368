/**
 * Where browsers are installed: Program Files and the user's LocalAppData on Windows, the
 * Applications folders on macOS, PATH elsewhere. The platform, the environment and the file check
 * are arguments, so every platform's discovery is tested on any.
 */
import { BROWSER_LABELS, BROWSER_NAMES, Browser, BrowserName, BrowserSetting, browserAt, pathsOf } from './browsers';
import type { Checked } from './checks';
import { MAX_PATH_ENTRIES } from './executables';

export interface DiscoveryHost {
  readonly platform: NodeJS.Platform;
  /** Read case-insensitively on Windows, as Windows does. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homedir: string;
  /** Whether an executable file is at this absolute path. */
  readonly isExecutable: (file: string) => Promise<boolean>;
}

/** Below Program Files, Program Files (x86) or LocalAppData. */
const WINDOWS: Readonly<Record<BrowserName, readonly string[]>> = {
  chrome: ['Google\\Chrome\\Application\\chrome.exe'],
  chromium: ['Chromium\\Application\\chrome.exe'],
  edge: ['Microsoft\\Edge\\Application\\msedge.exe'],
  firefox: ['Mozilla Firefox\\firefox.exe'],
  brave: ['BraveSoftware\\Brave-Browser\\Application\\brave.exe'],
};

/** Below /Applications or ~/Applications: the executable inside the app bundle. */
const MACOS: Readonly<Record<BrowserName, readonly string[]>> = {
  chrome: ['Google Chrome.app/Contents/MacOS/Google Chrome'],
  chromium: ['Chromium.app/Contents/MacOS/Chromium'],
  edge: ['Microsoft Edge.app/Contents/MacOS/Microsoft Edge'],
  firefox: ['Firefox.app/Contents/MacOS/firefox'],
  brave: ['Brave Browser.app/Contents/MacOS/Brave Browser'],
};

/** Program names on PATH (Linux and other Unix), as distributions and the vendors' packages install them. */
const UNIX: Readonly<Record<BrowserName, readonly string[]>> = {
  chrome: ['google-chrome', 'google-chrome-stable'],
  chromium: ['chromium', 'chromium-browser'],
  edge: ['microsoft-edge', 'microsoft-edge-stable'],
  firefox: ['firefox', 'firefox-esr'],
  brave: ['brave-browser', 'brave'],
};

/** Every place `name` may be installed, most usual first. */
export function installCandidates(name: BrowserName, host: Omit<DiscoveryHost, 'isExecutable'>): string[] {
  const paths = pathsOf(host.platform);
  if (host.platform === 'win32') {
    const roots = ['ProgramFiles', 'ProgramFiles(x86)', 'LocalAppData'].map((key) => envValue(host, key)).filter(isAbsolute(host));
    return unique(roots.flatMap((root) => WINDOWS[name].map((file) => paths.join(root, file))));
  }
  if (host.platform === 'darwin') {
    const roots = ['/Applications', paths.join(host.homedir, 'Applications')];
    return roots.flatMap((root) => MACOS[name].map((file) => paths.join(root, file)));
  }
  const dirs = (envValue(host, 'PATH') ?? '').split(':').filter(isAbsolute(host)).slice(0, MAX_PATH_ENTRIES);
  return unique(UNIX[name].flatMap((program) => dirs.map((dir) => paths.join(dir, program))));
}

/** The first install of `name` found, or undefined. */
export async function findBrowser(name: BrowserName, host: DiscoveryHost): Promise<Browser | undefined> {
  for (const candidate of installCandidates(name, host)) {
    if (await host.isExecutable(candidate)) {
      return { name, family: name === 'firefox' ? 'firefox' : 'chromium', executable: candidate };
    }
  }
  return undefined;
}

/** Every known browser installed here, in BROWSER_NAMES order. */
export async function discoverBrowsers(host: DiscoveryHost): Promise<Browser[]> {
  const found = await Promise.all(BROWSER_NAMES.map((name) => findBrowser(name, host)));
  return found.filter((browser): browser is Browser => browser !== undefined);
}

/** The browser a (parsed) setting names, or why it cannot be used. */
export async function resolveBrowserSetting(
  setting: Exclude<BrowserSetting, { kind: 'default' }>,
  host: DiscoveryHost,
): Promise<Checked<Browser>> {
  if (setting.kind === 'named') {
    const browser = await findBrowser(setting.name, host);
    return browser
      ? { ok: true, value: browser }
      : { ok: false, reason: `${BROWSER_LABELS[setting.name]} was not found where it is usually installed on this machine` };
  }
  return (await host.isExecutable(setting.path))
    ? { ok: true, value: browserAt(setting.path, host.platform) }
    : { ok: false, reason: `${setting.path} is not an executable file on this machine` };
}

/** Environment variable names are case-insensitive on Windows (process.env is; a copied object is not). */
function envValue(host: Pick<DiscoveryHost, 'platform' | 'env'>, key: string): string | undefined {
  if (host.platform !== 'win32') {
    return host.env[key];
  }
  const found = Object.keys(host.env).find((candidate) => candidate.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : host.env[found];
}

function isAbsolute(host: Pick<DiscoveryHost, 'platform'>): (dir: string | undefined) => dir is string {
  return (dir): dir is string => dir !== undefined && dir !== '' && pathsOf(host.platform).isAbsolute(dir);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
