/**
 * `npm run test:e2e` (after `npm run package` and tsc): the packaged extension in a real VS Code
 * (code-server, without the smoke-test driver, so notifications show), driven in headless Chromium the
 * way a person uses it, against the Connect emulator, with AWS profiles `demo` and `root`, the
 * role profiles `alice` and `bob` (twoUsers.ts) and `agents` (chosenUser.ts), in a temp HOME. Every step is a few named checks; screenshots go to test-results/e2e/. Ends with one line
 * `e2e: N passed, M failed`; the exit code is 0 only if all passed.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BrowserContext, Locator, Page, chromium } from 'playwright-core';
import { SESSIONS_SECRET_KEY } from '../../src/core/sessionStore';
import { DEMO_IDENTITY, DEMO_INSTANCE, ROOT_IDENTITY, TEST_INSTANCE } from '../emulator/fixtures';
import type { IssuedToken } from '../emulator/control';
import { Emulator, startEmulator } from '../emulator/server';
import { writeAwsProfiles } from '../vscode/awsProfiles';
import { CodeServer } from '../vscode/codeServer';
import { CHROMIUM_LAUNCH_OPTIONS } from '../vscode/extensionHostTests';
import { ensureTools, requireAptPackages } from '../vscode/tools';
import { REPO_ROOT, TEST_RESULTS_DIR, abortOnSignals } from '../vscode/util';
import { EXTENSION_ID, GET_TOKEN, OPEN_SIGN_IN, SECRET_ROWS, SUCCESS_NOTIFICATION, UI_TIMEOUT_MS, VIEW, VIEW_CONTAINER, fetchFromPalette, typeDemoInstanceArn } from '../vscode/extensionUi';
import * as workbench from '../vscode/workbench';
import { CheckResult, Checks, messageOf } from './checks';
import { Secret, filesBelow, findSecrets } from './secretScan';
import { CHOSEN_USER_PICTURE, USER_NOT_FOUND_PICTURE, chosenUserStep, writeAgentsProfile } from './chosenUser';
import { TWO_USERS_PICTURE, TwoUsersScene, serverEnvironment, twoUsersStep, writeUserProfiles } from './twoUsers';

const VSIX = path.join(REPO_ROOT, 'dist/connect-federation.vsix');
const RESULTS = path.join(TEST_RESULTS_DIR, 'e2e');
/** The README's picture: the view with two sessions and the status-bar countdown (rewritten with E2E_UPDATE_SCREENSHOT=1). */
const README_SCREENSHOT = path.join(REPO_ROOT, 'media/screenshot.png');
/** The README's pictures of a browser per session, of the token in terminals and of a chosen Connect user (also with E2E_UPDATE_SCREENSHOT=1). */
const README_PICTURES: Readonly<Record<string, string>> = {
  [TWO_USERS_PICTURE]: path.join(REPO_ROOT, 'media/browser-per-session.png'),
  '06-terminals.png': path.join(REPO_ROOT, 'media/terminals.png'),
  [USER_NOT_FOUND_PICTURE]: path.join(REPO_ROOT, 'media/user-not-found.png'),
  [CHOSEN_USER_PICTURE]: path.join(REPO_ROOT, 'media/chosen-user.png'),
};
/** The second session's token lives shorter, so that the status bar shows it first. */
const SECOND_TOKEN_LIFETIME_SECONDS = 25 * 60;
const VIEWPORT = { width: 1400, height: 860 };
/** Wide enough for the tree's descriptions (masked tokens, expiry) to show in screenshots. */
const SIDE_BAR_WIDTH = 520;
/** How long the emulator holds the first token back, so that the progress notification can be seen. */
const FETCH_DELAY_MS = 2_000;
/** Long enough that only Cancel can end the fetch within the check's second. */
const CANCELLED_FETCH_DELAY_MS = 10_000;

const OPENED_SIGN_IN_TOKEN = 'sign-in token of a URL the browser opened';

/** What the run started, stopped in the end whatever happened. */
interface Running {
  emulator?: Emulator;
  server?: CodeServer;
  browserProfile?: string;
  context?: BrowserContext;
}

/** What the steps share once the setup is done. */
interface Scene {
  readonly emulator: Emulator;
  readonly server: CodeServer;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly browserProfile: string;
}

