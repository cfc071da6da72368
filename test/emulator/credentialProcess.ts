/**
 * A `credential_process` for tests: prints PROCESS_IDENTITY's temporary credentials, expiring in
 * an hour, in the shape the SDK and the AWS CLI read (Version 1).
 */
import { PROCESS_IDENTITY } from './fixtures';

/** The profile setting that runs this script with the running Node (Electron: only with ELECTRON_RUN_AS_NODE=1). */
export const CREDENTIAL_PROCESS_COMMAND = `"${process.execPath}" "${__filename}"`;

if (require.main === module) {
  const output = {
    Version: 1,
    AccessKeyId: PROCESS_IDENTITY.accessKeyId,
    SecretAccessKey: PROCESS_IDENTITY.secretAccessKey,
    SessionToken: PROCESS_IDENTITY.sessionToken,
    Expiration: new Date(Date.now() + 3600_000).toISOString(),
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}
