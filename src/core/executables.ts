import { access, constants } from 'node:fs/promises';
import * as path from 'node:path';

/** PATH entries looked at: beyond this, PATH is not a list of folders a person wrote. */
export const MAX_PATH_ENTRIES = 256;
/** PATHEXT entries looked at (Windows has a dozen). */
const MAX_PATHEXT_ENTRIES = 32;

/** The full path of a program on PATH (with PATHEXT on Windows), or undefined. */
export async function findOnPath(
  program: string,
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
): Promise<string | undefined> {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean).slice(0, MAX_PATH_ENTRIES);
  const extensions = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').slice(0, MAX_PATHEXT_ENTRIES) : [''];
  for (const dir of dirs) {
    for (const ext of extensions) {
      const candidate = path.join(dir, program + ext);
      try {
        await access(candidate, platform === 'win32' ? constants.F_OK : constants.X_OK);
        return candidate;
      } catch {
        // not here; try the next one
      }
    }
  }
  return undefined;
}
