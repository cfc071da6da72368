/**
 * `npm run bench`: the figures to compare run to run — bundle sizes, what activation and the
 * first use cost, and token latency against the local emulator next to the AWS CLI's.
 * Writes them to out/bench.json as well.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEMO_IDENTITY, DEMO_INSTANCE_ID, DEMO_REGION } from '../test/emulator/fixtures';
import { startEmulator } from '../test/emulator/server';

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

interface ClientFigures {
  loadMs: number;
  firstMs: number;
  sinceStartMs: number;
  repeatedMs: number[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function bundleSizes(): Record<string, { bytes: number; gzip: number }> {
  const sizes: Record<string, { bytes: number; gzip: number }> = {};
  for (const file of ['extension.js', 'aws.js', 'connect-federation.vsix']) {
    const full = path.join(DIST, file);
    if (existsSync(full)) {
      sizes[file] = { bytes: statSync(full).size, gzip: gzipSync(readFileSync(full)).length };
    }
  }
  return sizes;
}

/**
 * dist/extension.js loaded and activated in fresh Node processes with a stand-in `vscode` module:
 * the module's parse time plus activate() itself, and whether it loaded dist/aws.js (it must not).
 * The real extension host adds its own overhead; the integration suite reports that figure.
 */
async function activationInNode(): Promise<{ loadMs: number; activateMs: number; sdkLoaded: boolean }> {
  const script = path.join(ROOT, 'out', 'scripts', 'benchActivation.js');
  const runs = await repeat(async () => JSON.parse((await run(process.execPath, [script, path.join(DIST, 'extension.js')])).stdout));
  return {
    loadMs: median(runs.map((r) => r.loadMs)),
    activateMs: median(runs.map((r) => r.activateMs)),
    sdkLoaded: runs.some((r) => r.sdkLoaded),
  };
}

/** Runs a command to completion (asynchronously: the emulator answers from this process). */
async function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string; ms: number }> {
  const started = performance.now();
  const { stdout } = await promisify(execFile)(command, args, { env, encoding: 'utf8' });
  return { stdout, ms: performance.now() - started };
}

/** Runs `once` RUNS times, one after another. */
async function repeat<T>(once: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < RUNS; i++) {
    results.push(await once());
  }
  return results;
}

async function clientRuns(mode: 'warm' | 'cold', env: NodeJS.ProcessEnv, endpoint: string): Promise<ClientFigures[]> {
  const client = path.join(ROOT, 'out', 'scripts', 'benchClient.js');
  const args = [client, path.join(DIST, 'aws.js'), 'demo', DEMO_INSTANCE_ID, DEMO_REGION, endpoint, mode, '10'];
  return repeat(async () => JSON.parse((await run(process.execPath, args, env)).stdout));
}

async function awsCliMs(env: NodeJS.ProcessEnv, endpoint: string): Promise<number | undefined> {
  try {
    await run('aws', ['--version'], env);
  } catch {
    return undefined;
  }
  const args = ['connect', 'get-federation-token', '--instance-id', DEMO_INSTANCE_ID, '--profile', 'demo', '--endpoint-url', endpoint];
  return median((await repeat(() => run('aws', args, env))).map((r) => r.ms));
}

async function main(): Promise<void> {
  if (!existsSync(path.join(DIST, 'aws.js'))) {
    throw new Error('Build first: npm run build -- --production');
  }
  const emulator = await startEmulator();
  const home = mkdtempSync(path.join(tmpdir(), 'connect-federation-bench-'));
  try {
    writeFileSync(
      path.join(home, 'config'),
      `[profile demo]\nregion = ${DEMO_REGION}\naws_access_key_id = ${DEMO_IDENTITY.accessKeyId}\naws_secret_access_key = ${DEMO_IDENTITY.secretAccessKey}\n`,
    );
    const env = { ...process.env, HOME: home, AWS_CONFIG_FILE: path.join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials') };
    const sizes = bundleSizes();
    const activation = await activationInNode();
    const warm = await clientRuns('warm', env, emulator.url);
    const cold = await clientRuns('cold', env, emulator.url);
    const cli = await awsCliMs(env, emulator.url);
    const figures = {
      node: process.version,
      runs: RUNS,
      sizes,
      activation,
      sdkLoadMs: median(warm.map((r) => r.loadMs)),
      coldAfterWarmUpMs: median(warm.map((r) => r.firstMs)),
      coldNothingPreloadedMs: median(cold.map((r) => r.sinceStartMs - r.repeatedMs.reduce((a, b) => a + b, 0))),
      repeatedMs: median(warm.flatMap((r) => r.repeatedMs)),
      awsCliMs: cli,
    };
    writeFileSync(path.join(ROOT, 'out', 'bench.json'), JSON.stringify(figures, null, 2));
    const ratio = (ms: number): string => (cli ? ` (${(ms / cli).toFixed(3)}× the AWS CLI)` : '');
    console.log(
      [
        `Connect Federation benchmark (median of ${RUNS} runs, Node ${process.version}, emulator on 127.0.0.1)`,
        ...Object.entries(sizes).map(([file, s]) => `  ${file.padEnd(26)} ${kb(s.bytes)} (${kb(s.gzip)} gzip)`),
        `  activation: load extension.js   ${activation.loadMs.toFixed(1)} ms, activate() ${activation.activateMs.toFixed(1)} ms, AWS SDK loaded: ${activation.sdkLoaded ? 'YES (regression!)' : 'no'}`,
        `  first use: load aws.js          ${figures.sdkLoadMs.toFixed(1)} ms`,
        `  token, cold (after pick warm-up) ${figures.coldAfterWarmUpMs.toFixed(1)} ms${ratio(figures.coldAfterWarmUpMs)}`,
        `  token, cold (nothing preloaded)  ${figures.coldNothingPreloadedMs.toFixed(1)} ms${ratio(figures.coldNothingPreloadedMs)}`,
        `  token, repeated                  ${figures.repeatedMs.toFixed(1)} ms${ratio(figures.repeatedMs)}`,
        `  aws connect get-federation-token ${cli === undefined ? 'not measured (aws not on PATH)' : `${cli.toFixed(1)} ms`}`,
      ].join('\n'),
    );
    if (activation.sdkLoaded) {
      process.exitCode = 1;
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
