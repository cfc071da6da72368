/**
 * Turns whatever a fetch throws (a modelled Connect error, a credential provider error, a
 * network error) into a message that says what happened and what to do next.
 */
import { Caller, connectUserNameSource } from './connectUser';
import { messageText, plainText } from './displayText';
import { CONNECT_REGIONS, isKnownConnectRegion } from './regions';
import { redact, withoutUserinfo } from './redact';

export type FailureKind =
  | 'cancelled'
  | 'rootCredentials'
  | 'userNotFound'
  | 'instanceNotFound'
  | 'invalidParameter'
  | 'invalidRequest'
  | 'accessDenied'
  | 'throttled'
  | 'serviceError'
  | 'duplicateResource'
  | 'profileNotFound'
  | 'noCredentials'
  | 'ssoExpired'
  | 'credentialProcess'
  | 'invalidCredentials'
  | 'connectionRefused'
  | 'hostNotFound'
  | 'timeout'
  | 'tlsUntrusted'
  | 'network'
  | 'configuration'
  | 'needsInteraction'
  | 'mfaRejected'
  | 'roleDenied'
  | 'invalidResponse'
  | 'unusableToken'
  | 'storage'
  | 'unknown';

/** Follow-ups a message can offer; the UI maps each to a button. chooseUser: sign in again with another role session name. */
export type FailureAction = 'retry' | 'ssoLogin' | 'showLog' | 'openSettings' | 'chooseUser';

export interface Failure {
  readonly kind: FailureKind;
  /** One or two sentences for a notification: what happened and what to do. No secrets, no links, no control characters. */
  readonly message: string;
  readonly actions: readonly FailureAction[];
  /** Technical detail for the output channel, redacted. */
  readonly detail: string;
}

export interface FailureContext {
  /** SignIn: resolving the profile's credentials (STS, SSO, a credential process), before any Connect request. */
  readonly operation: 'GetFederationToken' | 'ListInstances' | 'SignIn';
  readonly profile: string;
  /** Whether the profile is in the shared config or credentials file (an unknown profile and one without credentials fail alike). */
  readonly profileExists: boolean;
  readonly region: string;
  readonly instanceId?: string;
  readonly endpoint?: string;
  /** Values that must never appear in a message or log. */
  readonly secrets?: readonly string[];
  /** The IAM identity that signed the request (GetCallerIdentity), when known. */
  readonly caller?: Caller;
  /** Whether the profile assumes a role whose session name (and so Connect user) can be chosen. */
  readonly canChooseUser?: boolean;
}

interface ErrorShape {
  name?: string;
  message?: string;
  code?: string;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
  /** DeadlineExceededError: the time a fetch had, and what it was waiting for. */
  budgetMs?: number;
  phase?: 'credentials' | 'request';
}

/** What a notification shows of a service's own message: one plain line, bounded. */
const MAX_SERVICE_MESSAGE = 300;

const NETWORK_CODES: Record<string, FailureKind> = {
  ECONNREFUSED: 'connectionRefused',
  ENOTFOUND: 'hostNotFound',
  EAI_AGAIN: 'hostNotFound',
  ETIMEDOUT: 'timeout',
  ECONNRESET: 'network',
  EHOSTUNREACH: 'network',
  ENETUNREACH: 'network',
  EPIPE: 'network',
};

/** Node's codes for a server certificate that cannot be trusted. */
const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const INVALID_CREDENTIAL_ERRORS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'ExpiredTokenException',
  'ExpiredToken',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
]);

