import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Browser, LaunchOptions, chromium } from 'playwright-core';
import { CodeServer } from './codeServer';
import { Tools } from './tools';
import { TEST_RESULTS_DIR, aborted, logFile, since } from './util';

/** The window's logs (extension host, renderer …) of the last run. */
const LOGS_DIR = path.join(TEST_RESULTS_DIR, 'vscode-logs');

/**
 * Debian's Chromium, headless, with nothing reaching out to the network on its own. Signals are left
 * to the caller (an AbortSignal): Playwright's own handlers would exit before the server is stopped.
 */
export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  handleSIGINT: false,
  handleSIGTERM: false,
  handleSIGHUP: false,
} satisfies LaunchOptions;

export interface ExtensionHostTestOptions {
  tools: Tools;
  /** Absolute path of the extension folder (its package.json). */
  extensionDevelopmentPath: string;
  /** Absolute path of the compiled module exporting `run(): Promise<void>`. */
  extensionTestsPath: string;
  timeoutMs: number;
  /** Stops the run early (Ctrl-C): the browser and the server are stopped all the same. */
  signal: AbortSignal;
}

/**
 * The code-server equivalent of @vscode/test-electron's runTests: a real VS Code workbench in headless
 * Chromium loads the extension under development and runs the tests module in its extension host.
 * The workbench's smoke-test driver reports the test output through `window.codeAutomationLog` and
 * the end through `window.codeAutomationExit(code)`. Resolves with that exit code.
 */
export async function runExtensionHostTests(options: ExtensionHostTestOptions): Promise<number> {
  const started = performance.now();
  rmSync(LOGS_DIR, { recursive: true, force: true });
  const log = logFile('code-server-integration.log');
  const server = await CodeServer.launch(options.tools, {
    log,
    keepLogsIn: path.join(LOGS_DIR, 'server'),
    args: ['--vscode-option', 'enable-smoke-test-driver'],
  });
  let browser: Browser | undefined;
  try {
    // launch() (not a persistent context) gives the browser a fresh temp profile, removed on close.
    browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
    const page = await browser.newPage();
    let reportExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number, logs: readonly WorkbenchLog[] = []) => {
      saveLogs(logs);
      reportExit(code);
    });
    await page.exposeFunction('codeAutomationLog', (level: string, message: unknown) => {
      (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${String(message)}\n`);
    });
    page.on('pageerror', (error) => process.stderr.write(`[workbench] ${error.message}\n`));

    const remote = (file: string): string => `vscode-remote://127.0.0.1:${server.port}${file}`;
    const payload = [
      ['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)],
      ['extensionTestsPath', remote(options.extensionTestsPath)],
    ];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    console.log(`[integration] workbench loaded in Chromium after ${since(started)}`);
    const code = await Promise.race([
      exited,
      aborted(options.signal),
      timeout(options.timeoutMs, `The extension host tests did not finish within ${options.timeoutMs / 1000} s (logs: ${log}, ${LOGS_DIR})`),
    ]);
    console.log(`[integration] extension host tests exited with ${code} after ${since(started)}`);
    return code;
  } finally {
    await browser?.close();
    await server.stop();
  }
}

/** A log file of the window, as the workbench hands them over at exit. */
interface WorkbenchLog {
  relativePath: string;
  contents: string;
}

function saveLogs(logs: readonly WorkbenchLog[]): void {
  for (const { relativePath, contents } of logs) {
    const file = path.join(LOGS_DIR, 'window', relativePath);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
}

function timeout(ms: number, message: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref());
}
