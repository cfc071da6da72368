import { ConnectClient } from '@aws-sdk/client-connect';
import { fromEnv, fromIni } from '@aws-sdk/credential-providers';
import { STSClient } from '@aws-sdk/nested-clients/sts';
import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from '@smithy/core';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpHandlerOptions } from '@smithy/types';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, FinalizeRequestMiddleware, MiddlewareStack } from '@smithy/types';
import type { HttpRequest, HttpResponse } from '@smithy/core/protocols';
import { statSync } from 'node:fs';
import { Readable, Transform, pipeline } from 'node:stream';
import { InteractionRequiredError, mayAskTheUser } from './interactivity';
import { Caller } from '../connectUser';
import { Deadline, abortError, fetchBudgetMs, untilAborted } from '../deadline';
import { cliBoolean, resolveEndpointVariant } from '../resolution';
import { ENVIRONMENT_PROFILE } from '../session';
import { DEFAULT_TRANSPORT, Transport } from '../transport';
import { createAgents } from './agents';
import { getCallerIdentity } from './callerIdentity';
import { exactTimestampsPlugin } from './exactTimestamps';
import { describeExchange } from './exchangeLog';
import { InvalidResponseError } from './federation';
import { roleAssumersWithSessionName } from './roleSessionName';
import { LoadedSharedConfig, loadSharedConfig, sharedConfigFiles } from './sharedConfig';

/** No Connect or STS answer comes near this; a bigger one is refused rather than read into memory. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/** Whose credentials: a profile, over a transport, its role assumed under a chosen session name (undefined: the profile's). */
export interface CredentialsTarget {
  readonly profile: string;
  readonly transport?: Transport;
  readonly roleSessionName?: string;
}

export interface ClientTarget extends CredentialsTarget {
  readonly region: string;
  readonly endpoint?: string;
}

/** Where GetCallerIdentity goes for a target's credentials: the region's STS, or the endpoint configured for STS. */
export interface IdentityTarget extends CredentialsTarget {
  readonly region: string;
  readonly stsEndpoint?: string;
}

export interface ClientOptions {
  /** Asks the user for an MFA code when a role profile has mfa_serial; rejecting cancels. */
  readonly mfaCodeProvider?: (profile: string, serial: string) => Promise<string>;
  /** Receives a line per request and response (secrets redacted) while it returns true for `enabled()`. */
  readonly debugLog?: { enabled(): boolean; write(line: string): void };
}

/**
 * One ConnectClient per profile, region, endpoint and transport, and one credentials provider per
 * profile shared by its clients: a second fetch reuses the warm connection and the resolved
 * credentials. An edit of the AWS config or credentials files drops them all, so no stale
 * credentials outlive the configuration they came from.
 */
export class ConnectClients {
  private readonly clients = new Map<string, ConnectClient>();
  /** GetCallerIdentity's connections, per transport. */
  private readonly identityHandlers = new Map<string, NodeHttpHandler>();
  private readonly credentials = new Map<string, AwsCredentialIdentityProvider>();
  /** Who each set of credentials signs in as: asked once per credentials, not per fetch. */
  private identities = new WeakMap<AwsCredentialIdentity, Promise<Caller>>();
  /** The credential providers' own handlers (STS, SSO): their keep-alive connections go with the clients. */
  private readonly credentialHandlers: NodeHttpHandler[] = [];
  private configFingerprint = currentConfigFingerprint();
  private promptMs = 0;
  private promptsOpen = 0;
  private promptOpenedAt = 0;

  constructor(private readonly options: ClientOptions = {}) {}

  get(target: ClientTarget): ConnectClient {
    this.resetIfConfigChanged();
    const shared = loadSharedConfig(target.profile);
    const transport = target.transport ?? DEFAULT_TRANSPORT;
    const variant = endpointVariant(target.profile, shared);
    const key = JSON.stringify([target.profile, target.roleSessionName, target.region, target.endpoint, transport, variant]);
    let client = this.clients.get(key);
    if (!client) {
      client = new ConnectClient({
        region: target.region,
        endpoint: target.endpoint,
        // The picked profile's other settings (not AWS_PROFILE's or [default]'s); environment
        // credentials go with AWS_PROFILE or [default], as the CLI's do without --profile.
        profile: target.profile === ENVIRONMENT_PROFILE ? undefined : shared.sdkProfileName(target.profile),
        // A configured endpoint wins over FIPS and dual-stack, as with the CLI (the SDK would refuse both at once).
        ...(target.endpoint ? NO_VARIANT : variant),
        // The extension resolves configured endpoints itself: the SDK would take them from
        // AWS_PROFILE or [default] rather than the picked profile.
        ignoreConfiguredEndpointUrls: true,
        credentials: this.currentCredentials({ ...target, transport }),
        maxAttempts: transport.maxAttempts,
        retryMode: transport.retryMode,
        requestHandler: requestHandler(transport),
      });
      client.middlewareStack.use(exactTimestampsPlugin());
      this.logExchanges(client);
      this.clients.set(key, client);
    }
    return client;
  }

