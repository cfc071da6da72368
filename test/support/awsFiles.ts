import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const AWS_VARIABLES = [
  'HOME',
  'USERPROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_CONNECT',
  'AWS_ENDPOINT_URL_STS',
  'AWS_ENDPOINT_URL_SSO',
  'AWS_ENDPOINT_URL_SSO_OIDC',
  'AWS_CA_BUNDLE',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  'AWS_MAX_ATTEMPTS',
  'AWS_RETRY_MODE',
];

/**
 * Temporary shared config and credentials files, and an environment that points the SDK at them
 * (and at a temp HOME), so no test ever reads the developer's ~/.aws. `restore()` undoes it all.
 */
export class TempAwsFiles {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'connect-federation-aws-'));
  readonly configFile = path.join(this.dir, 'config');
  readonly credentialsFile = path.join(this.dir, 'credentials');
  private readonly saved = new Map(AWS_VARIABLES.map((name) => [name, process.env[name]]));

  constructor(config = '', credentials = '') {
    this.write(config, credentials);
    for (const name of AWS_VARIABLES) {
      delete process.env[name];
    }
    Object.assign(process.env, {
      HOME: this.dir,
      USERPROFILE: this.dir,
      AWS_CONFIG_FILE: this.configFile,
      AWS_SHARED_CREDENTIALS_FILE: this.credentialsFile,
    });
  }

  write(config: string, credentials: string): void {
    writeFileSync(this.configFile, config);
    writeFileSync(this.credentialsFile, credentials);
  }

  restore(): void {
    for (const [name, value] of this.saved) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * `count` role profiles `p0`, `p1` … sourcing `source`, each with a comment after a value, which
 * gives every profile a note of its own: 100 000 of them make a 12 MB config.
 */
export function manyProfiles(count: number, source: string): string {
  const sections: string[] = [];
  for (let i = 0; i < count; i++) {
    sections.push(`[profile p${i}]\nrole_arn = arn:aws:iam::123456789012:role/r${i}\nsource_profile = ${source}\nregion = eu-west-1 # Ireland\n`);
  }
  return sections.join('');
}
