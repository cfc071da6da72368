/**
 * How requests travel: TLS trust, timeouts, retries and proxy — each from the extension's
 * setting, else the AWS CLI's environment variable or profile key, else the CLI's default.
 */
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
  /** The host requests go to, for NO_PROXY. */
  host?: string,
): Transport {
  const retryMode = [settings.retryMode, env.AWS_RETRY_MODE, profileSettings.retry_mode].find((m): m is RetryMode =>
    RETRY_MODES.includes(m as RetryMode),
  );
  return {
    caBundle: firstOf([
      [settings.caBundle, 'the connectFederation.caBundle setting'],
      [env.AWS_CA_BUNDLE, 'AWS_CA_BUNDLE'],
      [profileSettings.ca_bundle, 'ca_bundle of the profile'],
    ]),
    verifyTls: settings.verifyTls,
    connectTimeoutMs: Math.max(0, settings.connectTimeoutSeconds) * 1000,
    readTimeoutMs: Math.max(0, settings.readTimeoutSeconds) * 1000,
    maxAttempts:
      [settings.maxAttempts, Number(env.AWS_MAX_ATTEMPTS), Number(profileSettings.max_attempts)].find((n) => Number.isInteger(n) && n > 0) ??
      DEFAULT_TRANSPORT.maxAttempts,
    retryMode: retryMode ?? DEFAULT_TRANSPORT.retryMode,
    proxy: host !== undefined && bypassesProxy(host, env.NO_PROXY ?? env.no_proxy) ? undefined : proxyOf(settings, env),
  };
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