async function main(): Promise<void> {
  const signal = abortOnSignals();
  const checks = new Checks(signal);
  const running: Running = {};
  rmSync(RESULTS, { recursive: true, force: true });
  mkdirSync(RESULTS, { recursive: true });
  // Awaited before the clean-up too: after a Ctrl-C, what it is still starting must be stopped as well.
  const setup = setUp(running, signal);
  try {
    checks.startStep(0, 'setup');
    const { value: scene } = await checks.run('the packaged extension in code-server, its workbench open in Chromium', () => setup);
    await screenshot(running.context, '00-setup');
    if (scene) {
      await scenario(checks, scene);
      if (checks.allPassed && process.env.E2E_UPDATE_SCREENSHOT === '1') {
        copyFileSync(path.join(RESULTS, '03-two-sessions.png'), README_SCREENSHOT);
        Object.entries(README_PICTURES).forEach(([name, target]) => copyFileSync(path.join(RESULTS, name), target));
      }
    }
  } catch (error) {
    // Only an abort gets here (checks catch their own failures).
    checks.interrupted(error);
  } finally {
    await setup.catch(() => undefined);
    if (running.context) {
      await closeBrowser(running.context);
    }
    await running.server?.stop();
    await running.emulator?.close();
    if (running.browserProfile) {
      rmSync(running.browserProfile, { recursive: true, force: true });
    }
    console.log(`\n${checks.summary()}`);
  }
  process.exitCode = checks.allPassed ? 0 : 1;
}

async function setUp(running: Running, signal: AbortSignal): Promise<Scene> {
  requireFreshVsix();
  requireAptPackages(['chromium'], 'the browser that drives the VS Code workbench');
  const tools = await ensureTools();
  const emulator = (running.emulator = await startEmulator());
  // Sign-in URLs lead to the emulator's stand-in page, which records the visit (the real one is out of reach).
  emulator.configure({ signInBaseUrl: emulator.url });
  const server = (running.server = new CodeServer(tools, {
    log: path.join(RESULTS, 'code-server.log'),
    keepLogsIn: path.join(RESULTS, 'vscode-logs'),
    env: serverEnvironment(emulator.url),
  }));
  writeAwsProfiles(server.home, emulator.url, [DEMO_IDENTITY, ROOT_IDENTITY]);
  writeUserProfiles(server.home, emulator.url);
  writeAgentsProfile(server.home, emulator.url);
  await server.installExtension(VSIX);
  await server.start();
  // A profile folder of our own (not launch()'s hidden one): the secret scan reads it after the run.
  const browserProfile = (running.browserProfile = mkdtempSync(path.join(tmpdir(), 'connect-federation-e2e-browser-')));
  // Reduced motion: the workbench then skips its fades and slides, which screenshots would catch halfway.
  const context = (running.context = await chromium.launchPersistentContext(browserProfile, {
    ...CHROMIUM_LAUNCH_OPTIONS,
    viewport: VIEWPORT,
    reducedMotion: 'reduce',
  }));
  // After a Ctrl-C, the waits on the workbench would only end with their timeouts: closing the browser ends them now.
  signal.throwIfAborted();
  signal.addEventListener('abort', () => void closeBrowser(context), { once: true });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const page = context.pages()[0] ?? (await context.newPage());
  await workbench.openWorkbench(page, server);
  await workbench.openViewContainer(page, VIEW_CONTAINER);
  await workbench.resizeSideBar(page, SIDE_BAR_WIDTH);
  return { emulator, server, context, page, browserProfile };
}

/** A .vsix older than the sources would test yesterday's extension. */
function requireFreshVsix(): void {
  const built = statSync(VSIX, { throwIfNoEntry: false })?.mtimeMs;
  if (built === undefined) {
    throw new Error(`${VSIX} is missing: run \`npm run package\` first (\`npm run test:e2e\` does).`);
  }
  const sources = [path.join(REPO_ROOT, 'package.json'), ...filesBelow(path.join(REPO_ROOT, 'src'))];
  const newer = sources.filter((file) => statSync(file).mtimeMs > built);
  if (newer.length > 0) {
    throw new Error(`${VSIX} is older than ${path.relative(REPO_ROOT, newer[0])}: run \`npm run package\` first (\`npm run test:e2e\` does).`);
  }
}

