/** Browser command lines and install discovery, for every platform, on any. */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { DiscoveryHost, discoverBrowsers, findBrowser, installCandidates, resolveBrowserSetting } from '../../src/core/browserDiscovery';
import {
  BROWSER_NAMES,
  Browser,
  BrowserName,
  ISOLATIONS,
  LaunchRequest,
  browserArguments,
  browserAt,
  checkSignInUrl,
  describeCommandLine,
  parseBrowserSetting,
  profileFolderName,
} from '../../src/core/browsers';

const PLATFORMS: NodeJS.Platform[] = ['win32', 'darwin', 'linux', 'freebsd'];
const SIGN_IN = 'https://demo-prod.my.connect.aws/auth/sign-in?token=EMUSI-a%2Bb&x=1';

const browsers: Browser[] = [
  { name: 'chrome', family: 'chromium', executable: '/opt/google/chrome/chrome' },
  { name: 'chromium', family: 'chromium', executable: '/usr/bin/chromium' },
  { name: 'edge', family: 'chromium', executable: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe' },
  { name: 'brave', family: 'chromium', executable: '/usr/bin/brave-browser' },
  { name: 'firefox', family: 'firefox', executable: '/Applications/Firefox.app/Contents/MacOS/firefox' },
  { name: 'custom', family: 'chromium', executable: '/home/me/bin/vivaldi' },
];

/** Any launch request: every browser and isolation, any extra arguments, a profile folder, in use or not. */
const requests: fc.Arbitrary<LaunchRequest> = fc.record({
  browser: fc.constantFrom(...browsers),
  isolation: fc.constantFrom(...ISOLATIONS),
  profileDir: fc.constantFrom('/tmp/profiles/demo_x-0123456789ab', 'C:\\Users\\me\\AppData\\profiles\\a b'),
  profileInUse: fc.boolean(),
  extraArgs: fc.array(fc.string({ minLength: 1 }).filter((arg) => arg !== SIGN_IN), { maxLength: 5 }),
  url: fc.webUrl({ validSchemes: ['https'], withQueryParameters: true, withFragments: true }),
});

describe('browser command lines', () => {
  it('puts the URL last, once, and the extra arguments just before it in their order', () => {
    fc.assert(
      fc.property(requests, (request) => {
        const args = browserArguments(request);
        assert.equal(args.at(-1), request.url);
        assert.equal(args.filter((arg) => arg === request.url).length, request.extraArgs?.includes(request.url) ? 2 : 1);
        const extra = request.extraArgs ?? [];
        const at = args.length - 1 - extra.length - (hasUrlFlag(request) ? 1 : 0);
        assert.deepEqual(args.slice(at, at + extra.length), extra);
      }),
    );
  });

  it('isolates as asked: a profile folder per session, a private window, or neither', () => {
    fc.assert(
      fc.property(requests, (request) => {
        const own = browserArguments({ ...request, extraArgs: [] });
        const chromium = request.browser.family === 'chromium';
        const profileFlags = chromium ? own.filter((arg) => arg.startsWith('--user-data-dir=')) : own.filter((arg) => arg === '--profile');
        const privateFlags = own.filter((arg) => ['--incognito', '--inprivate', '--private-window'].includes(arg));
        assert.equal(profileFlags.length, request.isolation === 'perSession' ? 1 : 0);
        assert.equal(privateFlags.length, request.isolation === 'private' ? 1 : 0);
        if (request.isolation === 'perSession') {
          assert.ok(chromium ? own.includes(`--user-data-dir=${request.profileDir}`) : own[own.indexOf('--profile') + 1] === request.profileDir);
        }
      }),
    );
  });

  it('spells each family and browser its own way', () => {
    const chrome = browsers[0];
    const edge = browsers[2];
    const firefox = browsers[4];
    const dir = '/p/demo';
    assert.deepEqual(browserArguments({ browser: chrome, isolation: 'perSession', profileDir: dir, url: SIGN_IN }), [
      `--user-data-dir=${dir}`,
      '--no-first-run',
      '--no-default-browser-check',
      '--new-window',
      SIGN_IN,
    ]);
    assert.deepEqual(browserArguments({ browser: chrome, isolation: 'private', url: SIGN_IN }), ['--incognito', SIGN_IN]);
    assert.deepEqual(browserArguments({ browser: edge, isolation: 'private', url: SIGN_IN }), ['--inprivate', SIGN_IN]);
    assert.deepEqual(browserArguments({ browser: chrome, isolation: 'none', extraArgs: ['--headless'], url: SIGN_IN }), ['--headless', SIGN_IN]);
    // Firefox: a new instance for a profile not running yet; the running one otherwise (remoting is per profile).
    assert.deepEqual(browserArguments({ browser: firefox, isolation: 'perSession', profileDir: dir, url: SIGN_IN }), [
      '--profile',
      dir,
      '--new-instance',
      '--new-window',
      SIGN_IN,
    ]);
    assert.deepEqual(browserArguments({ browser: firefox, isolation: 'perSession', profileDir: dir, profileInUse: true, url: SIGN_IN }), [
      '--profile',
      dir,
      '--new-window',
      SIGN_IN,
    ]);
    assert.deepEqual(browserArguments({ browser: firefox, isolation: 'private', url: SIGN_IN }), ['--private-window', SIGN_IN]);
    assert.deepEqual(browserArguments({ browser: firefox, isolation: 'none', url: SIGN_IN }), ['--new-tab', SIGN_IN]);
    assert.throws(() => browserArguments({ browser: chrome, isolation: 'perSession', url: SIGN_IN }), /profile folder/);
  });

  it('leaves the URL, which carries a token, out of the logged command line', () => {
    fc.assert(
      fc.property(requests, (request) => {
        const args = browserArguments({ ...request, extraArgs: [] });
        const line = describeCommandLine(request.browser.executable, args, request.url);
        assert.ok(!line.includes(request.url));
        assert.ok(line.endsWith('<sign-in URL>'));
      }),
    );
    assert.equal(
      describeCommandLine('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', ['--incognito', SIGN_IN], SIGN_IN),
      '"C:\\\\Program Files\\\\Google\\\\Chrome\\\\Application\\\\chrome.exe" --incognito <sign-in URL>',
    );
  });
});

/** Whether the isolation puts a flag that takes the URL as its value just before it. */
function hasUrlFlag(request: LaunchRequest): boolean {
  return request.browser.family === 'chromium' ? request.isolation === 'perSession' : true;
}

describe('sign-in URLs handed to a browser', () => {
  it('takes https URLs exactly as given', () => {
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ['https'], withQueryParameters: true, withFragments: true }), (url) => {
        assert.deepEqual(checkSignInUrl(url), { ok: true, value: url });
      }),
    );
  });

  it('takes http only to this machine (a local emulator), and no other scheme', () => {
    for (const url of ['http://127.0.0.1:4566/auth/sign-in?token=x', 'http://localhost/auth', 'http://[::1]:8080/a']) {
      assert.ok(checkSignInUrl(url).ok, url);
    }
    for (const url of [
      'http://demo-prod.my.connect.aws/auth/sign-in?token=x',
      'http://127.0.0.1.example.com/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>',
      '--user-data-dir=/tmp',
      'https://a.example/ b',
      'https://a.example/\nb',
      `https://a.example/${'x'.repeat(20_000)}`,
    ]) {
      assert.ok(!checkSignInUrl(url).ok, url);
    }
  });

  it('refuses every URL that is not https, unless http to a loopback address', () => {
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ['http', 'ftp', 'ws', 'chrome', 'about'] }), (url) => {
        const host = new URL(url).hostname;
        const loopback = url.startsWith('http:') && (host === 'localhost' || /^127(\.\d+){3}$/.test(host) || host === '[::1]');
        assert.equal(checkSignInUrl(url).ok, loopback);
      }),
    );
  });
});

