/**
 * How requests travel: TLS trust, timeouts, retries and proxy — each from the extension's
 * setting, else the AWS CLI's environment variable or profile key, else the CLI's default.
 */
import { homedir } from 'node:os';
import { Env, Resolved, firstOf } from './resolution';

export type RetryMode = 'standard' | 'adaptive' | 'legacy';

export interface TransportSettings {
  /** Path of a PEM bundle; empty: AWS_CA_BUNDLE, then the profile's ca_bundle. */
  readonly caBundle: string;
  readonly verifyTls: boolean;
  readonly connectTimeoutSeconds: number;
  readonly readTimeoutSeconds: number;
  /** 0: AWS_MAX_ATTEMPTS, then the profile's max_attempts, then 3. */
  readonly maxAttempts: number;
  /** Empty: AWS_RETRY_MODE, then the profile's retry_mode, then standard. */
  readonly retryMode: '' | RetryMode;
  /** VS Code's http.proxy; empty: HTTPS_PROXY / HTTP_PROXY (and NO_PROXY). */
  readonly proxy: string;
}

export interface Transport {
  readonly caBundle?: Resolved<string>;
  readonly verifyTls: boolean;
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly maxAttempts: number;
  readonly retryMode: RetryMode;
  readonly proxy?: Resolved<string>;
  /** NO_PROXY: decided per request, for the host the SDK resolved (Connect, STS or SSO alike). */
  readonly noProxy?: string;
}

export const DEFAULT_TRANSPORT: Transport = {
  verifyTls: true,
  connectTimeoutMs: 60_000,
  readTimeoutMs: 60_000,
  maxAttempts: 3,
  retryMode: 'standard',
};

const RETRY_MODES: readonly RetryMode[] = ['standard', 'adaptive', 'legacy'];

export function resolveTransport(
  settings: TransportSettings,
  env: Env,
  profileSettings: Readonly<Record<string, string | undefined>> = {},
): Transport {
  const retryMode = [settings.retryMode, env.AWS_RETRY_MODE, profileSettings.retry_mode].find((m): m is RetryMode =>
    RETRY_MODES.includes(m as RetryMode),
  );
  const caBundle = firstOf([
    [settings.caBundle, 'the connectFederation.caBundle setting'],
    [env.AWS_CA_BUNDLE, 'AWS_CA_BUNDLE'],
    [profileSettings.ca_bundle, 'ca_bundle of the profile'],
  ]);
  const noProxy = (env.NO_PROXY ?? env.no_proxy)?.trim();
  return {
    caBundle: caBundle && { ...caBundle, value: expandHome(caBundle.value, env.HOME || env.USERPROFILE || homedir()) },
    verifyTls: settings.verifyTls,
    connectTimeoutMs: wholeSeconds(settings.connectTimeoutSeconds) * 1000,
    readTimeoutMs: wholeSeconds(settings.readTimeoutSeconds) * 1000,
    maxAttempts:
      [settings.maxAttempts, Number(env.AWS_MAX_ATTEMPTS), Number(profileSettings.max_attempts)].find((n) => Number.isInteger(n) && n > 0) ??
      DEFAULT_TRANSPORT.maxAttempts,
    retryMode: retryMode ?? DEFAULT_TRANSPORT.retryMode,
    proxy: proxyOf(settings, env),
    ...(noProxy ? { noProxy } : {}),
  };
}

/** The CLI's timeouts are whole seconds; a fraction (an old setting) rounds up, so 0.5 never means "no limit". */
function wholeSeconds(seconds: number): number {
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 0;
}

/** `~` and `~/…` (or `~\…`) as the user's home, like Python's os.path.expanduser in the AWS CLI. */
export function expandHome(file: string, home: string | undefined): string {
  const match = /^~(?=$|[/\\])/.exec(file);
  return match && home ? home.replace(/[/\\]+$/, '') + file.slice(1) : file;
}

function proxyOf(settings: TransportSettings, env: Env): Resolved<string> | undefined {
  return firstOf([
    [settings.proxy, 'the http.proxy setting'],
    [env.HTTPS_PROXY ?? env.https_proxy, 'HTTPS_PROXY'],
    [env.HTTP_PROXY ?? env.http_proxy, 'HTTP_PROXY'],
  ]);
}

/** NO_PROXY as curl and the AWS CLI read it: `*`, or host names matching exactly or as a domain suffix. */
export function bypassesProxy(host: string, noProxy: string | undefined): boolean {
  const hostname = host.replace(/:\d+$/, '').toLowerCase();
  return (noProxy ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase().replace(/:\d+$/, ''))
    .filter(Boolean)
    .some((entry) => entry === '*' || hostname === entry.replace(/^\./, '') || hostname.endsWith(entry.startsWith('.') ? entry : `.${entry}`));
}
