import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The repository root (this file runs from out/test/vscode/). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Logs kept after a run, for debugging failures (git-ignored). */
export const TEST_RESULTS_DIR = path.join(REPO_ROOT, 'test-results');

export function logFile(name: string): string {
  mkdirSync(TEST_RESULTS_DIR, { recursive: true });
  return path.join(TEST_RESULTS_DIR, name);
}

/** Time since a `performance.now()` reading, for progress lines. */
export function since(startMs: number): string {
  return `${((performance.now() - startMs) / 1000).toFixed(1)} s`;
}

export function logTail(file: string, lines = 40): string {
  if (!existsSync(file)) {
    return '';
  }
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

export interface LoggedRun {
  cwd?: string;
  env: NodeJS.ProcessEnv;
  /** Output is appended here; its tail goes into the error when the command fails. */
  log: string;
}

/** Runs a command to completion with its output in a log file (build output is too long for the console). */
export async function runLogged(command: string, args: readonly string[], { cwd, env, log }: LoggedRun): Promise<void> {
  const fd = openSync(log, 'a');
  try {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', fd, fd] });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0) {
      throw new Error(`${command} ${args.join(' ')} exited with ${code}; end of ${log}:\n${logTail(log)}`);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Aborted by SIGINT or SIGTERM: command-line entry points stop what they started, then exit. Later
 * signals are ignored (`npm run` forwards the terminal's Ctrl-C, which also reaches us directly), so
 * that they cannot cut the cleanup short.
 */
export function abortOnSignals(): AbortSignal {
  const controller = new AbortController();
  const abort = (signal: NodeJS.Signals): void => controller.abort(new Error(`Interrupted (${signal})`));
  process.on('SIGINT', abort);
  process.on('SIGTERM', abort);
  return controller.signal;
}

/** Resolves when the signal is aborted (rejects, with its reason, for use in Promise.race). */
export function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
    }
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