async function scenario(checks: Checks, scene: Scene): Promise<void> {
  const { page } = scene;

  await startStep(checks, page, 1, `Get Federation Token: profile ${DEMO_IDENTITY.name}, the instance ARN typed`);
  scene.emulator.delay({ operation: 'GetFederationToken', ms: FETCH_DELAY_MS });
  let fetched: CheckResult<void>;
  try {
    fetched = await checks.run(`"${GET_TOKEN}" from the palette, profile ${DEMO_IDENTITY.name}, the typed ARN offered and accepted`, async () => {
      await typeDemoInstanceArn(page);
      await workbench.watchFromEnter(page, {
        treeRow: { viewName: VIEW, label: DEMO_INSTANCE.alias, childLabel: SECRET_ROWS[0] },
        notification: SUCCESS_NOTIFICATION,
        statusBar: { extensionId: EXTENSION_ID, id: 'connectFederation.expiry', text: DEMO_INSTANCE.alias },
      });
      await workbench.acceptQuickInput(page);
    });
    await checks.run(
      'a progress notification, then the success notification',
      async () => {
        await workbench.progressNotifications(page, /^Getting a federation token for /).waitFor();
        await workbench.notifications(page, SUCCESS_NOTIFICATION, 'info').waitFor();
      },
      [fetched],
    );
  } finally {
    scene.emulator.delay({ operation: 'GetFederationToken', ms: 0 });
  }
  const shown = await checks.run(
    `the "${VIEW_CONTAINER}" view shows the session`,
    async () => {
      const row = workbench.treeRows(page, VIEW, { topLevel: true });
      await row.waitFor();
      return (await workbench.treeRowText(row)).label;
    },
    [fetched],
  );
  await checks.run(
    'its row shows first, then its credentials under it, without a click (it arrives collapsed and is expanded at once: the row shows sooner)',
    async () => {
      const { treeRowMs, childRowMs } = await workbench.enterTimings(page, UI_TIMEOUT_MS);
      if (!(treeRowMs < childRowMs)) {
        throw new Error(`From the Enter, the row showed after ${treeRowMs.toFixed(0)} ms and "${SECRET_ROWS[0]}" under it after ${childRowMs.toFixed(0)} ms`);
      }
      checks.note(`row ${treeRowMs.toFixed(0)} ms, credentials ${childRowMs.toFixed(0)} ms after the Enter (the fetch delayed ${FETCH_DELAY_MS} ms)`);
    },
    [shown],
  );
  await checks.run(
    `the session is named ${DEMO_INSTANCE.alias}`,
    () => {
      if (shown.value !== DEMO_INSTANCE.alias) {
        throw new Error(`The session is labelled "${shown.value}", not "${DEMO_INSTANCE.alias}" (the alias of the instance the typed ARN names)`);
      }
    },
    [shown],
  );
  await checks.run('its tokens are masked (••••), and no token is anywhere in the page', async () => {
    const token = demoToken(scene.emulator);
    for (const label of SECRET_ROWS) {
      const row = workbench.treeRows(page, VIEW, { label });
      await row.waitFor();
      const { description } = await workbench.treeRowText(row);
      if (!description.includes('••••')) {
        throw new Error(`"${label}" shows "${description}", without the mask ••••`);
      }
    }
    const markup = await workbench.pageMarkup(page);
    const leaked = tokenSecrets(token).filter(({ value }) => markup.includes(value));
    if (leaked.length > 0) {
      throw new Error(`The page holds the ${leaked.map(({ kind }) => kind).join(', ')}`);
    }
  }, [shown]);
  await checks.run('the status bar counts down for the session', () => checkCountdown(page, DEMO_INSTANCE.alias), [fetched]);
  await screenshot(scene.context, '01-get-token');

  await startStep(checks, page, 2, `"${OPEN_SIGN_IN}" opens the sign-in page`);
  const opened = await checks.run('the browser navigates to the sign-in URL, and the emulator answers it', async () => {
    const { signInToken } = demoToken(scene.emulator);
    const opened = scene.context.waitForEvent('page');
    const navigation = scene.context.waitForEvent('request', {
      predicate: (request) => new URL(request.url()).searchParams.get('token') === signInToken,
    });
    await workbench.runCommand(page, OPEN_SIGN_IN);
    const [signInPage, request] = await Promise.all([opened, navigation]);
    const response = await request.response();
    checks.note(`opened ${new URL(request.url()).pathname} (code-server's proxy to the emulator) in a new page: HTTP ${response?.status()}`);
    await signInPage.screenshot({ path: path.join(RESULTS, '02-sign-in-page.png') });
    await signInPage.close();
    if (response?.status() !== 200) {
      throw new Error(`The sign-in page answered HTTP ${response?.status()}`);
    }
  }, [fetched]);
  await checks.run('the emulator recorded the sign-in (signInVisitedAt)', () => {
    if (!demoToken(scene.emulator).signInVisitedAt) {
      throw new Error('signInVisitedAt is not set on the issued token');
    }
  }, [opened]);
  await screenshot(scene.context, '02-sign-in');

  await startStep(checks, page, 3, `A second session: profile ${DEMO_IDENTITY.name}, ${TEST_INSTANCE.alias} picked from the list`);
  scene.emulator.configure({ tokenLifetimeSeconds: SECOND_TOKEN_LIFETIME_SECONDS });
  // Fetched while the Explorer is shown: a new session's row is expanded through TreeView.reveal,
  // which opens its view; a fetch must not take the side bar from the Explorer.
  const second = await checks.run(`with the Explorer shown, "${GET_TOKEN}", profile ${DEMO_IDENTITY.name}, ${TEST_INSTANCE.alias} picked: fetched`, async () => {
    await workbench.runCommand(page, 'View: Show Explorer');
    await workbench.viewContainerShown(page, 'Explorer').waitFor();
    await fetchFromPalette(page, DEMO_IDENTITY.name, TEST_INSTANCE.alias);
    await workbench.notifications(page, new RegExp(`^Federation token for ${TEST_INSTANCE.alias}`), 'info').waitFor();
  });
  await checks.run('the side bar still shows the Explorer', async () => {
    await page.waitForTimeout(500);
    if (!(await workbench.viewContainerShown(page, 'Explorer').isVisible())) {
      throw new Error('The side bar left the Explorer after the fetch');
    }
  }, [second]);
  const both = [fetched, second];
  await checks.run(`in the "${VIEW}" view, its session appears beside the first, both with their credentials shown`, async () => {
    await workbench.openViewContainer(page, VIEW_CONTAINER);
    await sessionRow(page, TEST_INSTANCE.alias).waitFor();
    await sessionRow(page, DEMO_INSTANCE.alias).waitFor();
    const tokens = workbench.treeRows(page, VIEW, { label: SECRET_ROWS[0] });
    await tokens.nth(1).waitFor();
    const shown = await tokens.count();
    if (shown !== 2) {
      throw new Error(`${shown} "${SECRET_ROWS[0]}" rows are shown, for two sessions`);
    }
  }, both);
  await checks.run(
    'the status bar counts down for the session expiring first, and says one more is held',
    () => checkCountdown(page, TEST_INSTANCE.alias, /^2\d min \+1$/),
    both,
  );
  await checks.run('clicking the countdown lists both sessions, the one expiring first on top', async () => {
    await workbench.statusBarItem(page, EXTENSION_ID, 'connectFederation.expiry').click();
    await workbench.waitForQuickInput(page, 'Connect Federation');
    await workbench.quickPickRow(page, DEMO_INSTANCE.alias).waitFor();
    const rows = await workbench.quickPickLabels(page);
    await workbench.dismissQuickInput(page);
    if (rows[0] !== TEST_INSTANCE.alias || rows[1] !== DEMO_INSTANCE.alias) {
      throw new Error(`The status menu lists ${JSON.stringify(rows)}`);
    }
  }, both);
  await screenshot(scene.context, '03-two-sessions');

  await startStep(checks, page, 4, `A fetch cancelled, then profile ${ROOT_IDENTITY.name} (root credentials)`);
  scene.emulator.delay({ operation: 'GetFederationToken', ms: CANCELLED_FETCH_DELAY_MS });
  try {
    await checks.run(
      `${DEMO_INSTANCE.alias} again, answered slowly: Cancel on the progress notification ends the fetch within a second, says so, and changes nothing stored`,
      async () => {
        const storedSessions = async (): Promise<string | undefined> =>
          (await workbench.readSecretStore(page, scene.server))?.unseal()[workbench.secretStoreKey(EXTENSION_ID, SESSIONS_SECRET_KEY)];
        const before = await storedSessions();
        await fetchFromPalette(page, DEMO_IDENTITY.name, DEMO_INSTANCE.alias);
        const progress = workbench.progressNotifications(page, /^Getting a federation token for /);
        await progress.getByRole('button', { name: 'Cancel' }).click();
        const cancelled = performance.now();
        await page.locator('.part.statusbar', { hasText: 'Federation token request cancelled' }).waitFor({ timeout: 1_000 });
        await progress.waitFor({ state: 'hidden', timeout: 1_000 });
        checks.note(`cancelled after ${(performance.now() - cancelled).toFixed(0)} ms, the service answering after ${CANCELLED_FETCH_DELAY_MS / 1000} s`);
        if ((await storedSessions()) !== before) {
          throw new Error('SecretStorage changed after the cancelled fetch');
        }
      },
      both,
    );
  } finally {
    scene.emulator.delay({ operation: 'GetFederationToken', ms: 0 });
  }
  await checks.run(`profile ${ROOT_IDENTITY.name}, instance ${DEMO_INSTANCE.alias}: an error notification explains root users`, async () => {
    await fetchFromPalette(page, ROOT_IDENTITY.name, DEMO_INSTANCE.alias);
    await workbench.notifications(page, /root user/, 'error').waitFor();
    const refused = scene.emulator
      .requests()
      .some((r) => r.operation === 'GetFederationToken' && r.accessKeyId === ROOT_IDENTITY.accessKeyId && r.error === 'InvalidRequestException');
    if (!refused) {
      throw new Error('The emulator did not refuse a GetFederationToken of the root keys');
    }
  });
  await checks.run('both sessions are still in the view, and no other', async () => {
    await sessionRow(page, DEMO_INSTANCE.alias).waitFor();
    await sessionRow(page, TEST_INSTANCE.alias).waitFor();
    const sessions = await workbench.treeRows(page, VIEW, { topLevel: true }).count();
    if (sessions !== 2) {
      throw new Error(`The view shows ${sessions} sessions`);
    }
  }, both);
  await screenshot(scene.context, '04-root-profile');

  await startStep(checks, page, 5, 'Reload the window');
  const fetchesBefore = fetchCount(scene.emulator);
  const reloaded = await checks.run('the workbench reloads', async () => {
    await page.reload();
    await workbench.waitForWorkbench(page);
  });
  await checks.run(
    'after a reload, the status bar countdown is back',
    () => checkCountdown(page, TEST_INSTANCE.alias, /^2\d min \+1$/),
    [...both, reloaded],
  );
  await checks.run(
    'the sessions are back in the view',
    async () => {
      await workbench.openViewContainer(page, VIEW_CONTAINER);
      await sessionRow(page, DEMO_INSTANCE.alias).waitFor();
      await sessionRow(page, TEST_INSTANCE.alias).waitFor();
    },
    [...both, reloaded],
  );
  await checks.run('restored from SecretStorage: no GetFederationToken request during the reload', () => {
    const made = fetchCount(scene.emulator) - fetchesBefore;
    if (made !== 0) {
      throw new Error(`${made} GetFederationToken request(s) during the reload`);
    }
  }, [reloaded]);
  await screenshot(scene.context, '05-reload');

  const users: TwoUsersScene = {
    checks,
    page,
    emulator: scene.emulator,
    server: scene.server,
    startStep: (number, title) => startStep(checks, page, number, title),
    screenshot: (name) => screenshot(scene.context, name),
    results: RESULTS,
    extensionId: EXTENSION_ID,
  };
  await twoUsersStep(users, 6);
  await chosenUserStep(users, 7);

  await startStep(checks, page, 8, 'TLS verification and the endpoint are machine settings');
  await machineSettingsStep(checks, scene);

  await startStep(checks, page, 9, 'Secrets at rest');
  await checks.run("the workbench's SecretStorage holds the session sealed (AES-GCM), not in plain text", async () => {
    const store = await workbench.readSecretStore(page, scene.server);
    if (!store) {
      throw new Error('No SecretStorage in the browser (localStorage "secrets.provider")');
    }
    const decoded = Buffer.from(store.sealed, 'base64');
    const plain = scene.emulator.tokens().flatMap(tokenSecrets).filter(({ value }) => store.sealed.includes(value) || decoded.includes(value));
    if (plain.length > 0) {
      throw new Error(`The stored SecretStorage holds the ${plain.map(({ kind }) => kind).join(', ')} in plain text`);
    }
    // Opened with the server's key half, it must hold the session: the check looked at the right place.
    const sessions = store.unseal()[workbench.secretStoreKey(EXTENSION_ID, SESSIONS_SECRET_KEY)];
    if (!sessions?.includes(demoToken(scene.emulator).accessToken)) {
      throw new Error(`The sealed SecretStorage does not hold ${EXTENSION_ID}'s ${SESSIONS_SECRET_KEY}`);
    }
  }, [fetched]);
  await checks.run('no token in any file of code-server (HOME, user data, config, extensions) or of the browser profile', async () => {
    // Closed and stopped first, so that everything they keep is written out.
    await closeBrowser(scene.context);
    await scene.server.shutdown();
    checkNoSecretsAtRest(scene, checks);
  });
}

