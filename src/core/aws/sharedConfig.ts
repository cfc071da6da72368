import { externalDataInterceptor, getHomeDir } from '@smithy/core/config';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigNote, FileKind, SdkNames, SharedConfig, readSharedConfig, sdkConfigText, sdkNames } from '../awsConfigFiles';
import { ProfileSummary, summarizeProfiles } from '../profiles';

export interface LoadedSharedConfig {
  readonly config: SharedConfig;
  /** The name the SDK knows a profile by (a stand-in for names its loader cannot read). */
  readonly sdkProfileName: (profile: string) => string;
  /** Each note as a sentence naming its file. */
  readonly describe: (note: ConfigNote) => string;
}

let cache: { readonly key: string; readonly loaded: LoadedSharedConfig; readonly names: SdkNames } | undefined;
let sdkText: { readonly key: string; readonly profiles: number; readonly text: string } | undefined;
/**
 * The profiles the SDK has been asked about in this extension host, and [default] and AWS_PROFILE
 * (where it looks without a profile): only these, and what they refer to, are handed to it. Never
 * shrinks: a credentials provider made for a profile reads the files again when it refreshes.
 */
const sdkProfiles = new Set(['default']);

/**
 * Reads the shared config and credentials files as the AWS CLI does (AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE with `~` and `$VAR` expanded, as the CLI expands them), and hands the
 * SDK's loader that same reading in place of the files (its externalDataInterceptor), so every SDK
 * provider that reads them — fromIni, SSO, a client's profile settings — sees the profiles the CLI
 * sees: `forSdk`, the profile a client or credentials provider is about to be made for, and those
 * named before. Read afresh on each call (edits apply at once); parsed again only when the text changed.
 */
export function loadSharedConfig(forSdk?: string): LoadedSharedConfig {
  const files = sharedConfigFiles();
  const configText = readText(files.config);
  const credentialsText = readText(files.credentials);
  const key = JSON.stringify([files, configText, credentialsText]);
  if (cache?.key !== key) {
    const read = readSharedConfig(configText.text, credentialsText.text);
    const config = { ...read, notes: [...configText.notes('config'), ...credentialsText.notes('credentials'), ...read.notes] };
    const names = sdkNames(config, (name) => createHash('sha256').update(name).digest('hex').slice(0, 12));
    const shown = { config: tildePath(files.config), credentials: tildePath(files.credentials) };
    const describe = (note: ConfigNote): string =>
      `${shown[note.file]}${note.line ? ` line ${note.line}` : ''}: ${note.refused ? 'the AWS CLI refuses this file, ' : ''}${note.message}`;
    cache = { key, names, loaded: { config, describe, sdkProfileName: (profile) => names.profiles.get(profile) ?? profile } };
  }
  for (const name of [forSdk, process.env.AWS_PROFILE]) {
    if (name) {
      sdkProfiles.add(name);
    }
  }
  if (sdkText?.key !== key || sdkText.profiles !== sdkProfiles.size) {
    sdkText = { key, profiles: sdkProfiles.size, text: sdkConfigText(cache.loaded.config, cache.names, sdkProfiles) };
  }
  // Where the SDK's loader looks, both as it names the path and as it resolves `~/`.
  const record = externalDataInterceptor.getFileRecord();
  for (const [variable, name, text] of [
    ['AWS_CONFIG_FILE', 'config', sdkText.text],
    ['AWS_SHARED_CREDENTIALS_FILE', 'credentials', ''],
  ] as const) {
    for (const file of sdkPaths(variable, name)) {
      record[file] = Promise.resolve(text);
    }
  }
  return cache.loaded;
}

let summaries: { readonly loaded: LoadedSharedConfig; readonly profiles: readonly ProfileSummary[] } | undefined;

/** Every profile of the shared config and credentials files, as the AWS CLI lists them (summarized once per reading). */
export async function listProfiles(): Promise<ProfileSummary[]> {
  const loaded = loadSharedConfig();
  if (summaries?.loaded !== loaded) {
    summaries = { loaded, profiles: summarizeProfiles(loaded.config, loaded.describe) };
  }
  return [...summaries.profiles];
}

