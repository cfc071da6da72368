import { ConnectClient } from '@aws-sdk/client-connect';
import { fromEnv, fromIni } from '@aws-sdk/credential-providers';
import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from '@smithy/core';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ENVIRONMENT_PROFILE } from '../session';

export interface ClientTarget {
  readonly profile: string;
  readonly region: string;
  readonly endpoint?: string;
}

/** Timeouts in milliseconds; the AWS CLI's defaults are 60 s each. */
export interface ClientOptions {
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
}

export const DEFAULT_CLIENT_OPTIONS: ClientOptions = { connectTimeoutMs: 60_000, readTimeoutMs: 60_000 };

/**
 * One ConnectClient per profile, region and endpoint, and one credentials provider per profile
 * shared by its clients: a second fetch reuses the warm connection and the resolved credentials.
 */
export class ConnectClients {
  private readonly clients = new Map<string, ConnectClient>();
  private readonly credentials = new Map<string, AwsCredentialIdentityProvider>();

  constructor(private readonly options: ClientOptions = DEFAULT_CLIENT_OPTIONS) {}

  get(target: ClientTarget): ConnectClient {
    const key = [target.profile, target.region, target.endpoint ?? ''].join('\n');
    let client = this.clients.get(key);
    if (!client) {
      client = new ConnectClient({
        region: target.region,
        endpoint: target.endpoint,
        credentials: this.credentialsFor(target.profile),
        requestHandler: { connectionTimeout: this.options.connectTimeoutMs, requestTimeout: this.options.readTimeoutMs },
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /**
   * Resolves the profile's credentials ahead of the request (while the user is still picking),
   * so the fetch itself costs one round trip. Failures are left for the fetch to report.
   */
  async warm(profile: string): Promise<void> {
    await this.credentialsFor(profile)().catch(() => undefined);
  }

  /** Forgets clients and cached credentials, e.g. after the config files changed. */
  reset(): void {
    for (const client of this.clients.values()) {
      client.destroy();
    }
    this.clients.clear();
    this.credentials.clear();
  }

  private credentialsFor(profile: string): AwsCredentialIdentityProvider {
    let provider = this.credentials.get(profile);
    if (!provider) {
      const source = profile === ENVIRONMENT_PROFILE ? fromEnv() : fromIni({ profile, ignoreCache: true });
      // Memoized until near expiry; a failed resolution is not kept, so the next fetch (after
      // `aws sso login`, say) tries again.
      // (memoizeIdentityProvider returns undefined only for an undefined provider.)
      provider = memoizeIdentityProvider<AwsCredentialIdentity>(source, isIdentityExpired, doesIdentityRequireRefresh)!;
      this.credentials.set(profile, provider);
    }
    return provider;
  }
}