  /**
   * Who the target's credentials sign in as (STS GetCallerIdentity, signed with the very credentials
   * the Connect requests use, over the same transport), asked once per set of credentials. The
   * question has a deadline of its own (a fetch's), and `signal` ends only this wait for it.
   */
  async callerIdentity(target: IdentityTarget, signal?: AbortSignal): Promise<Caller> {
    this.resetIfConfigChanged();
    const credentials = await untilAborted(this.credentialsFor(target)(), signal);
    let lookup = this.identities.get(credentials);
    if (!lookup) {
      const deadline = new Deadline(fetchBudgetMs(target.transport ?? DEFAULT_TRANSPORT, true));
      const asked = deadline.run((limit) => getCallerIdentity(this.stsClient(target, credentials), limit)).finally(() => deadline.dispose());
      // A failed question is not kept: the next fetch asks again.
      asked.catch(() => this.identities.get(credentials) === asked && this.identities.delete(credentials));
      this.identities.set(credentials, asked);
      lookup = asked;
    }
    return untilAborted(lookup, signal);
  }

  /**
   * An STS client for one set of credentials (it asks once), on the transport's shared connections;
   * a configured STS endpoint wins over FIPS and dual-stack, as for Connect.
   */
  private stsClient(target: IdentityTarget, credentials: AwsCredentialIdentity): STSClient {
    const shared = loadSharedConfig(target.profile);
    const transport = target.transport ?? DEFAULT_TRANSPORT;
    const handlerKey = JSON.stringify(transport);
    let handler = this.identityHandlers.get(handlerKey);
    if (!handler) {
      handler = this.credentialHandler(transport);
      this.identityHandlers.set(handlerKey, handler);
    }
    const client = new STSClient({
      region: target.region,
      endpoint: target.stsEndpoint,
      profile: target.profile === ENVIRONMENT_PROFILE ? undefined : shared.sdkProfileName(target.profile),
      ...(target.stsEndpoint ? NO_VARIANT : endpointVariant(target.profile, shared)),
      ignoreConfiguredEndpointUrls: true,
      credentials,
      maxAttempts: transport.maxAttempts,
      retryMode: transport.retryMode,
      requestHandler: handler,
    });
    this.logExchanges(client);
    return client;
  }

  /** Looked up at each use, so that a resolution left behind (see resolveCredentials) is not joined. */
  private currentCredentials(target: CredentialsTarget): AwsCredentialIdentityProvider & { memoized: true } {
    return Object.assign((options?: Record<string, unknown>) => this.credentialsFor(target)(options), { memoized: true as const });
  }

  private logExchanges<I extends object, O extends object>(client: { readonly middlewareStack: MiddlewareStack<I, O> }): void {
    if (this.options.debugLog) {
      client.middlewareStack.add(exchangeLogger<I, O>(this.options.debugLog), { step: 'finalizeRequest', name: 'connectFederationDebugLog', priority: 'low' });
    }
  }

  /**
   * Resolves the profile's credentials (an SSO token check, an STS call, an MFA prompt …), so
   * that problems show before any Connect request, and a fetch then costs one round trip.
   *
   * The SDK cannot cancel a credential_process or an STS call, so an abort ends the wait, not the
   * work: the resolution is left behind (and forgotten, so that the next fetch starts afresh
   * instead of joining one that may never end).
   */
  async resolveCredentials(target: CredentialsTarget, signal?: AbortSignal): Promise<void> {
    this.resetIfConfigChanged();
    const key = credentialsKey(target);
    const provider = this.credentialsFor(target);
    const resolving = provider();
    resolving.catch(() => undefined);
    try {
      await untilAborted(resolving, signal);
    } catch (error) {
      if (signal?.aborted && this.credentials.get(key) === provider) {
        this.credentials.delete(key);
      }
      throw error;
    }
  }

