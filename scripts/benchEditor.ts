/**
 * The real-editor part of `npm run bench`: the packaged extension in code-server, its workbench in
 * headless Chromium, driven as a person does (palette, profile pick, instance typed, Enter) against
 * the emulator. Each sample times, inside the page, Enter on the instance → the session's row in the
 * view, → its credentials under it, → the status-bar countdown, and → the success notification; and, from the emulator's log,
 * → the request reaching the service.
 *
 * Cold: the first fetch after the window (re)loads, so a fresh extension host whose first request
 * opens a connection. Warm: the next fetch in the same window. Between samples the session is
 * cleared (and its removal from SecretStorage awaited), so every sample adds a new row.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Browser, Page, chromium } from 'playwright-core';
import { SESSIONS_SECRET_KEY } from '../src/core/sessionStore';
import { DEMO_IDENTITY, DEMO_INSTANCE } from '../test/emulator/fixtures';
import type { Emulator } from '../test/emulator/server';
import { writeAwsProfiles } from '../test/vscode/awsProfiles';
import { CodeServer } from '../test/vscode/codeServer';
import { CHROMIUM_LAUNCH_OPTIONS } from '../test/vscode/extensionHostTests';
import { ensureTools, requireAptPackages } from '../test/vscode/tools';
import { REPO_ROOT, TEST_RESULTS_DIR } from '../test/vscode/util';
import { CLEAR_TOKENS, EXTENSION_ID, SECRET_ROWS, SUCCESS_NOTIFICATION, UI_TIMEOUT_MS, VIEW, VIEW_CONTAINER, typeDemoInstanceArn } from '../test/vscode/extensionUi';
import * as workbench from '../test/vscode/workbench';

const VSIX = path.join(REPO_ROOT, 'dist/connect-federation.vsix');
const RESULTS = path.join(TEST_RESULTS_DIR, 'bench');
/** After a (re)load, before the command: the workbench's own start-up work is over by then (a person reads the screen first). */
const SETTLE_MS = 2_000;

/** One fetch, in ms from the Enter on the instance. */
export interface EditorSample {
  readonly requestMs: number;
  readonly treeRowMs: number;
  /** → its credentials (the access token's row under it). */
  readonly credentialsMs: number;
  readonly statusBarMs: number;
  readonly notificationMs: number;
}

export interface EditorSamples {
  readonly cold: EditorSample[];
  readonly warm: EditorSample[];
  readonly codeServer: string;
}

/** `windows` window loads, each with one cold and one warm fetch, then `perWindow` (other figures to take under the same load). */
export async function measureInEditor(emulator: Emulator, windows: number, perWindow: () => Promise<void> = async () => undefined): Promise<EditorSamples> {
  requireAptPackages(['chromium'], 'the browser that drives the VS Code workbench');
  mkdirSync(RESULTS, { recursive: true });
  const tools = await ensureTools();
  const server = new CodeServer(tools, { log: path.join(RESULTS, 'code-server.log'), keepLogsIn: path.join(RESULTS, 'vscode-logs') });
  let browser: Browser | undefined;
  try {
    writeAwsProfiles(server.home, emulator.url, [DEMO_IDENTITY]);
    await server.installExtension(VSIX);
    await server.start();
    browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 }, reducedMotion: 'reduce' });
    context.setDefaultTimeout(UI_TIMEOUT_MS);
    const page = await context.newPage();
    const cold: EditorSample[] = [];
    const warm: EditorSample[] = [];
    for (let i = 0; i < windows; i++) {
      if (i === 0) {
        await workbench.openWorkbench(page, server);
        await workbench.openViewContainer(page, VIEW_CONTAINER);
      } else {
        await page.reload();
        await workbench.waitForWorkbench(page);
        await workbench.viewContainerShown(page, VIEW_CONTAINER).waitFor();
      }
      await page.waitForTimeout(SETTLE_MS);
      cold.push(await sample(page, emulator, server));
      warm.push(await sample(page, emulator, server));
      await perWindow();
      process.stdout.write(`  [editor] window ${i + 1}/${windows}: cold ${describe(cold[i])}; warm ${describe(warm[i])}\n`);
    }
    return { cold, warm, codeServer: codeServerVersion(tools.codeServer) };
  } finally {
    await browser?.close();
    await server.stop();
  }
}

function describe(s: EditorSample): string {
  return `request ${s.requestMs.toFixed(0)}, tree ${s.treeRowMs.toFixed(0)}, credentials ${s.credentialsMs.toFixed(0)}, status bar ${s.statusBarMs.toFixed(0)}, notification ${s.notificationMs.toFixed(0)} ms`;
}

/** One fetch from the palette, timed from the Enter on the typed instance; then the session is cleared again. */
async function sample(page: Page, emulator: Emulator, server: CodeServer): Promise<EditorSample> {
  await typeDemoInstanceArn(page);
  const requestsBefore = emulator.requests().length;
  await workbench.watchFromEnter(page, {
    treeRow: { viewName: VIEW, label: DEMO_INSTANCE.alias, childLabel: SECRET_ROWS[0] },
    notification: SUCCESS_NOTIFICATION,
    statusBar: { extensionId: EXTENSION_ID, id: 'connectFederation.expiry', text: DEMO_INSTANCE.alias },
  });
  await workbench.acceptQuickInput(page);
  const timings = await workbench.enterTimings(page, UI_TIMEOUT_MS);
  const request = emulator
    .requests()
    .slice(requestsBefore)
    .find((r) => r.operation === 'GetFederationToken');
  if (!request || request.status !== 200) {
    throw new Error(`GetFederationToken was not answered with 200 (${request ? `status ${request.status}` : 'no request'})`);
  }
  await clearSession(page, server);
  return {
    requestMs: Date.parse(request.timestamp) - timings.enterEpochMs,
    treeRowMs: timings.treeRowMs,
    credentialsMs: timings.childRowMs,
    statusBarMs: timings.statusBarMs,
    notificationMs: timings.notificationMs,
  };
}

/** Clears the sessions and the notifications, and waits until SecretStorage no longer holds the session (a reload must not bring it back). */
async function clearSession(page: Page, server: CodeServer): Promise<void> {
  await workbench.clearNotifications(page);
  await workbench.runCommand(page, CLEAR_TOKENS);
  const key = workbench.secretStoreKey(EXTENSION_ID, SESSIONS_SECRET_KEY);
  const deadline = performance.now() + UI_TIMEOUT_MS;
  for (;;) {
    const rows = await workbench.treeRows(page, VIEW, { topLevel: true }).count();
    const stored = (await workbench.readSecretStore(page, server))?.unseal()[key];
    if (rows === 0 && stored === undefined) {
      return;
    }
    if (performance.now() > deadline) {
      throw new Error(`After "${CLEAR_TOKENS}", ${rows} session row(s) are shown and SecretStorage ${stored ? 'still holds' : 'no longer holds'} the sessions`);
    }
    await page.waitForTimeout(50);
  }
}

function codeServerVersion(entry: string): string {
  const manifest = path.join(path.dirname(entry), '../../package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
