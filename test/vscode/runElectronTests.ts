// `npm run test:electron` (after the build and tsc): test/integration/ through @vscode/test-electron,
// for machines that can download VS Code (and have a display, e.g. under xvfb-run). Not part of `npm test`.
import { TestRunFailedError, runTests } from '@vscode/test-electron';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { toolsCache } from './tools';
import { REPO_ROOT } from './util';

/** An idle download fails this fast instead of hanging on a machine without internet. */
const DOWNLOAD_TIMEOUT_MS = 15_000;

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'connect-federation-electron-'));
  const [home, workspace] = ['home', 'workspace'].map((name) => path.join(root, name));
  mkdirSync(home);
  mkdirSync(workspace);
  // Same isolation as the code-server harness: a temp HOME, no AWS_* of the developer's shell.
  const unsetAws = Object.fromEntries(Object.keys(process.env).filter((name) => name.startsWith('AWS_')).map((name) => [name, undefined]));
  try {
    await runTests({
      cachePath: path.join(toolsCache(), 'vscode-test'),
      timeout: DOWNLOAD_TIMEOUT_MS,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(REPO_ROOT, 'out/test/integration/index'),
      extensionTestsEnv: { ...unsetAws, HOME: home },
      launchArgs: [
        workspace,
        `--user-data-dir=${path.join(root, 'user-data')}`,
        `--extensions-dir=${path.join(root, 'extensions')}`,
        '--disable-workspace-trust',
      ],
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  if (error instanceof TestRunFailedError) {
    console.error(`test:electron: ${error.message}`);
  } else {
    console.error(
      `test:electron could not start VS Code: ${error instanceof Error ? error.message : String(error)}\n` +
        'It downloads VS Code from Microsoft (unreachable without internet) and needs a display (xvfb-run on a headless Linux).\n' +
        'Offline, run the same suite in a real VS Code with `npm run test:integration` (code-server).',
    );
  }
  process.exitCode = 1;
});