  /** Milliseconds spent so far waiting for the user to answer an MFA prompt: time no deadline counts. */
  promptTimeMs(): number {
    return this.promptMs + (this.promptsOpen > 0 ? Date.now() - this.promptOpenedAt : 0);
  }

  /** Forgets clients and cached credentials, and closes their connections. */
  reset(): void {
    for (const client of this.clients.values()) {
      client.destroy();
    }
    this.credentialHandlers.splice(0).forEach((handler) => handler.destroy());
    this.clients.clear();
    this.identityHandlers.clear();
    this.credentials.clear();
    this.identities = new WeakMap();
  }

  private resetIfConfigChanged(): void {
    const fingerprint = currentConfigFingerprint();
    if (fingerprint !== this.configFingerprint) {
      this.configFingerprint = fingerprint;
      this.reset();
    }
  }

  /**
   * The profile's credentials, resolved over the same transport as the Connect requests: the SDK's
   * SSO clients do not inherit the Connect client's CA bundle or proxy, so they get them here.
   * One provider per profile × transport × role session name.
   */
  private credentialsFor(target: CredentialsTarget): AwsCredentialIdentityProvider {
    const { profile, roleSessionName } = target;
    const transport = target.transport ?? DEFAULT_TRANSPORT;
    const key = credentialsKey(target);
    let provider = this.credentials.get(key);
    if (!provider) {
      const { mfaCodeProvider } = this.options;
      const askForCode = async (serial: string): Promise<string> => {
        if (!mfaCodeProvider || !mayAskTheUser()) {
          throw new InteractionRequiredError(`Profile ${profile} needs an MFA code (${serial}).`);
        }
        if (this.promptsOpen++ === 0) {
          this.promptOpenedAt = Date.now();
        }
        try {
          return await mfaCodeProvider(profile, serial);
        } finally {
          if (--this.promptsOpen === 0) {
            this.promptMs += Date.now() - this.promptOpenedAt;
          }
        }
      };
      const source = profile === ENVIRONMENT_PROFILE ? fromEnv() : this.fromProfile(profile, askForCode, transport, roleSessionName);
      // Memoized until near expiry; a failed resolution is not kept, so the next fetch (after
      // `aws sso login`, say) tries again.
      // (memoizeIdentityProvider returns undefined only for an undefined provider.)
      provider = memoizeIdentityProvider<AwsCredentialIdentity>(source, isIdentityExpired, doesIdentityRequireRefresh)!;
      this.credentials.set(key, provider);
    }
    return provider;
  }

  /**
   * fromIni for a profile by the name the SDK knows it by; its messages name the profile as the user
   * does. With a role session name, the profile's own role is assumed under it.
   */
  private fromProfile(
    profile: string,
    mfaCodeProvider: (serial: string) => Promise<string>,
    transport: Transport,
    roleSessionName: string | undefined,
  ): AwsCredentialIdentityProvider {
    const shared = loadSharedConfig(profile);
    const sdkName = shared.sdkProfileName(profile);
    // The STS and SSO clients inherit the Connect client's FIPS and dual-stack settings; an
    // endpoint configured for them wins over those, as with the CLI (the SDK would refuse both).
    const configuredEndpoint = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_SSO'].some((name) => process.env[name]);
    const clientConfig = { requestHandler: this.credentialHandler(transport), ...(configuredEndpoint && NO_VARIANT) };
    const ini = fromIni({
      profile: sdkName,
      ignoreCache: true,
      mfaCodeProvider,
      clientConfig,
      ...(roleSessionName !== undefined && roleAssumersWithSessionName(shared.config.profiles.get(profile) ?? {}, roleSessionName, clientConfig)),
    });
    if (sdkName === profile) {
      return ini;
    }
    return (properties) =>
      ini(properties).catch((error: unknown) => {
        if (error instanceof Error) {
          error.message = error.message.split(sdkName).join(profile);
        }
        throw error;
      });
  }

  private credentialHandler(transport: Transport): NodeHttpHandler {
    const handler = requestHandler(transport);
    this.credentialHandlers.push(handler);
    return handler;
  }
}

const NO_VARIANT = { useFipsEndpoint: false, useDualstackEndpoint: false };

/**
 * FIPS and dual-stack endpoints as the AWS CLI decides them for the profile (AWS_USE_FIPS_ENDPOINT
 * and AWS_USE_DUALSTACK_ENDPOINT first); environment credentials use AWS_PROFILE's or [default]'s.
 */
