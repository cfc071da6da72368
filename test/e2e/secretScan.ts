import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

export interface Secret {
  /** What it is, for reports: the value itself is never printed. */
  readonly kind: string;
  readonly value: string;
}

export interface Finding {
  /** Absolute path of the file. */
  readonly file: string;
  readonly kind: string;
}

/**
 * Every file below `dirs` (links are not followed) that holds one of `secrets`, as UTF-8 or as
 * UTF-16 (Chromium keeps some strings, e.g. session restore data and localStorage, in UTF-16).
 */
export function findSecrets(dirs: readonly string[], secrets: readonly Secret[]): Finding[] {
  const needles = secrets.flatMap(({ kind, value }) => [Buffer.from(value, 'utf8'), Buffer.from(value, 'utf16le')].map((bytes) => ({ kind, bytes })));
  const findings: Finding[] = [];
  for (const file of dirs.flatMap(filesBelow)) {
    const content = readFileSync(file);
    const kinds = new Set(needles.filter(({ bytes }) => content.includes(bytes)).map(({ kind }) => kind));
    findings.push(...[...kinds].map((kind) => ({ file, kind })));
  }
  return findings;
}

/** Every file below `dir`, links left out. */
export function filesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return filesBelow(full);
    }
    return entry.isFile() ? [full] : [];
  });
}
