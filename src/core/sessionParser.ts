/**
 * Sessions read back from SecretStorage, and tokens as the service sent them, checked field by
 * field: a value that passes can be shown, copied, exported, counted down and logged (redacted)
 * without any of those throwing. Pure; never throws.
 */
import { isCallerArn, isRoleSessionName } from './connectUser';
import { isInstanceId } from './instanceRef';
import { isRegionName } from './regions';
import { FederationCredentials, FederationSession, sessionId } from './session';
import {
  MAX_CLOCK_OFFSET_MS,
  MAX_PROFILE_NAME,
  isEndpointUrl,
  isEpochMs,
  isInstanceAlias,
  isOpaqueToken,
  isRecord,
  isText,
  own,
  signInUrlProblem,
} from './untrusted';

/** More than any person holds; a bigger stored value is corruption and is not parsed at all. */
export const MAX_STORED_SESSIONS = 200;
const MAX_STORED_CHARS = 8 * 1024 * 1024;
const MAX_USER_ARN = 2048;
/** The model's AgentResourceId. */
const MAX_USER_ID = 256;

/** What GetFederationToken gave, in the session's shape. */
export interface TokenFields {
  readonly credentials: FederationCredentials;
  readonly signInUrl: string;
  readonly userArn: string;
  readonly userId: string;
  readonly clockOffsetMs?: number;
}

/**
 * Why a token as received cannot be kept, in words without any of its values, or undefined when it
 * can. `endpoint`: where the request went (an http sign-in URL is only accepted from a loopback one).
 */
export function tokenProblem(token: Record<string, unknown>, endpoint: string | undefined): string | undefined {
  const credentials = own(token, 'credentials');
  if (!isRecord(credentials)) {
    return 'the credentials are missing';
  }
  const problems: [boolean, string][] = [
    [isOpaqueToken(own(credentials, 'accessToken')), 'the access token is missing or malformed'],
    [isOpaqueToken(own(credentials, 'refreshToken')), 'the refresh token is missing or malformed'],
    [isEpochMs(own(credentials, 'accessTokenExpiration')), 'the access token expiration is not a date between 2000 and 2100'],
    [isEpochMs(own(credentials, 'refreshTokenExpiration')), 'the refresh token expiration is not a date between 2000 and 2100'],
    [isText(own(token, 'userArn'), MAX_USER_ARN, true), 'the user ARN is malformed'],
    [isText(own(token, 'userId'), MAX_USER_ID, true), 'the user ID is malformed'],
    [isClockOffset(own(token, 'clockOffsetMs')), 'the clock offset is out of range'],
  ];
  return problems.find(([ok]) => !ok)?.[1] ?? signInUrlProblem(own(token, 'signInUrl'), endpoint);
}

/** Why a value is not a session that can be kept (no value named), or undefined when it is one. */
export function sessionProblem(value: unknown): string | undefined {
  if (!isRecord(value)) {
    return 'it is not an object';
  }
  const instanceId = own(value, 'instanceId');
  const region = own(value, 'region');
  const endpoint = own(value, 'endpoint');
  const roleSessionName = own(value, 'roleSessionName');
  const problems: [boolean, string][] = [
    [isText(own(value, 'profile'), MAX_PROFILE_NAME), 'the profile name is empty, too long or holds control characters'],
    [typeof instanceId === 'string' && isInstanceId(instanceId), 'the instance ID is malformed'],
    // Part of the session's key: a malformed one cannot be dropped alone. Sessions kept before it existed have none.
    [roleSessionName === undefined || isRoleSessionName(roleSessionName), 'the role session name is malformed'],
    [typeof region === 'string' && isRegionName(region), 'the region is malformed'],
    [endpoint === undefined || isEndpointUrl(endpoint), 'the endpoint is not an http(s) URL'],
    [isEpochMs(own(value, 'fetchedAt')), 'the time it was fetched is not a date between 2000 and 2100'],
  ];
  return problems.find(([ok]) => !ok)?.[1] ?? tokenProblem(value, endpoint as string | undefined);
}

/** The session a stored value describes, or undefined when any field is missing, mistyped or out of range. */
export function parseSession(value: unknown): FederationSession | undefined {
  if (!isRecord(value) || sessionProblem(value) !== undefined) {
    return undefined;
  }
  // Every required field is an own property by now; the optional ones are read as own properties too.
  const session = value as unknown as FederationSession;
  const alias = own(value, 'instanceAlias');
  const endpoint = own(value, 'endpoint') as string | undefined;
  const clockOffsetMs = own(value, 'clockOffsetMs') as number | undefined;
  const roleSessionName = own(value, 'roleSessionName') as string | undefined;
  const callerArn = own(value, 'callerArn');
  const { credentials } = session;
  return {
    // Derived, not trusted: a stored ID of an older format (or a forged one) cannot shadow another session.
    id: sessionId({ profile: session.profile, instanceId: session.instanceId, roleSessionName }),
    profile: session.profile,
    instanceId: session.instanceId,
    ...(roleSessionName !== undefined && { roleSessionName }),
    // Only shown: a malformed alias is dropped, the session kept.
    ...(isInstanceAlias(alias) && { instanceAlias: alias }),
    region: session.region,
    ...(endpoint !== undefined && { endpoint }),
    fetchedAt: session.fetchedAt,
    credentials: {
      accessToken: credentials.accessToken,
      accessTokenExpiration: credentials.accessTokenExpiration,
      refreshToken: credentials.refreshToken,
      refreshTokenExpiration: credentials.refreshTokenExpiration,
    },
    signInUrl: session.signInUrl,
    userArn: session.userArn,
    userId: session.userId,
    ...(clockOffsetMs !== undefined && { clockOffsetMs }),
    // Only shown: a malformed one is dropped, the session kept.
    ...(isCallerArn(callerArn) && { callerArn }),
  };
}

/** The valid sessions of the stored secret (a JSON array); anything unreadable yields none, never an error. */
export function parseStoredSessions(raw: unknown): FederationSession[] {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_STORED_CHARS) {
    return [];
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) {
    return [];
  }
  const sessions = new Map<string, FederationSession>();
  for (const entry of value.slice(0, MAX_STORED_SESSIONS)) {
    const session = parseSession(entry);
    if (session) {
      sessions.set(session.id, session);
    }
  }
  return [...sessions.values()];
}

function isClockOffset(value: unknown): boolean {
  return value === undefined || (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_CLOCK_OFFSET_MS);
}