function endpointVariant(profile: string, shared: LoadedSharedConfig): { useFipsEndpoint: boolean; useDualstackEndpoint: boolean } {
  const name = profile === ENVIRONMENT_PROFILE ? process.env.AWS_PROFILE || 'default' : profile;
  const settings = shared.config.profiles.get(name);
  return resolveEndpointVariant(
    { useFipsEndpoint: cliBoolean(settings?.use_fips_endpoint), useDualstackEndpoint: cliBoolean(settings?.use_dualstack_endpoint) },
    process.env,
  );
}

function credentialsKey(target: CredentialsTarget): string {
  return JSON.stringify([target.profile, target.transport ?? DEFAULT_TRANSPORT, target.roleSessionName]);
}

/**
 * The SDK's handler bounds how long a socket may stay silent (the AWS CLI's read timeout); this one
 * also bounds the answer's body: its whole time (a body dripped a byte at a time is never silent
 * for long), its size, and — once the headers are in — the caller's Cancel, which then reads as
 * cancelled rather than as a broken connection.
 */
class BoundedHttpHandler extends NodeHttpHandler {
  constructor(
    options: ConstructorParameters<typeof NodeHttpHandler>[0],
    private readonly bodyTimeoutMs: number,
  ) {
    super(options);
  }

  override async handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    const result = await super.handle(request, options);
    const body = result.response.body as Readable;
    const declared = Number(result.response.headers['content-length']);
    if (declared > MAX_RESPONSE_BYTES) {
      body.destroy();
      throw tooLarge();
    }
    result.response.body = boundedBody(body, this.bodyTimeoutMs, options.abortSignal as AbortSignal | undefined);
    return result;
  }
}

function boundedBody(body: Readable, timeoutMs: number, signal: AbortSignal | undefined): Readable {
  let bytes = 0;
  const bounded = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > MAX_RESPONSE_BYTES ? tooLarge() : null, chunk);
    },
  });
  const timer =
    timeoutMs > 0
      ? setTimeout(
          () => bounded.destroy(Object.assign(new Error(`The answer's body did not arrive within ${Math.round(timeoutMs / 1000)} s`), { name: 'TimeoutError' })),
          timeoutMs,
        )
      : undefined;
  const onAbort = (): void => void bounded.destroy(signal && abortError(signal));
  signal?.addEventListener('abort', onAbort, { once: true });
  pipeline(body, bounded, () => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  });
  return bounded;
}

function tooLarge(): InvalidResponseError {
  return new InvalidResponseError(`The answer was larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB, far more than any real one; it was not read.`);
}

function requestHandler(transport: Transport): NodeHttpHandler {
  return new BoundedHttpHandler(
    {
      connectionTimeout: transport.connectTimeoutMs,
      // The AWS CLI's read timeout is the time a socket may stay silent, as here.
      socketTimeout: transport.readTimeoutMs,
      ...createAgents(transport),
    },
    transport.readTimeoutMs,
  );
}

/**
 * Where the shared files are, their size and modification time, and the environment's key:
 * what, when it changes, makes cached credentials stale. Two stat calls: cheap enough per request.
 */
function currentConfigFingerprint(): string {
  // The files loadSharedConfig reads (`~` and `$VAR` expanded), not the variables as written.
  const files = sharedConfigFiles();
  const stamp = (file: string): string => {
    const stat = statSync(file, { throwIfNoEntry: false });
    return `${file}:${stat?.mtimeMs ?? '-'}:${stat?.size ?? '-'}`;
  };
  return [stamp(files.config), stamp(files.credentials), process.env.AWS_ACCESS_KEY_ID ?? ''].join('|');
}

/** Logs each attempt's request and response, after signing, so retries show one by one. */
function exchangeLogger<I extends object, O extends object>(log: NonNullable<ClientOptions['debugLog']>): FinalizeRequestMiddleware<I, O> {
  return (next, context) => async (args) => {
    if (!log.enabled()) {
      return next(args);
    }
    const started = Date.now();
    log.write(describeExchange.request(context.commandName ?? 'request', args.request));
    try {
      const result = await next(args);
      log.write(describeExchange.response(context.commandName ?? 'request', result.response, Date.now() - started));
      return result;
    } catch (error) {
      log.write(describeExchange.failure(context.commandName ?? 'request', error, Date.now() - started));
      throw error;
    }
  };
}