describe('the browser setting', () => {
  it('reads empty, a name in any case, or an absolute path of the platform', () => {
    assert.deepEqual(parseBrowserSetting('  ', 'linux'), { ok: true, value: { kind: 'default' } });
    assert.deepEqual(parseBrowserSetting('Firefox', 'linux'), { ok: true, value: { kind: 'named', name: 'firefox' } });
    assert.deepEqual(parseBrowserSetting('EDGE', 'win32'), { ok: true, value: { kind: 'named', name: 'edge' } });
    assert.deepEqual(parseBrowserSetting('/usr/bin/chromium ', 'linux'), { ok: true, value: { kind: 'path', path: '/usr/bin/chromium' } });
    assert.deepEqual(parseBrowserSetting('C:\\Tools\\chrome.exe', 'win32'), { ok: true, value: { kind: 'path', path: 'C:\\Tools\\chrome.exe' } });
    for (const [value, platform] of [
      ['C:\\Tools\\chrome.exe', 'linux'],
      ['bin/chromium', 'linux'],
      ['opera', 'darwin'],
      ['/usr/bin/chro\0mium', 'linux'],
      [`/${'x'.repeat(5000)}`, 'linux'],
    ] as const) {
      const parsed = parseBrowserSetting(value, platform);
      assert.ok(!parsed.ok && /neither one of chrome, chromium, edge, firefox, brave nor the absolute path/.test(parsed.reason), value);
    }
  });

  it("tells a path's browser by its file name", () => {
    const cases: [string, NodeJS.Platform, BrowserName | 'custom', 'chromium' | 'firefox'][] = [
      ['C:\\Program Files\\Mozilla Firefox\\firefox.exe', 'win32', 'firefox', 'firefox'],
      ['/Applications/Firefox Developer Edition.app/Contents/MacOS/firefox', 'darwin', 'firefox', 'firefox'],
      ['/usr/bin/librewolf', 'linux', 'custom', 'firefox'],
      ['C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', 'win32', 'edge', 'chromium'],
      ['/usr/bin/microsoft-edge-beta', 'linux', 'edge', 'chromium'],
      ['/usr/bin/google-chrome-stable', 'linux', 'chrome', 'chromium'],
      ['/usr/bin/chromium', 'linux', 'chromium', 'chromium'],
      ['/Applications/Brave Browser.app/Contents/MacOS/Brave Browser', 'darwin', 'brave', 'chromium'],
      ['/opt/vivaldi/vivaldi', 'linux', 'custom', 'chromium'],
    ];
    for (const [executable, platform, name, family] of cases) {
      assert.deepEqual(browserAt(executable, platform), { name, family, executable }, executable);
    }
  });
});

