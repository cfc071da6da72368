/**
 * AWS STS (query protocol, sts-2011-06-15) as credential providers use it: AssumeRole (SigV4,
 * signing name `sts`, with the roles' trust policies and MFA condition), the unsigned
 * AssumeRoleWithWebIdentity, and GetCallerIdentity (who signed), answering in STS's XML. The credentials it mints become emulator
 * identities of the role's session, so the Connect API accepts them until they expire.
 */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { EmulatorControl } from './control';
import { ApiError, apiError, type KnownErrorName } from './errors';
import {
  ACCOUNT_ID,
  FIXTURE_ROLES,
  MAX_SESSION_DURATION_SECONDS,
  MFA_CODE,
  MFA_SERIAL,
  SSO_ROLE,
  WEB_IDENTITY_PROVIDER,
  WEB_IDENTITY_SUBJECT,
  WEB_IDENTITY_TOKEN,
  type Identity,
  type Role,
} from './fixtures';
import { signedCaller, type Answer, type EmulatedService } from './service';
import type { SigningScope } from './sigv4';
import { parseQuery, type QueryParams } from './url';

const XML_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
const API_VERSION = '2011-06-15';
const MIN_DURATION_SECONDS = 900;
const DEFAULT_DURATION_SECONDS = 3600;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const OPERATIONS = ['AssumeRole', 'AssumeRoleWithWebIdentity', 'GetCallerIdentity'] as const;

// STS has an endpoint in every region, plus the global one (signed as us-east-1).
const STS_SIGNING: SigningScope = { service: 'sts', isValidRegion: (region) => /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region) };

/** The authentication layer's errors under the codes query-protocol services use. */
const QUERY_AUTH_ERRORS: Readonly<Partial<Record<string, KnownErrorName>>> = {
  MissingAuthenticationTokenException: 'MissingAuthenticationToken',
  IncompleteSignatureException: 'IncompleteSignature',
  InvalidSignatureException: 'SignatureDoesNotMatch',
  UnrecognizedClientException: 'InvalidClientTokenId',
  ExpiredTokenException: 'ExpiredToken',
};

