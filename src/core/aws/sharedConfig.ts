import { externalDataInterceptor, getHomeDir } from '@smithy/core/config';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigNote, FileKind, SharedConfig, readSharedConfig, sdkConfigText } from '../awsConfigFiles';
import { ProfileSummary, summarizeProfiles } from '../profiles';

export interface LoadedSharedConfig {
  readonly config: SharedConfig;
  /** The name the SDK knows a profile by (a stand-in for names its loader cannot read). */
  readonly sdkProfileName: (profile: string) => string;
  /** Each note as a sentence naming its file. */
  readonly describe: (note: ConfigNote) => string;
}

let cache: { readonly key: string; readonly loaded: LoadedSharedConfig; readonly sdkText: string } | undefined;

/**
 * Reads the shared config and credentials files as the AWS CLI does (AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE with `~` and `$VAR` expanded, as the CLI expands them), and hands the
 * SDK's loader that same reading in place of the files (its externalDataInterceptor), so every SDK
 * provider that reads them — fromIni, SSO, a client's profile settings — sees the profiles the CLI
 * sees. Read afresh on each call (edits apply at once); parsed again only when the text changed.
 */
export function loadSharedConfig(): LoadedSharedConfig {
  const files = { config: cliPath('AWS_CONFIG_FILE', 'config'), credentials: cliPath('AWS_SHARED_CREDENTIALS_FILE', 'credentials') };
  const configText = readText(files.config);
  const credentialsText = readText(files.credentials);
  const key = JSON.stringify([files, configText, credentialsText]);
  if (cache?.key !== key) {
    const read = readSharedConfig(configText.text, credentialsText.text);
    const config = { ...read, notes: [...configText.notes('config'), ...credentialsText.notes('credentials'), ...read.notes] };
    const sdk = sdkConfigText(config, (name) => createHash('sha256').update(name).digest('hex').slice(0, 12));
    const describe = (note: ConfigNote): string =>
      `${tildePath(files[note.file])}${note.line ? ` line ${note.line}` : ''}: ${note.refused ? 'the AWS CLI refuses this file, ' : ''}${note.message}`;
    cache = { key, sdkText: sdk.text, loaded: { config, describe, sdkProfileName: (profile) => sdk.profileNames.get(profile) ?? profile } };
  }
  // Where the SDK's loader looks, both as it names the path and as it resolves `~/`.
  const record = externalDataInterceptor.getFileRecord();
  for (const [variable, name, text] of [
    ['AWS_CONFIG_FILE', 'config', cache.sdkText],
    ['AWS_SHARED_CREDENTIALS_FILE', 'credentials', ''],
  ] as const) {
    for (const file of sdkPaths(variable, name)) {
      record[file] = Promise.resolve(text);
    }
  }
  return cache.loaded;
}

/** Every profile of the shared config and credentials files, as the AWS CLI lists them. */
export async function listProfiles(): Promise<ProfileSummary[]> {
  const { config, describe } = loadSharedConfig();
  return summarizeProfiles(config, describe);
}

/** Everything the AWS CLI reads otherwise or refuses in the files, one sentence each, for the log. */
export function sharedConfigNotes(): string[] {
  const { config, describe } = loadSharedConfig();
  return [...new Set(config.notes.map(describe))];
}

function readText(file: string): { text?: string; notes: (kind: FileKind) => ConfigNote[] } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
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
