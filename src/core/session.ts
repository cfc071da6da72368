/** A fetched federation token and where it came from. */
import { formatDuration } from './expiry';

export interface FederationCredentials {
  readonly accessToken: string;
  /** Epoch milliseconds, with the microseconds the service sent as a fraction (the AWS CLI prints them). */
  readonly accessTokenExpiration: number;
  readonly refreshToken: string;
  readonly refreshTokenExpiration: number;
}

/** What the user chose: a profile and an instance, and where the request went. */
export interface SessionTarget {
  /** Profile name, or ENVIRONMENT_PROFILE for credentials from environment variables. */
  readonly profile: string;
  readonly instanceId: string;
  readonly instanceAlias?: string;
  readonly region: string;
  readonly endpoint?: string;
  /**
   * The role session name chosen for this session instead of the profile's (its Connect user);
   * undefined: the profile's own.
   */
  readonly roleSessionName?: string;
}

export interface FederationSession extends SessionTarget {
  readonly id: string;
  readonly fetchedAt: number;
  readonly credentials: FederationCredentials;
  /** '' when the service sent none (the AWS CLI prints such a response; there is nothing to open). */
  readonly signInUrl: string;
  /** '' when the service sent none, as for userId. */
  readonly userArn: string;
  readonly userId: string;
  /** The service's clock minus this machine's when the token came (the SDK derives it from the response's Date header). */
  readonly clockOffsetMs?: number;
  /** The IAM identity that signed in (STS GetCallerIdentity's Arn), once known. */
  readonly callerArn?: string;
}

/** The profile-pick entry for AWS_ACCESS_KEY_ID and friends, which belong to no profile. */
export const ENVIRONMENT_PROFILE = '(environment)';

/**
 * When the access and refresh tokens expire by this machine's clock: the countdown stays right on a
 * machine whose clock is off.
 */
export function localExpiry(session: Pick<FederationSession, 'credentials' | 'clockOffsetMs'>): { readonly access: number; readonly refresh: number } {
  const offset = session.clockOffsetMs ?? 0;
  return { access: session.credentials.accessTokenExpiration - offset, refresh: session.credentials.refreshTokenExpiration - offset };
}

/** A token with less left than this when it arrives is no use: it would be due again at once. */
export const MIN_USABLE_TOKEN_MS = 60_000;

/**
 * Why a token just fetched is no use, or undefined when it is: its access token must last at least
 * MIN_USABLE_TOKEN_MS more, and its refresh token must not have expired, by the service's clock (a
 * stale cache or a skewed service can send tokens that arrive expired).
 */
export function unusableTokenProblem(
  token: Pick<FederationSession, 'credentials' | 'clockOffsetMs'>,
  fetchedAt: number,
): string | undefined {
  const serviceNow = fetchedAt + (token.clockOffsetMs ?? 0);
  const left = token.credentials.accessTokenExpiration - serviceNow;
  if (left <= 0) {
    return `its access token had expired ${formatDuration(-left)} before it arrived`;
  }
  if (left < MIN_USABLE_TOKEN_MS) {
    return `its access token expires ${formatDuration(left)} after it arrived`;
  }
  return token.credentials.refreshTokenExpiration <= serviceNow ? 'its refresh token had expired before it arrived' : undefined;
}

/**
 * One session per profile × instance × chosen role session name: fetching the same again replaces
 * it. "profile/instance-id", and "profile/instance-id#name" with a role session name chosen:
 * readable in keybinding arguments, and unambiguous (the last slash ends the profile name, as an
 * instance ID and a role session name hold none, and neither holds a "#").
 */
export function sessionId(target: Pick<SessionTarget, 'profile' | 'instanceId' | 'roleSessionName'>): string {
  return `${target.profile}/${target.instanceId}${target.roleSessionName === undefined ? '' : `#${target.roleSessionName}`}`;
}

/** "dev" or "dev as alice": the profile, and the Connect user chosen through it. */
export function describeProfile(target: Pick<SessionTarget, 'profile' | 'roleSessionName'>): string {
  return target.roleSessionName === undefined ? target.profile : `${target.profile} as ${target.roleSessionName}`;
}

export function sessionLabel(session: SessionTarget): string {
  return session.instanceAlias ?? session.instanceId;
}

/** Whether the service sent a sign-in URL with the token (GetFederationToken may leave it out). */
export function hasSignInUrl(session: Pick<FederationSession, 'signInUrl'>): boolean {
  return session.signInUrl !== '';
}

/** What is said when a session's sign-in URL is asked for and it has none. */
export function noSignInUrlMessage(session: FederationSession): string {
  return `Amazon Connect sent no sign-in URL with the federation token for ${describeTarget(session)}: there is no sign-in page to open or copy. Its access and refresh tokens are held as usual.`;
}

/** "demo-prod · dev · us-east-1" (or "… · dev as alice · …"): how a session is named in lists and messages. */
export function describeTarget(target: SessionTarget): string {
  return [sessionLabel(target), describeProfile(target), target.region].join(' · ');
}
