/**
 * Writes the token cache file `aws sso login` leaves behind, where the SDK (and the AWS CLI) look:
 * `<home>/.aws/sso/cache/<SHA-1 hex>.json`, hashing the sso-session's name for `sso_session`
 * profiles and the start URL for legacy `sso_start_url` ones (@smithy/core/config
 * getSSOTokenFilepath; the home is HOME, else USERPROFILE). The SDK requires `accessToken` and
 * `expiresAt`, and refreshes an sso-session token that expires within 5 minutes through the OIDC
 * service with `clientId`, `clientSecret` and `refreshToken` (@aws-sdk/token-providers fromSso).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SSO_ACCESS_TOKEN, SSO_CLIENT_ID, SSO_CLIENT_SECRET, SSO_REFRESH_TOKEN, SSO_REGION, SSO_START_URL } from './fixtures';

export interface SsoCacheEntry {
  /** The home directory whose .aws/sso/cache gets the file. */
  home: string;
  /** The sso-session's name, for `sso_session` profiles; absent: a legacy `sso_start_url` profile's cache. */
  sessionName?: string;
  /** Default: SSO_ACCESS_TOKEN, which the emulated portal accepts. */
  accessToken?: string;
  /** Default: 8 hours from now. */
  expiresAt?: Date;
}

/** Writes the cache file and returns its path. */
export function writeSsoTokenCache({ home, sessionName, accessToken = SSO_ACCESS_TOKEN, expiresAt }: SsoCacheEntry): string {
  const now = Date.now();
  const token = {
    startUrl: SSO_START_URL,
    region: SSO_REGION,
    accessToken,
    expiresAt: cacheTime(expiresAt ?? new Date(now + 8 * 3600_000)),
    ...(sessionName !== undefined && {
      clientId: SSO_CLIENT_ID,
      clientSecret: SSO_CLIENT_SECRET,
      registrationExpiresAt: cacheTime(new Date(now + 90 * 24 * 3600_000)),
      refreshToken: SSO_REFRESH_TOKEN,
    }),
  };
  const directory = path.join(home, '.aws', 'sso', 'cache');
  const file = path.join(directory, `${createHash('sha1').update(sessionName ?? SSO_START_URL).digest('hex')}.json`);
  mkdirSync(directory, { recursive: true });
  writeFileSync(file, JSON.stringify(token, null, 2));
  return file;
}

/** The AWS CLI's form: ISO 8601 without milliseconds. */
function cacheTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