/**
 * Starts a step from a clean screen: a quick input or notification an earlier step left behind (it
 * failed halfway) must not make this step fail too.
 */
/**
 * A workspace's settings.json that turns verifyTls off and points endpointUrl elsewhere changes
 * nothing (both are machine-scoped); the same in the machine's settings shows the warning.
 */
async function machineSettingsStep(checks: Checks, scene: Scene): Promise<void> {
  const { page, server, emulator } = scene;
  const warning = workbench.statusBarItem(page, EXTENSION_ID, 'connectFederation.tlsWarning');
  const workspaceSettings = path.join(server.workspace, '.vscode', 'settings.json');
  const machineSettings = path.join(server.userData, 'Machine', 'settings.json');
  const machineBefore = existsSync(machineSettings) ? readFileSync(machineSettings, 'utf8') : undefined;
  const withMachine = (changes: Record<string, unknown>): void => {
    mkdirSync(path.dirname(machineSettings), { recursive: true });
    writeFileSync(machineSettings, JSON.stringify({ ...(machineBefore ? (JSON.parse(machineBefore) as object) : {}), ...changes }, null, 2));
  };
  try {
    const ignored = await checks.run('a workspace setting verifyTls: false shows no warning (the workspace settings were read: its window.title shows)', async () => {
      mkdirSync(path.dirname(workspaceSettings), { recursive: true });
      const title = 'workspace-settings-read';
      writeFileSync(
        workspaceSettings,
        JSON.stringify({ 'window.title': title, 'connectFederation.verifyTls': false, 'connectFederation.endpointUrl': 'https://connect.attacker.example' }),
      );
      await page.waitForFunction(`document.title.includes(${JSON.stringify(title)})`);
      await page.waitForTimeout(500);
      if (await warning.isVisible()) {
        throw new Error('The TLS warning shows: the workspace turned verification off');
      }
    });
    await checks.run('and its endpointUrl is not used: a fetch still reaches the emulator', async () => {
      const before = fetchCount(emulator);
      await fetchFromPalette(page, DEMO_IDENTITY.name, TEST_INSTANCE.alias);
      await workbench.notifications(page, new RegExp(`^Federation token for ${TEST_INSTANCE.alias}`), 'info').waitFor();
      if (fetchCount(emulator) !== before + 1) {
        throw new Error(`${fetchCount(emulator) - before} GetFederationToken requests reached the emulator`);
      }
      // Stored before the step ends (the notification shows as the write starts).
      const key = workbench.secretStoreKey(EXTENSION_ID, SESSIONS_SECRET_KEY);
      const token = emulator.tokens().at(-1)?.accessToken ?? 'none issued';
      for (const giveUpAt = performance.now() + UI_TIMEOUT_MS; !(await workbench.readSecretStore(page, server))?.unseal()[key]?.includes(token); ) {
        if (performance.now() > giveUpAt) {
          throw new Error('The new token did not reach SecretStorage');
        }
        await page.waitForTimeout(50);
      }
    }, [ignored]);
    await checks.run('verifyTls: false in the machine settings shows the warning; removed, it goes', async () => {
      withMachine({ 'connectFederation.verifyTls': false });
      await warning.filter({ hasText: 'TLS verification off' }).waitFor();
      withMachine({});
      await warning.waitFor({ state: 'hidden' });
    });
  } finally {
    rmSync(path.dirname(workspaceSettings), { recursive: true, force: true });
    if (machineBefore === undefined) {
      rmSync(machineSettings, { force: true });
    } else {
      writeFileSync(machineSettings, machineBefore);
    }
  }
}

