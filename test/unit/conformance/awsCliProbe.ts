/**
 * The real AWS CLI, asked many questions in one Python process (cliProbe.py): finds the `aws` on
 * PATH and the Python it runs on, checks that the CLI imported there is that `aws`, and runs jobs.
 * Where no AWS CLI is installed the conformance tests skip with the reason — except in CI
 * (CI=true), where `.ci/run` installs one and its absence is a failure.
 */
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, readFileSync, realpathSync } from 'node:fs';
import * as path from 'node:path';

const PROBE = path.resolve(__dirname, '../../../../test/unit/conformance/cliProbe.py');

export interface AwsCli {
  readonly python: string;
  /** `aws --version`'s first word: aws-cli/1.45.11 */
  readonly version: string;
  readonly major: number;
}

export type ProbeJob =
  | { readonly kind: 'profiles'; readonly env: Record<string, string> }
  | { readonly kind: 'cli'; readonly env: Record<string, string>; readonly argv: readonly string[]; readonly respond?: { status?: number; body: string } }
  | { readonly kind: 'client'; readonly env: Record<string, string>; readonly profile: string; readonly instanceId: string };

export interface SignedRequest {
  readonly url: string;
  readonly authorization?: string;
}

export interface ProbeResult {
  readonly profiles?: string[];
  readonly error?: string;
  readonly rc?: number;
  readonly stdout?: string;
  readonly stderr?: string;
  readonly requests?: SignedRequest[];
  readonly method?: string | null;
}

function onPath(command: string): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(directory, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The interpreter of a Python script: its shebang, or — for a pyenv shim — the script pyenv runs. */
function pythonOf(script: string): string | undefined {
  const firstLine = readFileSync(script, 'utf8').split('\n', 1)[0];
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(firstLine);
  if (shebang && /python/.test(shebang[2] ?? shebang[1])) {
    return shebang[2] && path.basename(shebang[1]) === 'env' ? shebang[2] : shebang[1];
  }
  if (/pyenv/.test(readFileSync(script, 'utf8'))) {
    const real = execFileSync('pyenv', ['which', path.basename(script)], { encoding: 'utf8' }).trim();
    return real === script ? undefined : pythonOf(real);
  }
  return undefined;
}

/**
 * The tests point the CLI at the emulator with per-service endpoint settings
 * (AWS_ENDPOINT_URL_<SERVICE>, a profile's endpoint_url and services section), which came with AWS
 * CLI v1 1.29.0 and v2 2.13.0 (their changelogs: "Configure the endpoint URL in the shared
 * configuration file or via an environment variable"). An older CLI would call real AWS. `.ci/run`
 * checks the same versions.
 */
export const MINIMUM_AWS_CLI: Readonly<Record<number, readonly [number, number, number]>> = { 1: [1, 29, 0], 2: [2, 13, 0] };

/** Why this AWS CLI version cannot be compared with, or undefined if it can. */
export function unusableAwsCli(version: string): string | undefined {
  const parts = /^(\d+)\.(\d+)\.(\d+)/.exec(version)?.slice(1).map(Number);
  const minimum = parts && MINIMUM_AWS_CLI[parts[0]];
  if (!parts || !minimum) {
    return `AWS CLI ${version} is no version 1 or 2 release`;
  }
  const older = parts.findIndex((part, i) => part !== minimum[i]);
  return older !== -1 && parts[older] < minimum[older]
    ? `AWS CLI ${version} predates per-service endpoint settings (AWS_ENDPOINT_URL_<SERVICE>, endpoint_url), which point it at the emulator: install ${minimum.join('.')} or later`
    : undefined;
}

/** The `aws` on PATH and its version (`aws --version`'s 1.45.11), or why there is none to test with. */
export function findAwsCommand(): { readonly path: string; readonly version: string } | string {
  const aws = onPath('aws');
  if (!aws) {
    return 'no aws on PATH';
  }
  try {
    const words = execFileSync(aws, ['--version'], { encoding: 'utf8', env: { ...process.env, AWS_PAGER: '' } }).trim();
    const version = /^aws-cli\/(\S+)/.exec(words)?.[1];
    return version === undefined ? `${aws} --version says "${words.slice(0, 100)}"` : (unusableAwsCli(version) ?? { path: aws, version });
  } catch (error) {
    return `cannot run ${aws}: ${(error as Error).message}`;
  }
}

let found: AwsCli | string | undefined;

/** The AWS CLI on PATH with the Python it runs on (the probe imports it), or why there is none to compare with. */
export function findAwsCli(): AwsCli | string {
  if (found !== undefined) {
    return found;
  }
  const aws = findAwsCommand();
  if (typeof aws === 'string') {
    return (found = aws);
  }
  try {
    const python = pythonOf(realpathSync(aws.path));
    if (!python) {
      return (found = `${aws.path} is not a Python script (an AWS CLI v2 installer build): install the awscli package to compare with`);
    }
    const imported = execFileSync(python, [PROBE, '--version'], { encoding: 'utf8' }).trim();
    if (imported !== aws.version) {
      return (found = `${python} imports awscli ${imported}, but aws --version says ${aws.version}`);
    }
    return (found = { python, version: `aws-cli/${imported}`, major: Number(imported.split('.')[0]) });
  } catch (error) {
    return (found = `cannot run the AWS CLI's Python: ${(error as Error).message}`);
  }
}

/** In a `before` hook: the CLI with its Python (for the probe), or a visible skip (a failure in CI, whose `.ci/run` installs a usable CLI). */
export function requireAwsCli(context: Mocha.Context): AwsCli {
  return orSkip(context, findAwsCli());
}

/** In a `before` hook: the `aws` command, as `requireAwsCli`. */
export function requireAwsCommand(context: Mocha.Context): { readonly path: string; readonly version: string } {
  return orSkip(context, findAwsCommand());
}

function orSkip<T>(context: Mocha.Context, cli: T | string): T {
  if (typeof cli === 'string') {
    if (process.env.CI === 'true') {
      throw new Error(`CI must test with the real AWS CLI, but: ${cli}`);
    }
    console.warn(`      SKIPPED: these tests need the AWS CLI (${cli}); CI installs it`);
    context.skip();
  }
  return cli as T;
}

/** Runs the jobs in one Python process; results in job order. */
export function runProbe(cli: AwsCli, jobs: readonly ProbeJob[]): Promise<ProbeResult[]> {
  return new Promise((resolve, reject) => {
    // The CLI fixes some folders (the SSO token cache) from HOME when imported: the jobs' HOME from the start.
    const home = jobs.find((job) => job.env.HOME)?.env.HOME;
    const child = spawn(cli.python, [PROBE], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...(home && { HOME: home }) } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stdout.split('\n').filter(Boolean);
      if (code !== 0 || lines.length !== jobs.length) {
        reject(new Error(`cliProbe.py exited ${code} after ${lines.length} of ${jobs.length} jobs: ${stderr.slice(-2000)}`));
        return;
      }
      resolve(lines.map((line) => JSON.parse(line) as ProbeResult));
    });
    child.stdin.end(JSON.stringify({ jobs }));
  });
}

/** Host and signing region of a signed request. */
export function describeRequest(request: SignedRequest | undefined): { host?: string; signingRegion?: string; accessKeyId?: string } {
  if (!request) {
    return {};
  }
  const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\//.exec(request.authorization ?? '');
  return { host: new URL(request.url).host, signingRegion: scope?.[2], accessKeyId: scope?.[1] };
}
