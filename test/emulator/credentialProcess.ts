/**
 * A `credential_process` for tests: prints PROCESS_IDENTITY's temporary credentials, expiring in
 * an hour, in the shape the SDK and the AWS CLI read (Version 1). Misbehaving variants for the
 * fault suite: `hang <pid file>` never answers (it writes its process ID, so a test can end it),
 * `flood <bytes>` prints that many bytes of garbage.
 */
import { writeFileSync } from 'node:fs';
import { PROCESS_IDENTITY } from './fixtures';

/** The profile setting that runs this script with the running Node (Electron: only with ELECTRON_RUN_AS_NODE=1). */
export const CREDENTIAL_PROCESS_COMMAND = `"${process.execPath}" "${__filename}"`;

/** A credential_process that never exits; its process ID goes to `pidFile`. */
export function hangingCredentialProcess(pidFile: string): string {
  return `${CREDENTIAL_PROCESS_COMMAND} hang "${pidFile}"`;
}

/** A credential_process that prints `bytes` bytes. */
export function floodingCredentialProcess(bytes: number): string {
  return `${CREDENTIAL_PROCESS_COMMAND} flood ${bytes}`;
}

if (require.main === module) {
  const [mode, argument] = process.argv.slice(2);
  if (mode === 'hang') {
    writeFileSync(argument, String(process.pid));
    setInterval(() => undefined, 60_000);
  } else if (mode === 'flood') {
    process.stdout.write('x'.repeat(Number(argument)));
  } else {
    const output = {
      Version: 1,
      AccessKeyId: PROCESS_IDENTITY.accessKeyId,
      SecretAccessKey: PROCESS_IDENTITY.secretAccessKey,
      SessionToken: PROCESS_IDENTITY.sessionToken,
      Expiration: new Date(Date.now() + 3600_000).toISOString(),
    };
    process.stdout.write(`${JSON.stringify(output)}\n`);
  }
}
