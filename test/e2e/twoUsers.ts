/**
 * e2e: two Connect users of one instance side by side, each signed in within a browser profile of
 * its own, and the token in a terminal. The extension starts Debian's Chromium on the code-server
 * host (this machine), headless with a DevTools port, so the test reads each browser's page; the
 * emulator's sign-in page keeps one cookie per instance, so a shared profile would show one user.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Browser as CdpBrowser, Page, chromium } from 'playwright-core';
import { CONNECT_AGENT_ROLE, CONNECT_USER_NAMES, DEMO_IDENTITY, DEMO_INSTANCE, DEMO_REGION } from '../emulator/fixtures';
import type { Emulator } from '../emulator/server';
import { HOME_PATH } from '../emulator/signInPage';
import type { CodeServer } from '../vscode/codeServer';
import { CHROMIUM_LAUNCH_OPTIONS } from '../vscode/extensionHostTests';
import { GET_TOKEN, VIEW, fetchFromPalette } from '../vscode/extensionUi';
import * as workbench from '../vscode/workbench';
import type { CheckResult, Checks } from './checks';

const [ALICE, BOB] = CONNECT_USER_NAMES;
const REMOTE_QUESTION = 'Start the sign-in browser on the machine VS Code runs on?';
/** In the results: both users' browser pages side by side (the README's picture of the feature). */
export const TWO_USERS_PICTURE = 'two-users-browsers.png';
/** How long a started Chromium gets to open its DevTools port and load the page. */
const BROWSER_TIMEOUT_MS = 30_000;

/**
 * AWS profiles `alice` and `bob`: the ConnectAgent role through the demo user, the role session name
 * the Connect user. The role's STS is the emulator's (AWS_ENDPOINT_URL_STS in the server's
 * environment, from `serverEnvironment`).
 */
export function writeUserProfiles(home: string, endpointUrl: string): void {
  const profiles = CONNECT_USER_NAMES.map(
    (user) =>
      `[profile ${user}]\nregion = ${DEMO_REGION}\nendpoint_url = ${endpointUrl}\nrole_arn = ${CONNECT_AGENT_ROLE.arn}\n` +
      `source_profile = ${DEMO_IDENTITY.name}\nrole_session_name = ${user}\n`,
  );
  appendFileSync(path.join(home, '.aws', 'config'), `\n${profiles.join('\n')}`);
}

/** What the extension host needs besides the isolated base: the role profiles' STS. */
export function serverEnvironment(endpointUrl: string): Record<string, string> {
  return { AWS_ENDPOINT_URL_STS: endpointUrl };
}

/**
 * The browser settings, in the server's machine settings (the browser settings are machine-scoped,
 * and a web window reads those from there): Debian's Chromium, headless with a DevTools port of its
 * choosing (it writes the port into its profile folder), a profile folder per session.
 */
function writeBrowserSettings(server: CodeServer): void {
  const file = path.join(server.userData, 'Machine', 'settings.json');
  mkdirSync(path.dirname(file), { recursive: true });
  const current = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const settings = {
    ...current,
    'connectFederation.browser': CHROMIUM_LAUNCH_OPTIONS.executablePath,
    'connectFederation.browserIsolation': 'perSession',
    'connectFederation.browserArgs': [...CHROMIUM_LAUNCH_OPTIONS.args, '--remote-debugging-port=0'],
  };
  writeFileSync(file, JSON.stringify(settings, null, 2));
}

export interface TwoUsersScene {
  readonly checks: Checks;
  readonly page: Page;
  readonly emulator: Emulator;
  readonly server: CodeServer;
  /** Starts a numbered step from a clean screen. */
  readonly startStep: (number: number, title: string) => Promise<void>;
  /** A screenshot of the workbench into the results. */
  readonly screenshot: (name: string) => Promise<void>;
  /** Where screenshots go. */
  readonly results: string;
  readonly extensionId: string;
}

