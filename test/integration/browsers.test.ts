/** Sign-in pages in a browser per session, in a real extension host, with a stand-in browser started for real. */
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FederationSession } from '../../src/core/session';
import { DEMO_INSTANCE_ID, TEST_INSTANCE } from '../emulator/fixtures';
import { StandInBrowser, processAlive } from '../support/standInBrowser';
import { Fixture, intercept, sessionItem, sessionNode, stub } from './support';

const SETTINGS = ['browser', 'browserIsolation', 'browserArgs', 'browserOnRemoteHost'] as const;

describe('a browser per session, in a real extension host', () => {
  let fixture: Fixture;
  let dir: string;
  let browser: StandInBrowser;
  const restores: (() => void)[] = [];
  const config = () => vscode.workspace.getConfiguration('connectFederation');

  before(async () => {
    fixture = await Fixture.start();
  });
  after(() => fixture.dispose());
  beforeEach(async () => {
    await fixture.api.store.clear();
    fixture.emulator.reset();
    dir = mkdtempSync(path.join(tmpdir(), 'connect-federation-browsers-'));
    browser = new StandInBrowser(dir);
  });
  afterEach(async () => {
    restores.splice(0).forEach((restore) => restore());
    await fixture.api.launcher?.stopAll();
    browser.killAll();
    await vscode.commands.executeCommand('connectFederation.clearTokens');
    for (const key of SETTINGS) {
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  async function configure(settings: Partial<Record<(typeof SETTINGS)[number], unknown>>): Promise<void> {
    for (const [key, value] of Object.entries(settings)) {
      await config().update(key, value, vscode.ConfigurationTarget.Global);
    }
  }

  async function fetch(instance = DEMO_INSTANCE_ID): Promise<FederationSession> {
    const outcome = await fixture.getToken({ profile: 'demo', instance });
    assert.ok(outcome?.ok, outcome && !outcome.ok ? outcome.failure.message : 'no fetch happened');
    return outcome.session;
  }

  const open = (session: FederationSession): Thenable<boolean> => vscode.commands.executeCommand('connectFederation.openSignInUrl', sessionNode(fixture.api, session.id));


  it("opens each session's sign-in page in its own profile folder, the URL one argument, exactly as issued", async () => {
    await configure({ browser: browser.executable, browserIsolation: 'perSession', browserOnRemoteHost: 'host', browserArgs: ['--headless', '--flag=a b'] });
    const first = await fetch();
    const second = await fetch(TEST_INSTANCE.id);
    const logged: string[] = [];
    const logging = fixture.api.onDidLog(({ text }) => logged.push(text));
    assert.equal(await open(first), true);
    await browser.waitForLaunches(1);
    assert.equal(await open(second), true);
    const launches = await browser.waitForLaunches(2);
    logging.dispose();
    assert.match(logged.join('\n'), new RegExp(`Opening the sign-in page of ${DEMO_INSTANCE_ID} · demo · us-east-1: .*fake browser" --user-data-dir=\\S+ .* --new-window <sign-in URL>`));
    assert.ok(!logged.some((line) => line.includes(first.signInUrl) || line.includes('token=')), 'the log never holds the URL');
    const root = fixture.api.launcher?.profileRoot ?? '';
    assert.ok(root.includes('globalStorage'), `profile folders under the global storage, not ${root}`);
    const dirs = [first, second].map((session) => fixture.api.launcher?.profileDir(session.id) ?? '');
    assert.deepEqual(
      launches.map((launch) => launch.args),
      [first, second].map((session, i) => [
        `--user-data-dir=${dirs[i]}`,
        '--no-first-run',
        '--no-default-browser-check',
        '--headless',
        '--flag=a b',
        '--new-window',
        session.signInUrl,
      ]),
    );
    assert.notEqual(dirs[0], dirs[1]);
    assert.ok(dirs.every((folder) => path.dirname(folder) === root && existsSync(folder)));
    assert.match(String(sessionItem(fixture.api, first.id).contextValue), /^session valid browserProfile$/);
  });

  it("opens the page from the fetch's own notification the same way: the configured browser, the session's profile folder", async () => {
    await configure({ browser: browser.executable, browserIsolation: 'perSession', browserOnRemoteHost: 'host' });
    const notification = intercept('showInformationMessage', (_message, ...buttons) => (buttons.includes('Open Sign-In Page') ? 'Open Sign-In Page' : undefined));
    restores.push(notification.restore);
    const session = await fetch();
    const [launch] = await browser.waitForLaunches(1);
    const folder = fixture.api.launcher?.profileDir(session.id) ?? '';
    assert.deepEqual(launch.args, [`--user-data-dir=${folder}`, '--no-first-run', '--no-default-browser-check', '--new-window', session.signInUrl]);
  });

  it('Sign Out forgets the profile folder and closes its browser, keeping the token; Clear forgets every folder', async () => {
    await configure({ browser: browser.executable, browserIsolation: 'perSession', browserOnRemoteHost: 'host' });
    const first = await fetch();
    const second = await fetch(TEST_INSTANCE.id);
    await open(first);
    const [firstLaunch] = await browser.waitForLaunches(1);
    await open(second);
    await browser.waitForLaunches(2);
    const folder = fixture.api.launcher?.profileDir(first.id) ?? '';

    assert.equal(await vscode.commands.executeCommand('connectFederation.signOut', sessionNode(fixture.api, first.id)), true);
    assert.ok(!existsSync(folder), 'the profile folder is gone');
    assert.ok(!processAlive(firstLaunch.pid), "the session's browser is closed");
    assert.equal(fixture.api.store.get(first.id)?.credentials.accessToken, first.credentials.accessToken, 'the token stays');
    assert.match(String(sessionItem(fixture.api, first.id).contextValue), /^session valid$/);

    await vscode.commands.executeCommand('connectFederation.removeSession', sessionNode(fixture.api, second.id));
    assert.ok(!existsSync(fixture.api.launcher?.profileDir(second.id) ?? ''), 'Remove forgets the folder with the token');
    await open(first);
    await browser.waitForLaunches(3);
    assert.ok(existsSync(folder));
    await vscode.commands.executeCommand('connectFederation.clearTokens');
    assert.ok(!existsSync(folder), 'Clear forgets every profile folder');
  });

  it('opens a private window: --incognito for Chromium, --private-window for Firefox', async () => {
    const session = await fetch();
    await configure({ browser: browser.executable, browserIsolation: 'private', browserOnRemoteHost: 'host' });
    await open(session);
    await browser.waitForLaunches(1);
    const firefox = new StandInBrowser(dir, 'firefox');
    await configure({ browser: firefox.executable });
    await open(session);
    const launches = await browser.waitForLaunches(2);
    assert.deepEqual(
      launches.map((launch) => launch.args),
      [
        ['--incognito', session.signInUrl],
        ['--private-window', session.signInUrl],
      ],
    );
    assert.equal(fixture.api.launcher?.hasProfile(session.id), false, 'no profile folder for a private window');
  });

  it('offers the browsers found on this machine the first time one is needed, and keeps the choice', async () => {
    const bin = path.join(dir, 'bin');
    const firefox = new StandInBrowser(dir, 'firefox');
    mkdirSync(bin);
    symlinkSync(firefox.executable, path.join(bin, 'firefox'));
    symlinkSync(browser.executable, path.join(bin, 'chromium'));
    // The extension looks for browsers on the PATH of its environment: here only the stand-ins.
    fixture.api.useEnvironment(() => ({ ...process.env, PATH: bin }));
    restores.push(() => fixture.api.useEnvironment(undefined));
    const offers: { title?: string; items: string[] }[] = [];
    restores.push(
      stub(vscode.window, 'showQuickPick', async (items: readonly (vscode.QuickPickItem & { description: string })[], options: vscode.QuickPickOptions) => {
        offers.push({ title: options.title, items: items.map((item) => `${item.label} ${item.description}`) });
        return items.find((item) => item.label === 'Mozilla Firefox');
      }),
    );
    await configure({ browserIsolation: 'perSession', browserOnRemoteHost: 'host' });
    const session = await fetch();
    assert.equal(await open(session), true);
    assert.deepEqual(offers[0]?.items, [
      `Chromium ${path.join(bin, 'chromium')}`,
      `Mozilla Firefox ${path.join(bin, 'firefox')}`,
      'Another browser… its executable',
      "VS Code's default browser, this time no profile per session, no private window",
    ]);
    assert.equal(config().get('browser'), 'firefox', 'the choice is kept by name');
    const [launch] = await browser.waitForLaunches(1);
    assert.deepEqual(launch.args, ['--profile', fixture.api.launcher?.profileDir(session.id), '--new-instance', '--new-window', session.signInUrl]);

    await open(session);
    assert.equal(offers.length, 1, 'not asked again');
    const [, again] = await browser.waitForLaunches(2);
    assert.deepEqual(again.args.slice(0, 3), ['--profile', fixture.api.launcher?.profileDir(session.id), '--new-window'], 'the running profile gets the URL');

    await configure({ browser: path.join(dir, 'gone', 'chrome') });
    await open(session);
    assert.match(String(offers[1]?.title), /gone\/chrome is not an executable file on this machine\. Which browser opens sign-in pages\?/);
    await browser.waitForLaunches(3);
  });

  it('asks once, in a web or remote window, whether to start the browser on the host, and keeps the answer', async () => {
    assert.ok(vscode.env.remoteName !== undefined || vscode.env.uiKind === vscode.UIKind.Web, 'code-server is a web window');
    const session = await fetch();
    const opened: unknown[] = [];
    restores.push(stub(vscode.env, 'openExternal', async (target: unknown) => (opened.push(target), true)));
    const questions: string[] = [];
    let answer = 'Use My Browser';
    restores.push(stub(vscode.window, 'showInformationMessage', async (message: string, options: vscode.MessageOptions) => (questions.push(`${message} ${options.detail}`), answer)));
    await configure({ browser: browser.executable, browserIsolation: 'perSession' });

    await open(session);
    assert.equal(questions.length, 1);
    assert.match(questions[0], /Start the sign-in browser on the machine VS Code runs on\?.*local code-server/);
    assert.deepEqual(opened.map(String), [session.signInUrl], 'your own browser, through openExternal');
    assert.equal(config().get('browserOnRemoteHost'), 'openExternal');
    await open(session);
    assert.equal(questions.length, 1, 'asked once');
    assert.equal(opened.length, 2);

    await configure({ browserOnRemoteHost: 'ask' });
    answer = 'Start on the Host';
    await open(session);
    assert.equal(config().get('browserOnRemoteHost'), 'host');
    assert.equal((await browser.waitForLaunches(1)).length, 1);
    assert.equal(opened.length, 2);
  });

  it('refuses a setting that names no browser, and an executable that will not start', async () => {
    const session = await fetch();
    const errors: string[] = [];
    restores.push(stub(vscode.window, 'showErrorMessage', async (message: string) => (errors.push(message), undefined)));
    await configure({ browser: 'netscape', browserOnRemoteHost: 'host' });
    assert.equal(await open(session), false);
    assert.match(errors[0], /connectFederation\.browser is neither one of chrome, chromium, edge, firefox, brave nor the absolute path/);
    const broken = path.join(dir, 'broken-browser');
    writeFileSync(broken, '#!/nonexistent/interpreter\n');
    chmodSync(broken, 0o755);
    await configure({ browser: broken });
    assert.equal(await open(session), false);
    assert.match(errors[1], /Could not open the sign-in page of .*broken-browser could not be started \(ENOENT\)/);
    assert.ok(!errors.join('\n').includes(session.signInUrl), 'no message holds the URL');
  });
});
