// `npm run tools:install`: installs (or checks) the test tools and the Debian packages they need.
import { ensureTools, requireAptPackages } from './tools';

async function main(): Promise<void> {
  requireAptPackages(['libkrb5-dev', 'chromium'], 'building code-server, and the browser of the integration tests');
  await ensureTools();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
