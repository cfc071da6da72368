/**
 * Which Connect user an AWS identity signs in as. GetFederationToken federates the IAM identity that
 * signs the request: for an assumed role, the Connect user name is the role session name (Amazon
 * Connect Administrator Guide, "Configure SAML with IAM": the user name must match the
 * RoleSessionName; user names are case-sensitive), so a role profile can sign in as any Connect user
 * its role may federate by the session name it asks STS for. Pure.
 */
import { Checked } from './checks';
import { PROFILE_KIND_LABELS, ProfileSummary } from './profiles';
import { isText } from './untrusted';

/** STS's rule for RoleSessionName (AssumeRole and AssumeRoleWithWebIdentity): `[\w+=,.@-]{2,64}`. */
const ROLE_SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
export const ROLE_SESSION_NAME_RULE = '2 to 64 letters, digits and + = , . @ _ - characters';

export function isRoleSessionName(value: unknown): value is string {
  return typeof value === 'string' && ROLE_SESSION_NAME.test(value);
}

export type CallerKind = 'assumedRole' | 'iamUser' | 'root' | 'other';

/** Who signed a request, as STS GetCallerIdentity names it. */
export interface Caller {
  readonly arn: string;
  readonly kind: CallerKind;
  /** The Connect user name the identity maps to; undefined when none can be told (the root user, a federated user …). */
  readonly connectUserName?: string;
}

/** `arn:<partition>:iam|sts::<account>:<resource>`, the shape of GetCallerIdentity's Arn. */
const CALLER_ARN = /^arn:aws[a-z-]*:(?:iam|sts)::\d{12}:(.+)$/;
const MAX_ARN = 2048;

export function isCallerArn(value: unknown): value is string {
  return isText(value, MAX_ARN) && CALLER_ARN.test(value);
}

/** The identity an ARN names, or undefined for anything that is not a caller's ARN. */
export function callerOf(arn: unknown): Caller | undefined {
  if (!isCallerArn(arn)) {
    return undefined;
  }
  const resource = CALLER_ARN.exec(arn)![1];
  const parts = resource.split('/');
  if (resource === 'root') {
    return { arn, kind: 'root' };
  }
  // assumed-role/<role name>/<session name>: neither holds a slash.
  if (parts[0] === 'assumed-role' && parts.length === 3 && parts[2] !== '') {
    return { arn, kind: 'assumedRole', connectUserName: parts[2] };
  }
  // user/<path/>name: the name is the last part.
  if (parts[0] === 'user' && parts.length >= 2 && parts.at(-1) !== '') {
    return { arn, kind: 'iamUser', connectUserName: parts.at(-1) };
  }
  return { arn, kind: 'other' };
}

/** "arn:… → Connect user alice": the identity line of a session. */
export function describeCaller(caller: Caller): string {
  if (caller.connectUserName !== undefined) {
    return `${caller.arn} → Connect user ${caller.connectUserName}`;
  }
  return caller.kind === 'root' ? `${caller.arn} (the account's root user, which Connect never federates)` : caller.arn;
}

/** "Connect user alice · arn:…": the same, the Connect user first (a narrow view cuts the end off). */
export function summarizeCaller(caller: Caller): string {
  return caller.connectUserName !== undefined ? `Connect user ${caller.connectUserName} · ${caller.arn}` : describeCaller(caller);
}

/** Where the Connect user name of an identity comes from, for messages. */
export function connectUserNameSource(caller: Caller): string {
  return caller.kind === 'assumedRole' ? 'its role session name' : "the IAM user's name";
}

/** Profiles whose role session name can be chosen: they assume a role themselves. */
export function assumesRole(profile: Pick<ProfileSummary, 'kind'>): boolean {
  return profile.kind === 'role' || profile.kind === 'webIdentity';
}

/**
 * The role session name a fetch overrides the profile's with: undefined when none is chosen, or when
 * the chosen one is the profile's own `role_session_name` (the same Connect user, so the same
 * session); refused for a profile that assumes no role.
 */
export function roleSessionNameFor(profile: ProfileSummary, chosen: string | undefined): Checked<string | undefined> {
  if (chosen === undefined) {
    return { ok: true, value: undefined };
  }
  if (!assumesRole(profile)) {
    return {
      ok: false,
      reason:
        `Profile ${profile.name} signs in with ${PROFILE_KIND_LABELS[profile.kind]}, not by assuming a role, so a role session name cannot choose its Connect user: ` +
        'that needs a profile with role_arn (and source_profile, credential_source or web_identity_token_file). Its IAM identity alone decides which Connect user it is.',
    };
  }
  return { ok: true, value: chosen === profile.settings.role_session_name ? undefined : chosen };
}