/** Step `number` of the run: sessions of alice and bob, their browsers, a terminal, Sign Out. */
export async function twoUsersStep(scene: TwoUsersScene, number: number): Promise<void> {
  const { checks, page } = scene;
  const profiles = path.join(scene.server.userData, 'User', 'globalStorage', scene.extensionId, 'browser-profiles');
  const browsers = new Map<string, UserBrowser>();
  await scene.startStep(number, `Two Connect users of ${DEMO_INSTANCE.alias}, each signed in within a browser profile of its own`);
  try {
    const configured = await checks.run('Chromium as the browser, a profile folder per session (machine settings, read on a window reload)', async () => {
      writeBrowserSettings(scene.server);
      await page.reload();
      await workbench.waitForWorkbench(page);
      // The view comes back as it was before the reload, with the sessions of the earlier steps.
      await workbench.treeRows(page, VIEW, { topLevel: true }).first().waitFor();
    });
    const fetched: CheckResult<unknown>[] = [];
    for (const user of [ALICE, BOB]) {
      fetched.push(
        await checks.run(`"${GET_TOKEN}", profile ${user} (role session name ${user}), ${DEMO_INSTANCE.alias}: its session appears`, async () => {
          await fetchFromPalette(page, user, DEMO_INSTANCE.alias);
          await userRow(page, user).waitFor();
          await workbench.progressNotifications(page, /^Getting a federation token for /).waitFor({ state: 'hidden' });
        }, [configured]),
      );
    }
    const opened: CheckResult<unknown>[] = [];
    for (const user of [ALICE, BOB]) {
      opened.push(
        await checks.run(
          `"Open Sign-In URL" on ${user}'s row starts Chromium in a new profile folder, which shows "Signed in as ${user}"`,
          async () => {
            const before = profileFolders(profiles);
            await workbench.treeRowAction(userRow(page, user), 'Open Sign-In URL');
            if (user === ALICE) {
              // The first time in a web window: where to start the browser. Here the host is this machine.
              await workbench.dialogButton(page, REMOTE_QUESTION, 'Start on the Host');
              checks.note('asked once where to start the browser: "Start on the Host"');
            }
            const browser = await UserBrowser.connect(profiles, before);
            browsers.set(user, browser);
            await browser.waitForText(`Signed in as ${user}`);
            checks.note(`profile folder ${browser.folder}`);
          },
          [fetched[CONNECT_USER_NAMES.indexOf(user)]],
        ),
      );
    }
    const both = await checks.run(
      `both still signed in, at once: each profile's home page shows its own user (${ALICE} was not replaced by ${BOB})`,
      async () => {
        for (const user of [ALICE, BOB]) {
          const text = await browsers.get(user)?.openHome();
          if (!text?.includes(`Signed in as ${user} to ${DEMO_INSTANCE.alias}`)) {
            throw new Error(`${user}'s browser profile shows "${text?.trim()}"`);
          }
        }
        const visits = scene.emulator.homeVisits().slice(-2).map((visit) => visit.signedIn.map((s) => `${s.userName}@${s.instanceAlias}`));
        if (JSON.stringify(visits) !== JSON.stringify([[`${ALICE}@${DEMO_INSTANCE.alias}`], [`${BOB}@${DEMO_INSTANCE.alias}`]])) {
          throw new Error(`The emulator saw the home page with the cookies of ${JSON.stringify(visits)}`);
        }
        checks.note(`the emulator issued ${scene.emulator.signInSessions().length} sign-in cookies and saw each profile send its own`);
      },
      opened,
    );
    if (both.ok) {
      await saveBrowsersPicture(scene, browsers);
    }
    await scene.screenshot(`${pad(number)}-two-users`);

    const inTerminals = await checks.run(`"Use in Terminals" on ${ALICE}'s row: the row says so, and a new terminal's shell sees ${ALICE}'s token`, async () => {
      await workbench.treeRowMenu(page, userRow(page, ALICE), 'Use Federation Token in Terminals');
      await userRow(page, ALICE, /· in terminals$/).waitFor();
      const check = path.join(scene.server.home, 'terminal-check');
      await workbench.runCommand(page, 'Terminal: Create New Terminal');
      // Its own sh: shell integration's hooks must not write into the redirection. The file also says the shell is up.
      const seen = await runInTerminal(page, `sh -c 'echo "$CONNECT_USER_ARN \${#CONNECT_ACCESS_TOKEN}"' > '${check}'`, check);
      const token = scene.emulator.tokens().find((t) => t.userName === ALICE);
      if (!token || seen.trim() !== `${token.userArn} ${token.accessToken.length}`) {
        throw new Error(`The terminal saw "${seen.trim()}", not ${ALICE}'s user ARN and token length`);
      }
      // For the picture: what a person would look at (never the token itself).
      await workbench.typeInTerminal(page, 'clear; echo "$CONNECT_USER_ARN"; echo "CONNECT_ACCESS_TOKEN: ${#CONNECT_ACCESS_TOKEN} characters"');
      await workbench.viewTitleAction(page, 'Collapse All');
      await page.mouse.move(0, 0);
      // Only for the picture: xterm may draw on a canvas, where no text is to be found.
      await page.locator('.terminal .xterm-rows', { hasText: / characters$/m }).waitFor({ timeout: 5_000 }).catch(() => undefined);
    }, [fetched[0]]);
    if (inTerminals.ok) {
      await scene.screenshot(`${pad(number)}-terminals`);
    }
    await checks.run(`after a window reload, a new terminal still gets ${ALICE}'s token (set again from SecretStorage)`, async () => {
      await page.reload();
      await workbench.waitForWorkbench(page);
      await userRow(page, ALICE, /· in terminals$/).waitFor();
      const check = path.join(scene.server.home, 'terminal-check-after-reload');
      await workbench.runCommand(page, 'Terminal: Create New Terminal');
      const seen = (await runInTerminal(page, `sh -c 'echo "\${#CONNECT_ACCESS_TOKEN}"' > '${check}'`, check)).trim();
      const token = scene.emulator.tokens().find((t) => t.userName === ALICE);
      if (seen !== String(token?.accessToken.length)) {
        throw new Error(`The terminal saw a CONNECT_ACCESS_TOKEN of ${seen || 'no'} characters, not ${ALICE}'s`);
      }
    }, [inTerminals]);

    await checks.run('"Sign Out" on each row forgets its browser profile: the folder is gone and its Chromium closed', async () => {
      for (const user of [ALICE, BOB]) {
        await workbench.treeRowMenu(page, userRow(page, user), 'Sign Out (Forget the Browser Profile)');
        await browsers.get(user)?.waitUntilGone().catch(async (error: unknown) => {
          const shown = await workbench.notifications(page, /./).allInnerTexts();
          throw new Error(`${user}: ${(error as Error).message}${shown.length ? `; notifications: ${shown.join(' | ')}` : ''}`);
        });
      }
      const left = profileFolders(profiles);
      if (left.length > 0) {
        throw new Error(`Profile folders left: ${left.join(', ')}`);
      }
    }, opened);
  } finally {
    // Whatever failed: no browser of this run outlives it (they are detached from code-server's process group).
    for (const browser of browsers.values()) {
      await browser.disconnect();
    }
    stopLeftoverBrowsers(profiles);
  }
}

