/** Keeps secrets out of anything written for people to read: logs, error details. */

const ACCESS_KEY_ID = /\b((?:AKIA|ASIA|AIDA|AROA|AGPA|ANPA|ANVA|AIPA|A3T[A-Z0-9])[A-Z0-9]{16})\b/g;
const TOKEN_PARAMETER = /([?&](?:token|X-Amz-Security-Token|X-Amz-Signature|X-Amz-Credential)=)[^&\s"']+/gi;
const SECRET_HEADER = /((?:authorization|x-amz-security-token|x-amz-sso_bearer_token)["']?\s*[:=]\s*["']?)[^"'\n,}]+/gi;

export const REDACTED = '••••';

/** Replaces every known secret value, access key IDs (all but the first four characters), and token-bearing URL parameters and headers. */
export function redact(text: string, knownSecrets: Iterable<string> = []): string {
  let result = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 8) {
      result = result.split(secret).join(REDACTED);
    }
  }
  return result
    .replace(ACCESS_KEY_ID, (key: string) => `${key.slice(0, 4)}${REDACTED}`)
    .replace(TOKEN_PARAMETER, `$1${REDACTED}`)
    .replace(SECRET_HEADER, `$1${REDACTED}`);
}
