/** Keeps secrets out of anything written for people to read: logs, error details. */

const ACCESS_KEY_ID = /\b((?:AKIA|ASIA|AIDA|AROA|AGPA|ANPA|ANVA|AIPA|A3T[A-Z0-9])[A-Z0-9]{16})\b/g;
const TOKEN_PARAMETER = /([?&](?:token|X-Amz-Security-Token|X-Amz-Signature|X-Amz-Credential)=)[^&\s"']+/gi;
const SECRET_HEADER = /((?:authorization|x-amz-security-token|x-amz-sso_bearer_token)["']?\s*[:=]\s*["']?)[^"'\n,}]+/gi;
/** The password of a URL's userinfo (http://user:password@host). */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^/\s@]+@/gi;

export const REDACTED = '••••';

/** Replaces every known secret value, access key IDs (all but the first four characters), and token-bearing URL parameters and headers. */
export function redact(text: string, knownSecrets: Iterable<unknown> = []): string {
  let result = String(text);
  for (const secret of knownSecrets) {
    // Whatever the secrets' source holds, redaction itself never throws.
    if (typeof secret === 'string' && secret.length >= 8) {
      result = result.split(secret).join(REDACTED);
    }
  }
  return result
    .replace(ACCESS_KEY_ID, (key: string) => `${key.slice(0, 4)}${REDACTED}`)
    .replace(TOKEN_PARAMETER, `$1${REDACTED}`)
    .replace(SECRET_HEADER, `$1${REDACTED}`)
    .replace(URL_PASSWORD, `$1${REDACTED}@`);
}

/** A URL without its user name and password, to show where requests go. */
export function withoutUserinfo(url: string): string {
  if (!URL.canParse(url)) {
    return url.replace(/\/\/[^/@\s]*@/, '//');
  }
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) {
    return url;
  }
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}