export const STS_SERVICE: EmulatedService = {
  name: 'sts',
  route(request) {
    const action = formParameters(request.body).Action;
    return OPERATIONS.find((operation) => operation === action) && { operation: action as (typeof OPERATIONS)[number] };
  },
  async handle(context, request, route) {
    const parameters = formParameters(request.body);
    if (route?.operation === 'AssumeRoleWithWebIdentity') {
      // The web identity token is the credential: clients send this call unsigned.
      await context.steer(route.operation);
      return assumeRoleWithWebIdentity(context.control, parameters);
    }
    const caller = await signedCaller(context, request, STS_SIGNING).catch(asQueryError);
    if (!route) {
      throw apiError('InvalidAction', `Could not find operation ${String(parameters.Action)} for version ${API_VERSION}`);
    }
    await context.steer(route.operation);
    return route.operation === 'GetCallerIdentity' ? getCallerIdentity(caller.identity) : assumeRole(context.control, caller.identity, parameters);
  },
  errorAnswer(error) {
    const requestId = randomUUID();
    const type = error.status >= 500 ? 'Receiver' : 'Sender';
    return xmlAnswer(
      error.status,
      requestId,
      `<ErrorResponse xmlns="${XML_NAMESPACE}"><Error><Type>${type}</Type><Code>${escapeXml(error.errorName)}</Code>` +
        `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    );
  },
};

/** Temporary credentials of a role session, registered as an emulator identity. */
export interface RoleSession {
  identity: Required<Pick<Identity, 'accessKeyId' | 'secretAccessKey' | 'sessionToken' | 'expiresAt'>> & Identity;
  /** `AROA…:session-name` */
  assumedRoleId: string;
  /** `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` */
  arn: string;
}

/** Mints credentials for a session of `role` that the emulator accepts for `durationSeconds` (on its clock). */
export function startRoleSession(control: EmulatorControl, role: Role, sessionName: string, durationSeconds: number): RoleSession {
  const arn = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${role.name}/${sessionName}`;
  // Whole seconds: STS's Expiration has none, and the client must see the instant the emulator enforces.
  const expiresAt = new Date(Math.floor(control.now().getTime() / 1000 + durationSeconds) * 1000);
  const identity = {
    name: `${role.name}/${sessionName}`,
    accessKeyId: `ASIA${Array.from({ length: 16 }, () => BASE32[randomInt(BASE32.length)]).join('')}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    sessionToken: randomBytes(270).toString('base64'),
    expiresAt,
    principalArn: arn,
    allowed: role.allowed,
    hasConnectUser: role.connectUserNames ? role.connectUserNames.includes(sessionName) : role.hasConnectUser,
    description: `session of role ${role.name}`,
  };
  control.addIdentity(identity);
  return { identity, assumedRoleId: `${role.roleId}:${sessionName}`, arn };
}

function assumeRole(control: EmulatorControl, caller: Identity, parameters: QueryParams): Answer {
  const roleArn = requiredParameter(parameters, 'RoleArn');
  const sessionName = sessionNameParameter(parameters);
  const durationSeconds = durationParameter(parameters);
  const role = FIXTURE_ROLES.find((candidate) => candidate.arn === roleArn);
  const notAuthorized = apiError(
    'AccessDenied',
    `User: ${caller.principalArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
  );
  if (!role || !trusts(role, caller.principalArn)) {
    throw notAuthorized;
  }
  if (role.requiresMfa) {
    const serialNumber = optionalParameter(parameters, 'SerialNumber');
    const tokenCode = optionalParameter(parameters, 'TokenCode');
    // Without MFA the trust policy's condition does not match; with a wrong device or code, MFA fails.
    if (serialNumber === undefined || tokenCode === undefined) {
      throw notAuthorized;
    }
    if (serialNumber !== MFA_SERIAL || tokenCode !== MFA_CODE) {
      throw apiError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.');
    }
  }
  const session = startRoleSession(control, role, sessionName, durationSeconds);
  return resultAnswer('AssumeRole', credentialsXml(session));
}

/** A trust policy naming a role trusts every session of it, as IAM's does. */
function trusts(role: Role, principalArn: string): boolean {
  const sessionOf = /:assumed-role\/([^/]+)\/[^/]+$/.exec(principalArn)?.[1];
  const roleArn = FIXTURE_ROLES.find((candidate) => candidate.name === sessionOf)?.arn;
  return role.trustedPrincipals.includes(principalArn) || (roleArn !== undefined && role.trustedPrincipals.includes(roleArn));
}

function assumeRoleWithWebIdentity(control: EmulatorControl, parameters: QueryParams): Answer {
  const roleArn = requiredParameter(parameters, 'RoleArn');
  const sessionName = sessionNameParameter(parameters);
  const durationSeconds = durationParameter(parameters);
  if (requiredParameter(parameters, 'WebIdentityToken') !== WEB_IDENTITY_TOKEN) {
    throw apiError(
      'InvalidIdentityToken',
      'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.',
    );
  }
  const role = FIXTURE_ROLES.find((candidate) => candidate.arn === roleArn);
  if (!role?.trustsWebIdentity) {
    throw apiError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
  }
  const session = startRoleSession(control, role, sessionName, durationSeconds);
  return resultAnswer(
    'AssumeRoleWithWebIdentity',
    `<SubjectFromWebIdentityToken>${WEB_IDENTITY_SUBJECT}</SubjectFromWebIdentityToken>` +
      `<Audience>sts.amazonaws.com</Audience><Provider>${WEB_IDENTITY_PROVIDER}</Provider>${credentialsXml(session)}`,
  );
}

/** Needs no permission, as on AWS: any valid signature learns who it is. */
function getCallerIdentity(caller: Identity): Answer {
  return resultAnswer(
    'GetCallerIdentity',
    `<Arn>${escapeXml(caller.principalArn)}</Arn><UserId>${escapeXml(uniqueIdOf(caller.principalArn))}</UserId><Account>${ACCOUNT_ID}</Account>`,
  );
}

/**
 * GetCallerIdentity's UserId: the account ID for the root, `AROA…:session` for an assumed role (the
 * role's unique ID, as AssumeRole's AssumedRoleId), and for an IAM user an `AIDA…` ID derived from its
 * ARN (stable, as a user's unique ID is).
 */
function uniqueIdOf(principalArn: string): string {
  const assumed = /:assumed-role\/([^/]+)\/(.+)$/.exec(principalArn);
  if (assumed) {
    const role = [...FIXTURE_ROLES, SSO_ROLE].find((candidate) => candidate.name === assumed[1]);
    return `${role?.roleId ?? 'AROAEMULATORUNKNOWN1'}:${assumed[2]}`;
  }
  if (principalArn.endsWith(':root')) {
    return ACCOUNT_ID;
  }
  const digest = createHash('sha256').update(principalArn).digest();
  return `AIDA${Array.from(digest.subarray(0, 17), (byte) => BASE32[byte % BASE32.length]).join('')}`;
}

function credentialsXml({ identity, assumedRoleId, arn }: RoleSession): string {
  return (
    `<Credentials><AccessKeyId>${identity.accessKeyId}</AccessKeyId>` +
    `<SecretAccessKey>${identity.secretAccessKey}</SecretAccessKey>` +
    `<SessionToken>${identity.sessionToken}</SessionToken>` +
    `<Expiration>${identity.expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}</Expiration></Credentials>` +
    `<AssumedRoleUser><AssumedRoleId>${escapeXml(assumedRoleId)}</AssumedRoleId><Arn>${escapeXml(arn)}</Arn></AssumedRoleUser>`
  );
}

function resultAnswer(action: string, resultXml: string): Answer {
  const requestId = randomUUID();
  return xmlAnswer(
    200,
    requestId,
    `<${action}Response xmlns="${XML_NAMESPACE}"><${action}Result>${resultXml}</${action}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
  );
}

function xmlAnswer(status: number, requestId: string, xml: string): Answer {
  return { status, contentType: 'text/xml', body: xml, headers: { 'x-amzn-RequestId': requestId } };
}

function formParameters(body: Uint8Array): QueryParams {
  return parseQuery(Buffer.from(body).toString('utf8'));
}

function asQueryError(error: unknown): never {
  if (error instanceof ApiError) {
    const code = QUERY_AUTH_ERRORS[error.errorName];
    if (code) {
      throw apiError(code, error.message);
    }
  }
  throw error;
}

function optionalParameter(parameters: QueryParams, name: string): string | undefined {
  const value = parameters[name];
  if (Array.isArray(value)) {
    throw apiError('ValidationError', `Parameter ${name} must be given once.`);
  }
  return value;
}

function requiredParameter(parameters: QueryParams, name: string): string {
  const value = optionalParameter(parameters, name);
  if (value === undefined) {
    throw validationError('null', name, 'Member must not be null');
  }
  return value;
}

function sessionNameParameter(parameters: QueryParams): string {
  const name = requiredParameter(parameters, 'RoleSessionName');
  if (name.length < 2 || name.length > 64) {
    throw validationError(`'${name}'`, 'RoleSessionName', `Member must have length ${name.length < 2 ? 'greater than or equal to 2' : 'less than or equal to 64'}`);
  }
  if (!/^[\w+=,.@-]+$/.test(name)) {
    throw validationError(`'${name}'`, 'RoleSessionName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]*');
  }
  return name;
}

function durationParameter(parameters: QueryParams): number {
  const text = optionalParameter(parameters, 'DurationSeconds');
  if (text === undefined) {
    return DEFAULT_DURATION_SECONDS;
  }
  const seconds = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(seconds >= MIN_DURATION_SECONDS)) {
    throw validationError(`'${text}'`, 'DurationSeconds', `Member must have value greater than or equal to ${MIN_DURATION_SECONDS}`);
  }
  if (seconds > MAX_SESSION_DURATION_SECONDS) {
    throw apiError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  return seconds;
}

/** STS's wording: the member name starts lower-case. */
function validationError(value: string, member: string, constraint: string): ApiError {
  const memberName = member.charAt(0).toLowerCase() + member.slice(1);
  return apiError('ValidationError', `1 validation error detected: Value ${value} at '${memberName}' failed to satisfy constraint: ${constraint}`);
}

const XML_ESCAPES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/** For element content, where quotes need no escaping. */
function escapeXml(text: string): string {
  return text.replace(/[<>&]/g, (character) => XML_ESCAPES[character] ?? character);
}