/** A user's session row: the instance's alias, the profile named after the user. */
function userRow(page: Page, user: string, description = new RegExp(`^${user} · `)) {
  return workbench.treeRows(page, VIEW, { topLevel: true, label: DEMO_INSTANCE.alias, description });
}

function profileFolders(root: string): string[] {
  return existsSync(root) ? readdirSync(root) : [];
}

/** A Chromium the extension started, reached through the DevTools port it wrote into its profile folder. */
class UserBrowser {
  private constructor(
    readonly folder: string,
    private readonly dir: string,
    private readonly cdp: CdpBrowser,
  ) {}

  /** The browser of the one profile folder that appeared since `before`. */
  static async connect(root: string, before: readonly string[]): Promise<UserBrowser> {
    const deadline = Date.now() + BROWSER_TIMEOUT_MS;
    for (;;) {
      const added = profileFolders(root).filter((folder) => !before.includes(folder));
      const portFile = added.length === 1 ? path.join(root, added[0], 'DevToolsActivePort') : undefined;
      if (portFile && existsSync(portFile) && readFileSync(portFile, 'utf8').includes('\n')) {
        const port = Number(readFileSync(portFile, 'utf8').split('\n')[0]);
        return new UserBrowser(added[0], path.join(root, added[0]), await chromium.connectOverCDP(`http://127.0.0.1:${port}`));
      }
      if (Date.now() > deadline) {
        throw new Error(`No new profile folder with a running Chromium in ${root} (new: ${JSON.stringify(added)})`);
      }
      await delay(100);
    }
  }

