/** Starting browsers and forgetting their profile folders, with a stand-in browser (a shell script) run for real. */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { BrowserLauncher, ProfileInUseError } from '../../src/core/browserLauncher';
import { StandInBrowser, processAlive as alive } from '../support/standInBrowser';

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.ok(condition(), what);
}

(process.platform === 'win32' ? describe.skip : describe)('BrowserLauncher', () => {
  let dir: string;
  let root: string;
  let launcher: BrowserLauncher;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'connect-federation-launcher-'));
    root = path.join(dir, 'browser-profiles');
    launcher = new BrowserLauncher(root);
  });
  afterEach(async () => {
    await launcher.stopAll();
    new StandInBrowser(dir).killAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts the executable with the arguments exactly as given, through no shell', async () => {
    const browser = new StandInBrowser(dir);
    const url = 'https://demo.my.connect.aws/auth/sign-in?token=a&b=$(touch pwned);c`id`|d';
    const args = ['--user-data-dir=/x y', `--flag=$(touch ${path.join(dir, 'pwned')})`, '"quoted"', url];
    await launcher.launch({ executable: browser.executable, args });
    assert.deepEqual((await browser.waitForLaunches(1))[0].args, args);
    assert.ok(!existsSync(path.join(dir, 'pwned')), 'no shell expanded anything');
  });

  it("creates the session's profile folder, private to the user, and closes its browser when the session signs out", async () => {
    const browser = new StandInBrowser(dir);
    const profileDir = launcher.profileDir('demo/c3a7e9d1');
    assert.equal(path.dirname(profileDir), root);
    assert.equal(launcher.hasProfile('demo/c3a7e9d1'), false);
    await launcher.launch({ executable: browser.executable, args: [`--user-data-dir=${profileDir}`], profileDir });
    const [{ pid }] = await browser.waitForLaunches(1);
    assert.equal(statSync(profileDir).mode & 0o777, 0o700);
    assert.equal(launcher.hasProfile('demo/c3a7e9d1'), true);
    assert.equal(await launcher.profileInUse(profileDir), true);
    writeFileSync(path.join(profileDir, 'Cookies'), 'the browser keeps its cookies here');

    assert.equal(await launcher.forget('demo/c3a7e9d1'), true);
    assert.ok(!existsSync(profileDir), 'the folder is gone');
    await until(() => !alive(pid), 'the browser of the session is closed');
    assert.equal(await launcher.forget('demo/c3a7e9d1'), false, 'nothing left to forget');
  });

  it('keeps the first browser of a profile folder as its owner when the folder is opened again', async () => {
    const browser = new StandInBrowser(dir);
    const profileDir = launcher.profileDir('demo/a');
    await launcher.launch({ executable: browser.executable, args: ['first'], profileDir });
    await browser.waitForLaunches(1);
    await launcher.launch({ executable: browser.executable, args: ['second'], profileDir });
    const [first, second] = await browser.waitForLaunches(2);
    assert.deepEqual([first.args, second.args], [['first'], ['second']]);
    await launcher.forget('demo/a');
    await until(() => !alive(first.pid), 'the first browser is closed');
    assert.ok(alive(second.pid), 'a browser this window does not own is left alone');
    process.kill(second.pid);
  });

  it('closes a browser an earlier window started for the folder (its command line names it), and only such a one', async () => {
    const browser = new StandInBrowser(dir);
    const profileDir = launcher.profileDir('demo/earlier');
    await launcher.launch({ executable: browser.executable, args: [`--user-data-dir=${profileDir}`], profileDir });
    const [{ pid }] = await browser.waitForLaunches(1);
    symlinkSync(`${hostname()}-${pid}`, path.join(profileDir, 'SingletonLock'));
    // The window reloaded: a new launcher knows nothing of what the earlier one started.
    const reloaded = new BrowserLauncher(root);
    assert.equal(await reloaded.profileInUse(profileDir), true);
    assert.equal(await reloaded.forget('demo/earlier'), true);
    await until(() => !alive(pid), 'the earlier browser is closed');
    assert.ok(!existsSync(profileDir));
  });

  it('forgets every profile folder, leaving those a browser it did not start still holds', async () => {
    const browser = new StandInBrowser(dir);
    for (const id of ['demo/a', 'demo/b']) {
      await launcher.launch({ executable: browser.executable, args: [], profileDir: launcher.profileDir(id) });
    }
    await browser.waitForLaunches(2);
    // A browser of an earlier window (this test process stands in for it) holds demo/c: Chromium's lock names it.
    const held = launcher.profileDir('demo/c');
    mkdirSync(held);
    symlinkSync(`${hostname()}-${process.pid}`, path.join(held, 'SingletonLock'));
    // A stale lock (its process is gone) does not hold demo/d.
    const stale = launcher.profileDir('demo/d');
    mkdirSync(stale);
    symlinkSync(`${hostname()}-999999999`, path.join(stale, 'SingletonLock'));

    await assert.rejects(launcher.forget('demo/c'), ProfileInUseError);
    const { removed, inUse } = await launcher.forgetAll();
    assert.equal(removed, 3);
    assert.deepEqual(inUse, [path.basename(held)]);
    assert.ok(existsSync(held));
    assert.ok(!existsSync(stale));
  });

  it('says why an executable cannot be started, and touches nothing outside its root', async () => {
    await assert.rejects(launcher.launch({ executable: path.join(dir, 'no-such-browser'), args: [] }), /no-such-browser could not be started \(ENOENT\)/);
    writeFileSync(path.join(dir, 'not-executable'), '');
    await assert.rejects(launcher.launch({ executable: path.join(dir, 'not-executable'), args: [] }), /could not be started \(EACCES\)/);
    await assert.rejects(launcher.launch({ executable: '/bin/true', args: [], profileDir: path.join(dir, 'elsewhere') }), /is not a profile folder of this extension/);
    await assert.rejects(launcher.launch({ executable: '/bin/true', args: [], profileDir: path.join(root, 'a', '..', '..', 'x') }), /is not a profile folder/);
    assert.deepEqual(await launcher.forgetAll(), { removed: 0, inUse: [] }, 'no root yet: nothing to forget');
  });
});