async function startStep(checks: Checks, page: Page, number: number, title: string): Promise<void> {
  checks.startStep(number, title);
  try {
    await workbench.closeQuickInput(page);
    await workbench.clearNotifications(page);
  } catch (error) {
    console.log(`  (could not clear the screen before the step: ${messageOf(error)})`);
  }
}

function checkNoSecretsAtRest({ emulator, server, browserProfile }: Scene, checks: Checks): void {
  const tokens = emulator.tokens();
  if (tokens.length === 0) {
    throw new Error('No token was issued: there is nothing to look for');
  }
  const inBrowser = (file: string): boolean => file.startsWith(browserProfile + path.sep);
  const where = (file: string): string =>
    inBrowser(file) ? `browser profile: ${path.relative(browserProfile, file)}` : `code-server: ${path.relative(server.root, file)}`;
  const findings = findSecrets([server.root, browserProfile], tokens.flatMap(tokenSecrets));
  // The one exception: a sign-in URL carries its token by design (GetFederationToken's SignInUrl),
  // and once the browser has opened it, the browser's own records of that navigation (history, HTTP
  // cache, session restore) hold the URL: the browser doing its job after the extension handed the
  // URL over, not the extension storing a secret. Nothing else is excused: access and refresh tokens
  // anywhere, a sign-in token outside the browser profile, or one whose URL was never opened.
  const excused = findings.filter(({ file, kind }) => kind === OPENED_SIGN_IN_TOKEN && inBrowser(file));
  for (const { file } of excused) {
    checks.note(`excused: the opened sign-in URL in ${where(file)}`);
  }
  const leaks = findings.filter((finding) => !excused.includes(finding));
  if (leaks.length > 0) {
    throw new Error(leaks.map(({ file, kind }) => `${kind} in ${where(file)}`).join('\n'));
  }
}

