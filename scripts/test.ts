/**
 * `npm test`: every layer — unit (plain Node), integration (inside a real VS Code extension host)
 * and end-to-end (the packaged extension driven in a browser) — one after another, each even if
 * an earlier one failed, then one line adding them up: `N passed, M failed`.
 * Expects `npm run compile` and `npm run package` to have run (the npm script does both).
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

interface Suite {
  readonly name: string;
  readonly args: readonly string[];
}

const SUITES: readonly Suite[] = [
  { name: 'unit', args: [require.resolve('mocha/bin/mocha.js'), '--config', 'test/unit/.mocharc.json'] },
  { name: 'integration', args: ['out/test/vscode/runIntegrationTests.js'] },
  { name: 'e2e', args: ['out/test/e2e/run.js'] },
];

interface Result {
  readonly suite: string;
  readonly passed: number;
  readonly failed: number;
  /** Checks not run because one they need failed (the e2e layer): not failures of their own. */
  readonly skipped: number;
  readonly exitCode: number | null;
  readonly seconds: number;
}

/** Runs one suite with its output on ours, and reads its `<suite>: N passed, M failed` line. */
function runSuite(suite: Suite): Promise<Result> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, suite.args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let summary: RegExpMatchArray | null = null;
    let tail = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      const lines = (tail + chunk.toString()).split('\n');
      tail = lines.pop() ?? '';
      for (const line of lines) {
        summary = new RegExp(`^${suite.name}: (\\d+) passed, (\\d+) failed(?:, (\\d+) skipped)?`).exec(line) ?? summary;
      }
    });
    child.on('close', (exitCode) => {
      const found = summary as RegExpMatchArray | null;
      resolve({
        suite: suite.name,
        passed: found ? Number(found[1]) : 0,
        // A suite that crashed before reporting counts as one failure.
        failed: found ? Number(found[2]) : 1,
        skipped: Number(found?.[3] ?? 0),
        exitCode,
        seconds: (performance.now() - started) / 1000,
      });
    });
  });
}

async function main(): Promise<void> {
  const results: Result[] = [];
  for (const suite of SUITES) {
    console.log(`\n=== ${suite.name} tests ===`);
    results.push(await runSuite(suite));
  }
  console.log('');
  for (const r of results) {
    console.log(`${r.suite.padEnd(12)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''} (${r.seconds.toFixed(1)} s${r.exitCode === 0 ? '' : `, exit code ${r.exitCode}`})`);
  }
  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  const failed = results.reduce((sum, r) => sum + r.failed, 0);
  const skipped = results.reduce((sum, r) => sum + r.skipped, 0);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exitCode = failed > 0 || results.some((r) => r.exitCode !== 0) ? 1 : 0;
}

void main();