  /** The page the extension opened (the sign-in page, then wherever it led). */
  private page(): Page | undefined {
    return this.cdp.contexts().flatMap((context) => context.pages()).find((page) => page.url().startsWith('http'));
  }

  async waitForText(text: string): Promise<void> {
    const deadline = Date.now() + BROWSER_TIMEOUT_MS;
    let shown = '';
    while (Date.now() < deadline) {
      shown = (await this.page()?.locator('body').innerText().catch(() => '')) ?? '';
      if (shown.includes(text)) {
        return;
      }
      await delay(100);
    }
    // The page's text only: its URL carries a token.
    throw new Error(`The page shows "${shown.trim()}", not "${text}"`);
  }

  /** Loads the emulator's home page in the same tab, as a person reloading Connect would; returns its text. */
  async openHome(): Promise<string> {
    const page = this.page();
    if (!page) {
      throw new Error('The browser shows no page');
    }
    await page.goto(new URL(HOME_PATH, page.url()).toString());
    return page.locator('body').innerText();
  }

  async screenshot(): Promise<Buffer> {
    const page = this.page();
    if (!page) {
      throw new Error('The browser shows no page');
    }
    return page.screenshot();
  }

  async waitUntilGone(): Promise<void> {
    const deadline = Date.now() + BROWSER_TIMEOUT_MS;
    while (this.cdp.isConnected() || existsSync(this.dir)) {
      if (Date.now() > deadline) {
        throw new Error(`${this.folder}: ${this.cdp.isConnected() ? 'its Chromium still runs' : 'the folder is still there'}`);
      }
      await delay(100);
    }
  }

  async disconnect(): Promise<void> {
    await this.cdp.close().catch(() => undefined);
  }
}

/**
 * The README's picture of the feature: both users' browser pages side by side, each captioned with
 * its profile folder, rendered by the workbench's own browser in a page of its own.
 */
async function saveBrowsersPicture(scene: TwoUsersScene, browsers: ReadonlyMap<string, UserBrowser>): Promise<void> {
  const panes = await Promise.all(
    [...browsers].map(async ([user, browser]) => ({ user, folder: browser.folder, png: (await browser.screenshot()).toString('base64') })),
  );
  const html = `<!DOCTYPE html><html><body style="margin:0;padding:16px;background:#1f1f1f;font:14px system-ui;color:#ccc;display:flex;gap:16px">${panes
    .map(
      (pane) =>
        `<figure style="margin:0"><figcaption style="margin-bottom:6px">Chromium, profile folder of ${pane.user}'s session <code>${pane.folder}</code></figcaption>` +
        `<img style="width:560px;border:1px solid #444" src="data:image/png;base64,${pane.png}"></figure>`,
    )
    .join('')}</body></html>`;
  const page = await scene.page.context().newPage();
  try {
    await page.setViewportSize({ width: 1208, height: 460 });
    await page.setContent(html);
    await page.screenshot({ path: path.join(scene.results, TWO_USERS_PICTURE) });
  } finally {
    await page.close();
  }
}

/** Ends what the extension started here and the test could not sign out: Chromium's lock names its pid. */
function stopLeftoverBrowsers(root: string): void {
  for (const folder of profileFolders(root)) {
    const lock = path.join(root, folder, 'SingletonLock');
    try {
      const pid = Number(/-(\d+)$/.exec(readlinkSafe(lock))?.[1]);
      if (pid > 0) {
        process.kill(pid);
      }
    } catch {
      // gone already
    }
  }
}

function readlinkSafe(file: string): string {
  try {
    return readlinkSync(file);
  } catch {
    return '';
  }
}

/**
 * Types a command line into the focused terminal until it has written `file` (three tries): keys
 * typed while a new terminal's shell is still starting can be lost. The line must be safe to repeat.
 */
async function runInTerminal(page: Page, line: string, file: string): Promise<string> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    await workbench.typeInTerminal(page, line);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (existsSync(file) && readFileSync(file, 'utf8') !== '') {
        return readFileSync(file, 'utf8');
      }
      await delay(100);
    }
  }
  throw new Error(`${file} was not written after three tries`);
}

function pad(number: number): string {
  return String(number).padStart(2, '0');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