export function explainFailure(error: unknown, ctx: FailureContext): Failure {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorShape;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  // The SDK appends a hint on its own line to errors met while reading an answer; the first line is the error's.
  const serviceMessage = plainText(String(e.message ?? '').split('\n')[0], MAX_SERVICE_MESSAGE);
  const profile = ctx.profile;
  const instance = ctx.instanceId ?? 'the instance';
  const host = endpointHost(ctx);
  const attempts = e.$metadata?.attempts;
  const afterRetries = attempts && attempts > 1 ? ` (still after ${attempts} attempts)` : '';
  const build = (kind: FailureKind, message: string, actions: FailureAction[] = ['showLog']): Failure => ({
    kind,
    // Profile names, endpoints and service messages come from outside: no link, icon or control character gets through.
    message: messageText(redact(message, ctx.secrets), 1000),
    actions,
    detail: redact(describeRaw(e, ctx), ctx.secrets),
  });

  if (name === 'AbortError' || e.code === 'ABORT_ERR') {
    return build('cancelled', 'Cancelled: no request is pending and nothing stored was changed.', []);
  }
  if (name === 'DeadlineExceededError') {
    const seconds = Math.round((e.budgetMs ?? 0) / 1000);
    const credentials = (e.phase ?? (ctx.operation === 'GetFederationToken' ? 'request' : 'credentials')) === 'credentials';
    const waitingFor = credentials ? `signing in with profile ${profile} (its credential_process, STS or IAM Identity Center)` : `${host}`;
    return build(
      'timeout',
      `Gave up after ${seconds} s: ${waitingFor} did not finish in time. Check that it answers (run it in a terminal, or check your network and proxy), ` +
        'or raise connectFederation.connectTimeoutSeconds and readTimeoutSeconds, which together bound a fetch; then try again.',
      ['retry', 'showLog'],
    );
  }
  if (name === 'InvalidResponseError') {
    return build(
      'invalidResponse',
      `${serviceMessage} Nothing was stored. If a proxy or an emulator answers for Amazon Connect, check it; otherwise try again later.`,
      ['retry', 'showLog'],
    );
  }
  if (name === 'UnusableTokenError') {
    return build(
      'unusableToken',
      `Amazon Connect sent a federation token that is no use: ${serviceMessage}. Nothing was stored; a caching proxy or a service clock that is off can cause this. Try again later.`,
      ['retry', 'showLog'],
    );
  }
  if (name === 'SecretStorageTimeoutError') {
    return build(
      'storage',
      `${serviceMessage} The token is shown but not saved yet; it is once the storage answers. On Linux the system keyring may be locked and waiting for its password: unlock it (or answer its prompt).`,
      ['retry', 'showLog'],
    );
  }
  if (name === 'LockTimeoutError') {
    return build(
      'storage',
      `${serviceMessage} The token was not saved: another VS Code window kept the sessions busy. If a window is stuck, close it; then fetch again.`,
      ['retry', 'showLog'],
    );
  }
  if (name === 'InvalidRequestException' && /cannot be used for federation/i.test(serviceMessage)) {
    return build(
      'rootCredentials',
      `Profile ${profile} signs in as the AWS account's root user, and Amazon Connect never federates root users. ` +
        'Use a profile of an IAM user or role that is allowed connect:GetFederationToken and maps to a Connect user.',
    );
  }
  switch (name) {
    case 'UserNotFoundException':
      return build('userNotFound', userNotFoundMessage(ctx, instance), ctx.canChooseUser ? ['chooseUser', 'showLog'] : ['showLog']);
    case 'ResourceNotFoundException':
      return build(
        'instanceNotFound',
        `Instance ${instance} was not found in ${ctx.region} for the account of profile ${profile}. ` +
          'Check the region (setting connectFederation.region or the profile\'s region), or paste the full instance ARN, which carries its region.',
        ['openSettings', 'showLog'],
      );
    case 'InvalidParameterException':
      return build('invalidParameter', `Amazon Connect rejected a parameter: ${serviceMessage} Check the instance ID.`);
    case 'AccessDeniedException':
      return build(
        'accessDenied',
        `Profile ${profile} is not allowed to call connect:${ctx.operation} here. ` +
          `Ask for an IAM policy that allows connect:${ctx.operation} on this instance. (${serviceMessage})`,
      );
    case 'ThrottlingException':
    case 'TooManyRequestsException':
      return build('throttled', `Amazon Connect is throttling requests${afterRetries}. Wait a moment, then fetch again.`, ['retry', 'showLog']);
    case 'InternalServiceException':
      return build('serviceError', `Amazon Connect had an internal error${afterRetries}. Try again in a moment.`, ['retry', 'showLog']);
    case 'DuplicateResourceException':
      // The model documents the error only as "a resource with the specified name already exists"; for federation it means the user's IAM link.
      return build(
        'duplicateResource',
        `Amazon Connect refused to federate the IAM identity of profile ${profile}: the Connect user it maps to in ${instance} is already linked to another IAM identity (DuplicateResourceException: ${serviceMessage}). ` +
          'Trying again will not help: ask your Connect administrator to check which IAM user or role the Connect user is bound to.',
      );
    case 'InvalidRequestException':
      return build('invalidRequest', `Amazon Connect rejected the request: ${serviceMessage}`);
  }
  // STS's own error names, met while assuming a profile's role.
  if (name === 'AccessDenied' && /MultiFactorAuthentication/i.test(serviceMessage)) {
    return build('mfaRejected', `The MFA code for profile ${profile} was not accepted (mistyped, or already used or expired). Try again with a fresh code.`, ['retry', 'showLog']);
  }
  if (name === 'AccessDenied') {
    return build('roleDenied', `Profile ${profile} may not assume its role (${serviceMessage}). Check the role's trust policy and the credentials of its source profile.`);
  }
  if (name === 'UnauthorizedException' && ctx.operation === 'SignIn') {
    return build('ssoExpired', `The SSO session of profile ${profile} is no longer valid. Run "aws sso login --profile ${profile}", then fetch again.`, ['ssoLogin', 'retry', 'showLog']);
  }
  if (INVALID_CREDENTIAL_ERRORS.has(name)) {
    return build(
      'invalidCredentials',
      `AWS refused the credentials of profile ${profile} (${name}): the access key is unknown, or its secret or session token is wrong or expired. ` +
        'Renew them (aws configure, or aws sso login), then fetch again.',
    );
  }
  const networkKind = networkFailure(e);
  if ((name === 'CredentialsProviderError' || name === 'TokenProviderError') && !networkKind) {
    return explainCredentialFailure(e, ctx, build);
  }
  if (name === 'InteractionRequiredError') {
    return build('needsInteraction', `${serviceMessage} Automatic re-fetch cannot ask for it: fetch again by hand.`, ['retry']);
  }
  if (name === 'ConfigurationError') {
    return build('configuration', `${serviceMessage} Fix the setting or the AWS configuration, then try again.`, ['openSettings', 'showLog']);
  }
  if (networkKind === 'hostNotFound' && ctx.operation !== 'SignIn' && !ctx.endpoint && ctx.region && !isKnownConnectRegion(ctx.region)) {
    return build(
      'hostNotFound',
      `Amazon Connect is not available in ${ctx.region}. Pick a region where it is (${CONNECT_REGIONS.map((r) => r.id).join(', ')}).`,
      ['openSettings', 'showLog'],
    );
  }
  switch (networkKind) {
    case 'connectionRefused':
      return build('connectionRefused', `Could not connect to ${host}: connection refused. ${endpointHint(ctx)}`, ['retry', 'showLog']);
    case 'hostNotFound':
      return build('hostNotFound', `Could not resolve ${host}. Check your network connection and proxy. ${endpointHint(ctx)}`, ['retry', 'showLog']);
    case 'timeout':
      return build(
        'timeout',
        `No answer from ${host} in time${afterRetries}. Check your network connection and proxy (or raise connectFederation.connectTimeoutSeconds / readTimeoutSeconds), then fetch again.`,
        ['retry', 'showLog'],
      );
    case 'tlsUntrusted':
      return build(
        'tlsUntrusted',
        `The TLS certificate of ${/Provider/.test(name) ? 'the AWS sign-in service (SSO or STS)' : host} is not trusted (${codeOf(e) ?? e.message}). If a corporate proxy or private CA signs it, point connectFederation.caBundle (or AWS_CA_BUNDLE, or the profile's ca_bundle) at its CA bundle.`,
        ['openSettings', 'showLog'],
      );
    case 'network':
      return build('network', `The connection to ${host} failed (${codeOf(e) ?? name}). Check your network connection, then fetch again.`, ['retry', 'showLog']);
  }
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) {
    return build('serviceError', `Amazon Connect answered with an error (${name}, HTTP ${status})${afterRetries}. Try again in a moment.`, ['retry', 'showLog']);
  }
  return build('unknown', `Could not get a federation token: ${name}: ${serviceMessage}`);
}