describe('profile folders', () => {
  it('are named readably, safely, and one per session ID', () => {
    assert.match(profileFolderName('demo/c3a7e9d1-4b2f-4e6a-9d8c-1f2e3a4b5c6d'), /^demo_c3a7e9d1-4b2f-4e6a-9d8c-1f2e3a4b5c6d-[0-9a-f]{12}$/);
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const name = profileFolderName(a);
        assert.match(name, /^[A-Za-z0-9-][A-Za-z0-9._-]*$/);
        assert.ok(name.length <= 77);
        assert.equal(profileFolderName(a), name);
        if (a !== b) {
          assert.notEqual(profileFolderName(b), name);
        }
      }),
    );
    assert.notEqual(profileFolderName('a/b'), profileFolderName('a_b'), 'the same readable part, told apart by the hash');
    assert.doesNotMatch(profileFolderName('../../etc'), /\.\./);
  });
});

/** A machine whose executables are exactly `installed`. */
function host(platform: NodeJS.Platform, env: Record<string, string>, installed: string[], homedir = '/Users/me'): DiscoveryHost {
  return { platform, env, homedir, isExecutable: async (file) => installed.includes(file) };
}

describe('browser discovery', () => {
  it('looks in Program Files, Program Files (x86) and LocalAppData on Windows, whatever the case of the variables', async () => {
    const env = { PROGRAMFILES: 'C:\\Program Files', 'programfiles(x86)': 'C:\\Program Files (x86)', LocalAppData: 'C:\\Users\\me\\AppData\\Local' };
    assert.deepEqual(installCandidates('chrome', { platform: 'win32', env, homedir: 'C:\\Users\\me' }), [
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Users\\me\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe',
    ]);
    const machine = host('win32', env, [
      'C:\\Users\\me\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
      'C:\\Program Files\\Mozilla Firefox\\firefox.exe',
    ]);
    assert.deepEqual(await discoverBrowsers(machine), [
      { name: 'chrome', family: 'chromium', executable: 'C:\\Users\\me\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe' },
      { name: 'edge', family: 'chromium', executable: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe' },
      { name: 'firefox', family: 'firefox', executable: 'C:\\Program Files\\Mozilla Firefox\\firefox.exe' },
    ]);
  });

  it('looks inside the app bundles of /Applications and ~/Applications on macOS', async () => {
    assert.deepEqual(installCandidates('brave', { platform: 'darwin', env: {}, homedir: '/Users/me' }), [
      '/Applications/Brave Browser.app/Contents/MacOS/Brave Browser',
      '/Users/me/Applications/Brave Browser.app/Contents/MacOS/Brave Browser',
    ]);
    const machine = host('darwin', { PATH: '/usr/bin' }, ['/Users/me/Applications/Firefox.app/Contents/MacOS/firefox']);
    assert.deepEqual(await findBrowser('firefox', machine), { name: 'firefox', family: 'firefox', executable: '/Users/me/Applications/Firefox.app/Contents/MacOS/firefox' });
    assert.equal(await findBrowser('chrome', machine), undefined);
  });

  it("looks on PATH elsewhere, in PATH's order and each browser's usual names, ignoring relative entries", async () => {
    const env = { PATH: 'bin:/usr/local/bin::/usr/bin:/snap/bin' };
    assert.deepEqual(installCandidates('chromium', { platform: 'linux', env, homedir: '/home/me' }), [
      '/usr/local/bin/chromium',
      '/usr/bin/chromium',
      '/snap/bin/chromium',
      '/usr/local/bin/chromium-browser',
      '/usr/bin/chromium-browser',
      '/snap/bin/chromium-browser',
    ]);
    const machine = host('linux', env, ['/snap/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/firefox-esr', 'bin/google-chrome']);
    assert.deepEqual(
      (await discoverBrowsers(machine)).map((b) => [b.name, b.executable]),
      [
        ['chromium', '/snap/bin/chromium'],
        ['firefox', '/usr/bin/firefox-esr'],
      ],
    );
  });

  it('offers only absolute candidates, on every platform, whatever the environment', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PLATFORMS),
        fc.constantFrom(...BROWSER_NAMES),
        fc.dictionary(fc.constantFrom('PATH', 'ProgramFiles', 'LOCALAPPDATA', 'ProgramFiles(x86)'), fc.string()),
        (platform, name, env) => {
          for (const candidate of installCandidates(name, { platform, env, homedir: platform === 'win32' ? 'C:\\Users\\me' : '/home/me' })) {
            assert.ok((platform === 'win32' ? /^([A-Za-z]:)?\\/ : /^\//).test(candidate), candidate);
          }
        },
      ),
    );
  });

  it('resolves a setting to a browser found here, or says why not', async () => {
    const machine = host('linux', { PATH: '/usr/bin' }, ['/usr/bin/chromium', '/opt/wrapper/chromium-headless']);
    assert.deepEqual(await resolveBrowserSetting({ kind: 'named', name: 'chromium' }, machine), {
      ok: true,
      value: { name: 'chromium', family: 'chromium', executable: '/usr/bin/chromium' },
    });
    assert.deepEqual(await resolveBrowserSetting({ kind: 'named', name: 'edge' }, machine), {
      ok: false,
      reason: 'Microsoft Edge was not found where it is usually installed on this machine',
    });
    assert.deepEqual(await resolveBrowserSetting({ kind: 'path', path: '/opt/wrapper/chromium-headless' }, machine), {
      ok: true,
      value: { name: 'chromium', family: 'chromium', executable: '/opt/wrapper/chromium-headless' },
    });
    assert.deepEqual(await resolveBrowserSetting({ kind: 'path', path: '/opt/gone/firefox' }, machine), {
      ok: false,
      reason: '/opt/gone/firefox is not an executable file on this machine',
    });
  });
});
