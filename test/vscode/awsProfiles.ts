import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEMO_REGION, type Identity } from '../emulator/fixtures';

/** ~/.aws/config and ~/.aws/credentials of a temp HOME: one profile per identity, all at the emulator. */
export function writeAwsProfiles(home: string, endpointUrl: string, identities: readonly Identity[]): void {
  const dir = path.join(home, '.aws');
  mkdirSync(dir);
  const config = identities.map(({ name }) => `[profile ${name}]\nregion = ${DEMO_REGION}\nendpoint_url = ${endpointUrl}\n`);
  const credentials = identities.map(
    ({ name, accessKeyId, secretAccessKey }) =>
      `[${name}]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`,
  );
  writeFileSync(path.join(dir, 'config'), config.join('\n'));
  writeFileSync(path.join(dir, 'credentials'), credentials.join('\n'));
}