/** The role session name the AWS SDK makes up when a profile sets none (fromIni's, and the web identity provider's). */
const SDK_SESSION_NAME = /^aws-sdk-js-(session-)?\d+$/;

/** Names the identity that signed in and the Connect user it maps to, when known, and what to do. */
function userNotFoundMessage(ctx: FailureContext, instance: string): string {
  const { caller, profile } = ctx;
  const another = ctx.canChooseUser ? ', or sign in as another Connect user (another role session name)' : '';
  if (caller?.kind === 'assumedRole' && caller.connectUserName !== undefined && SDK_SESSION_NAME.test(caller.connectUserName)) {
    return (
      `Instance ${instance} has no Connect user named ${caller.connectUserName}: profile ${profile} signed in as ${caller.arn}, a role session the AWS SDK named because the profile sets no role_session_name. ` +
      `Connect takes the role session name as the user name: set role_session_name to a Connect user's name in the profile${another}.`
    );
  }
  if (caller?.connectUserName !== undefined) {
    const user = caller.connectUserName;
    return (
      `Instance ${instance} has no Connect user named ${user}: profile ${profile} signed in as ${caller.arn}, and Connect takes ${connectUserNameSource(caller)} as the user name (case-sensitive). ` +
      `Ask your Connect administrator to create the user ${user} (federation also needs an instance with SAML identity management)${another}.`
    );
  }
  const who = caller ? `${caller.arn} (profile ${profile})` : `the IAM identity of profile ${profile}`;
  return (
    `Instance ${instance} has no Connect user for ${who}. ` +
    `Federation needs an instance with SAML identity management and a Connect user whose name matches the IAM user or role session; ask your Connect administrator to add it${another}.`
  );
}

