// `npm run test:integration` (after the build and tsc): test/integration/ in a real VS Code extension host.
// The suite itself starts what it needs (emulator, temp AWS files): see test/integration/index.ts.
import * as path from 'node:path';
import { runExtensionHostTests } from './extensionHostTests';
import { ensureTools, requireAptPackages } from './tools';
import { REPO_ROOT, abortOnSignals } from './util';

async function main(): Promise<void> {
  const signal = abortOnSignals();
  requireAptPackages(['chromium'], 'the browser that runs the VS Code workbench');
  const tools = await ensureTools();
  process.exitCode = await runExtensionHostTests({
    tools,
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: path.join(REPO_ROOT, 'out/test/integration/index'),
    timeoutMs: 5 * 60_000,
    signal,
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