/** The most notes on the files logged at once: a file can hold one on every line. */
const MAX_LOGGED_NOTES = 20;

/** What the AWS CLI reads otherwise or refuses in the files, one sentence each, for the log; then how many more, past 20. */
export function sharedConfigNotes(): string[] {
  const { config, describe } = loadSharedConfig();
  const notes = new Set<string>();
  for (const note of config.notes) {
    notes.add(describe(note));
    if (notes.size > MAX_LOGGED_NOTES) {
      return [...notes].slice(0, MAX_LOGGED_NOTES).concat(`…: ${config.notes.length} notes on the AWS files in all, the first ${MAX_LOGGED_NOTES} above`);
    }
  }
  return [...notes];
}

/**
 * The largest AWS config or credentials file read: more than any real one (100 000 profiles of
 * four settings take 12 MB), small enough that reading and parsing it stays within seconds. A
 * larger file — or a device named by mistake in AWS_CONFIG_FILE — is refused, read no further.
 */
export const MAX_CONFIG_FILE_BYTES = 16 * 1024 * 1024;

export class ConfigFileTooLargeError extends Error {
  override readonly name = 'ConfigFileTooLargeError';
}

/** The file's bytes, reading no more than one byte past the limit. */
function readBounded(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(1024 * 1024);
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) {
        return Buffer.concat(chunks, total);
      }
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > MAX_CONFIG_FILE_BYTES) {
        throw new ConfigFileTooLargeError(
          `${tildePath(file)} is larger than ${MAX_CONFIG_FILE_BYTES / 1024 / 1024} MB, more than this extension reads (100 000 profiles take about 12 MB). ` +
            'Check that AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name your AWS files, or move the profiles you do not use to another file',
        );
      }
    }
  } finally {
    closeSync(fd);
  }
}

function readText(file: string): { text?: string; notes: (kind: FileKind) => ConfigNote[] } {
  let bytes: Buffer;
  try {
    bytes = readBounded(file);
  } catch (error) {
    if (error instanceof ConfigFileTooLargeError) {
      throw error;
    }
    const code = (error as NodeJS.ErrnoException).code;
    // Missing, or a folder: the CLI goes on without it, silently.
    const silent = code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
    return { notes: (kind) => (silent ? [] : [{ file: kind, refused: false, message: `cannot be read (${code ?? String(error)}): the AWS CLI skips it too` }]) };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), notes: () => [] };
  } catch {
    return { text: bytes.toString('utf8'), notes: (kind) => [{ file: kind, refused: true, message: 'it is not UTF-8 text' }] };
  }
}

/** The two files the AWS CLI reads, as it finds them. */
export function sharedConfigFiles(): { readonly config: string; readonly credentials: string } {
  return { config: cliPath('AWS_CONFIG_FILE', 'config'), credentials: cliPath('AWS_SHARED_CREDENTIALS_FILE', 'credentials') };
}

/** The file the AWS CLI reads: the variable (with `~` and `$VAR` expanded) or ~/.aws/<name>. */
function cliPath(variable: string, name: string): string {
  const given = process.env[variable];
  if (!given) {
    return path.join(getHomeDir(), '.aws', name);
  }
  const expanded = given.replace(/\$(\w+)|\$\{(\w+)\}/g, (text, a?: string, b?: string) => process.env[a ?? b ?? ''] ?? text);
  return /^~(?=$|[/\\])/.test(expanded) ? getHomeDir() + expanded.slice(1) : expanded;
}

/** The paths the SDK's loader reads for the same file (its own reading of the variable). */
function sdkPaths(variable: string, name: string): string[] {
  const given = process.env[variable] || path.join(getHomeDir(), '.aws', name);
  return given.startsWith('~/') ? [given, path.join(getHomeDir(), given.slice(2))] : [given];
}

function tildePath(file: string): string {
  const home = getHomeDir();
  return file.startsWith(home + path.sep) ? `~${file.slice(home.length)}` : file;
}