function explainCredentialFailure(
  e: ErrorShape,
  ctx: FailureContext,
  build: (kind: FailureKind, message: string, actions?: FailureAction[]) => Failure,
): Failure {
  const profile = ctx.profile;
  const message = e.message ?? '';
  const cycle = /Detected a cycle .*Profiles visited: (.*)$/.exec(message);
  if (cycle) {
    return build(
      'configuration',
      `The source_profile chain of profile ${profile} is a loop (profiles visited: ${cycle[1]}), so it never reaches credentials. ` +
        'Point source_profile at a profile with credentials of its own, then fetch again.',
      ['showLog'],
    );
  }
  // Node's exec reads at most 1 MB of a child's output; the SDK passes on only its message.
  if (/maxBuffer/i.test(message)) {
    return build(
      'credentialProcess',
      `The credential_process of profile ${profile} printed more than 1 MB, far more than any credentials take, so its output was not read. Run it in a terminal to see what it prints, fix it, then fetch again.`,
    );
  }
  if (/SSO session|sso login/i.test(message)) {
    return build(
      'ssoExpired',
      `The SSO session of profile ${profile} has expired or was never started. Run "aws sso login --profile ${profile}", then fetch again.`,
      ['ssoLogin', 'retry', 'showLog'],
    );
  }
  if (!ctx.profileExists) {
    return build(
      'profileNotFound',
      `Profile ${profile} is not in your AWS config or credentials file. Pick another profile, or create it with "aws configure --profile ${profile}".`,
    );
  }
  if (/^Command failed|credential_process|process/i.test(message)) {
    return build('credentialProcess', `The credential_process of profile ${profile} failed. Run it in a terminal to see why, fix it, then fetch again.`);
  }
  const sourceProfile = /using profile: \[([^\]]+)\]/.exec(message)?.[1];
  if (sourceProfile && sourceProfile !== profile) {
    return build(
      'noCredentials',
      `Profile ${profile} takes its credentials from profile ${sourceProfile}, which has none or does not exist. Fix source_profile, or add credentials to ${sourceProfile}.`,
    );
  }
  return build(
    'noCredentials',
    `Profile ${profile} has no credentials (no access keys, SSO, role or credential_process). Add them with "aws configure --profile ${profile}".`,
  );
}

function networkFailure(e: ErrorShape): FailureKind | undefined {
  const code = codeOf(e);
  // The SDK's SSO credential provider passes on only the message of a TLS failure, not its code.
  if ((code && TLS_CODES.has(code)) || /certificate/i.test(e.message ?? '')) {
    return 'tlsUntrusted';
  }
  // The SDK's HTTP handler names resets "TimeoutError" too: the code tells them apart.
  return (code && NETWORK_CODES[code]) || (e.name === 'TimeoutError' ? 'timeout' : undefined);
}

/**
 * The error code of an error or of one of its causes, or one named in its message: the SDK's
 * credential providers pass on only the message of a network error.
 */
function codeOf(e: ErrorShape): string | undefined {
  for (let current: unknown = e, depth = 0; current && depth < 4; current = (current as ErrorShape).cause, depth++) {
    const code = (current as ErrorShape).code;
    if (code) {
      return code;
    }
  }
  return /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH)\b/.exec(e.message ?? '')?.[1];
}

function endpointHost(ctx: FailureContext): string {
  if (ctx.operation === 'SignIn') {
    return 'the AWS sign-in service (STS or SSO)';
  }
  if (ctx.endpoint) {
    try {
      return new URL(ctx.endpoint).host;
    } catch {
      return ctx.endpoint;
    }
  }
  return `connect.${ctx.region}.amazonaws.com`;
}

function endpointHint(ctx: FailureContext): string {
  return ctx.endpoint ? `The endpoint ${withoutUserinfo(ctx.endpoint)} is set in your configuration: check that it is right and running.` : '';
}

function describeRaw(e: ErrorShape, ctx: FailureContext): string {
  const meta = e.$metadata;
  return [
    `${ctx.operation} failed for profile=${ctx.profile} region=${ctx.region}` +
      (ctx.instanceId ? ` instance=${ctx.instanceId}` : '') +
      (ctx.endpoint ? ` endpoint=${withoutUserinfo(ctx.endpoint)}` : ''),
    // A failed credential_process's message goes on with its command line and stderr, which may hold anything.
    `${plainText(e.name ?? 'Error', 100)}${e.code ? ` (${plainText(e.code, 100)})` : ''}: ${/^Command failed/.test(String(e.message ?? '')) ? 'Command failed (the credential_process; run it in a terminal to see its output)' : plainText(e.message, 2000)}`,
    meta ? `HTTP ${meta.httpStatusCode ?? '-'} requestId=${meta.requestId ?? '-'} attempts=${meta.attempts ?? '-'}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}