/** A session's row in the view, by its label. */
function sessionRow(page: Page, label: string): Locator {
  return workbench.treeRows(page, VIEW, { topLevel: true, label });
}

/**
 * The status bar shows `<label> <countdown>`; by default the countdown of a 60-minute token fetched
 * moments ago (59 min, or 1 h 00 min by the service's clock), with no other session held.
 */
async function checkCountdown(page: Page, sessionLabel: string, countdown = /^(1 h 00|5\d) min$/): Promise<void> {
  const item = workbench.statusBarItem(page, EXTENSION_ID, 'connectFederation.expiry');
  await item.waitFor();
  const text = (await item.innerText()).trim();
  if (!text.startsWith(`${sessionLabel} `) || !countdown.test(text.slice(sessionLabel.length + 1))) {
    throw new Error(`The status bar shows "${text}", not "${sessionLabel}" and a countdown like ${countdown}`);
  }
}

function demoToken(emulator: Emulator): IssuedToken {
  const token = emulator.tokens().find((t) => t.accessKeyId === DEMO_IDENTITY.accessKeyId);
  if (!token) {
    throw new Error(`The emulator issued no token to profile ${DEMO_IDENTITY.name}`);
  }
  return token;
}

function tokenSecrets(token: IssuedToken): Secret[] {
  return [
    { kind: 'access token', value: token.accessToken },
    { kind: 'refresh token', value: token.refreshToken },
    { kind: token.signInVisitedAt ? OPENED_SIGN_IN_TOKEN : 'sign-in token', value: token.signInToken },
  ];
}

function fetchCount(emulator: Emulator): number {
  return emulator.requests().filter((r) => r.operation === 'GetFederationToken').length;
}

const closing = new WeakMap<BrowserContext, Promise<void>>();

/**
 * Closes the browser, once: Playwright's close() called again while the first is under way resolves
 * before the browser has exited, and its profile folder could not be removed yet.
 */
function closeBrowser(context: BrowserContext): Promise<void> {
  const closed = closing.get(context) ?? context.close();
  closing.set(context, closed);
  return closed;
}

/** test-results/e2e/NAME.png of the workbench; a failed screenshot is reported, not fatal. */
async function screenshot(context: BrowserContext | undefined, name: string): Promise<void> {
  const page = context?.pages()[0];
  if (!page) {
    return;
  }
  const file = path.join(RESULTS, `${name}.png`);
  try {
    await page.screenshot({ path: file, animations: 'disabled' });
    console.log(`  screenshot: ${path.relative(REPO_ROOT, file)}`);
  } catch (error) {
    console.log(`  screenshot ${name} failed: ${messageOf(error)}`);
  }
}

void main();
