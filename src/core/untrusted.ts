/**
 * Checks for values read from outside — SecretStorage, globalState, service answers: types,
 * ranges, sizes and URL schemes. Everything here is pure and never throws.
 */

/** Dates outside these are no token's: a corrupted or hostile value (1e20 s is NaN as a Date). */
export const EARLIEST_EPOCH_MS = Date.UTC(2000, 0, 1);
export const LATEST_EPOCH_MS = Date.UTC(2100, 0, 1);
/** Tokens, and the sign-in URL that carries one: far above any real one, far below trouble. */
export const MAX_TOKEN_LENGTH = 16 * 1024;
export const MAX_URL_LENGTH = 16 * 1024;
export const MAX_PROFILE_NAME = 1024;
/** A machine clock can be years off (a dead RTC battery); more than the whole date range is corruption. */
export const MAX_CLOCK_OFFSET_MS = LATEST_EPOCH_MS - EARLIEST_EPOCH_MS;

// C0 and C1 controls, and the invisible formatting characters that can make text read as something else (bidi overrides, zero-width).
export const CONTROL_OR_INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property only: a stored `constructor` or `__proto__` key never reaches Object.prototype. */
export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Epoch milliseconds between 2000 and 2100 (a fraction is allowed: the service sends microseconds). */
export function isEpochMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= EARLIEST_EPOCH_MS && value <= LATEST_EPOCH_MS;
}

/** A string of at most `maxLength` characters without control or invisible formatting characters. */
export function isText(value: unknown, maxLength: number, allowEmpty = false): value is string {
  return typeof value === 'string' && value.length <= maxLength && (allowEmpty || value.length > 0) && !CONTROL_OR_INVISIBLE.test(value);
}

/** An opaque secret as Connect issues them: visible ASCII only, so no shell, log line or URL can be bent by it. */
export function isOpaqueToken(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TOKEN_LENGTH && /^[\x21-\x7e]+$/.test(value);
}

// The service model's DirectoryAlias, written without nested quantifiers: letters and digits, single
// hyphen runs inside, not starting with "d-" (directory IDs); at most 45 characters.
const DIRECTORY_ALIAS = /^(?!d-)[\da-zA-Z]+(?:-+[\da-zA-Z]+)*$/;

export function isInstanceAlias(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 45 && DIRECTORY_ALIAS.test(value);
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** An http(s) endpoint URL, as requests may go to. */
export function isEndpointUrl(value: unknown): value is string {
  if (!isText(value, 2048) || !URL.canParse(value)) {
    return false;
  }
  return ['https:', 'http:'].includes(new URL(value).protocol);
}

/**
 * Why a sign-in URL must not be kept or opened, or undefined when it may: https only — http just for
 * a loopback host when requests went to a loopback endpoint (the emulator) — and no user name or
 * password. An empty one stands for none (an answer without SignInUrl, kept as the AWS CLI prints it).
 */
export function signInUrlProblem(url: unknown, endpoint: string | undefined): string | undefined {
  if (url === '') {
    return undefined;
  }
  if (!isText(url, MAX_URL_LENGTH) || !URL.canParse(url)) {
    return 'the sign-in URL is not a URL';
  }
  const parsed = new URL(url);
  if (parsed.username || parsed.password) {
    return 'the sign-in URL carries a user name or password';
  }
  if (parsed.protocol === 'https:') {
    return undefined;
  }
  const loopbackEndpoint = endpoint !== undefined && URL.canParse(endpoint) && isLoopbackHost(new URL(endpoint).hostname);
  if (parsed.protocol === 'http:' && loopbackEndpoint && isLoopbackHost(parsed.hostname)) {
    return undefined;
  }
  // A parsed scheme holds only letters, digits, "+", "-" and ".": safe to name.
  return `the sign-in URL's scheme is ${parsed.protocol} (only https: is opened)`;
}
