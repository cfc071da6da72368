/**
 * IAM Identity Center as SSO credential providers use it: the portal's GetRoleCredentials
 * (rest-json, authenticated by the bearer token of `aws sso login`, not SigV4) and the OIDC
 * service's CreateToken with a refresh token, which sso-session profiles use to renew an access
 * token that is about to expire.
 */
import type { EmulatorControl, OperationName } from './control';
import { apiError, type ApiError } from './errors';
import {
  SSO_ACCESS_TOKEN,
  SSO_ACCOUNT_ID,
  SSO_CLIENT_ID,
  SSO_CLIENT_SECRET,
  SSO_REFRESH_TOKEN,
  SSO_ROLE,
  SSO_ROLE_NAME,
  SSO_USER,
} from './fixtures';
import { jsonAnswer, randomToken, type EmulatedService, type ServiceName } from './service';
import type { ReceivedRequest } from './sigv4';
import { startRoleSession } from './sts';

export const SSO_PORTAL_PATH = '/federation/credentials';
export const SSO_OIDC_TOKEN_PATH = '/token';

const BEARER_TOKEN_HEADER = 'x-amz-sso_bearer_token';
const ROLE_CREDENTIALS_SECONDS = 3600;
const ACCESS_TOKEN_SECONDS = 8 * 3600;

/** The access and refresh tokens the emulated IAM Identity Center knows. */
export class SsoTokens {
  /** Access token → when it expires on the emulator's clock; undefined: never (the fixture's). */
  private readonly accessTokens = new Map<string, Date | undefined>();
  private readonly refreshTokens = new Set<string>();

  reset(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.accessTokens.set(SSO_ACCESS_TOKEN, undefined);
    this.refreshTokens.add(SSO_REFRESH_TOKEN);
  }

  isValid(accessToken: string, now: Date): boolean {
    const expiresAt = this.accessTokens.get(accessToken);
    return this.accessTokens.has(accessToken) && (expiresAt === undefined || expiresAt > now);
  }

  /** New tokens for a known refresh token; undefined for an unknown one. */
  refresh(refreshToken: string, now: Date): { accessToken: string; refreshToken: string; expiresIn: number } | undefined {
    if (!this.refreshTokens.has(refreshToken)) {
      return undefined;
    }
    const issued = { accessToken: randomToken('EMUSSO-'), refreshToken: randomToken('EMUSSORT-'), expiresIn: ACCESS_TOKEN_SECONDS };
    this.accessTokens.set(issued.accessToken, new Date(now.getTime() + ACCESS_TOKEN_SECONDS * 1000));
    this.refreshTokens.add(issued.refreshToken);
    return issued;
  }
}

/** The portal and the OIDC service each have one operation here, at their own path. */
function singleOperationService(
  name: ServiceName,
  method: string,
  operation: OperationName,
  run: (control: EmulatorControl, request: ReceivedRequest) => unknown,
  errorBody: (error: ApiError) => unknown,
): EmulatedService {
  return {
    name,
    route: (request) => (request.method === method ? { operation } : undefined),
    async handle({ control, steer }, request, route) {
      if (!route) {
        throw apiError('UnknownOperationException', `No operation matches ${request.method} ${request.rawPath}`);
      }
      await steer(operation);
      return jsonAnswer(200, run(control, request));
    },
    // rest-json: the error's type is in x-amzn-ErrorType.
    errorAnswer: (error) => jsonAnswer(error.status, errorBody(error), { 'x-amzn-ErrorType': error.errorName }),
  };
}

export const SSO_PORTAL_SERVICE = singleOperationService('sso', 'GET', 'GetRoleCredentials', getRoleCredentials, (error) => ({
  message: error.message,
}));

// OAuth's error body: `InvalidGrantException` → {"error": "invalid_grant", "error_description": …}.
export const SSO_OIDC_SERVICE = singleOperationService('sso-oidc', 'POST', 'CreateToken', createToken, (error) => ({
  error: error.errorName
    .replace(/Exception$/, '')
    .replace(/(?<=.)([A-Z])/g, '_$1')
    .toLowerCase(),
  error_description: error.message,
}));

function getRoleCredentials(control: EmulatorControl, request: ReceivedRequest): unknown {
  const accessToken = request.headers[BEARER_TOKEN_HEADER];
  if (accessToken === undefined || !control.ssoTokens.isValid(accessToken, control.now())) {
    throw apiError('UnauthorizedException', 'Session token not found or invalid');
  }
  const { role_name: roleName, account_id: accountId } = request.query;
  if (roleName === undefined || accountId === undefined) {
    throw apiError('InvalidRequestException', 'role_name and account_id are required');
  }
  if (roleName !== SSO_ROLE_NAME || accountId !== SSO_ACCOUNT_ID) {
    throw apiError('ForbiddenException', 'No access');
  }
  const { identity } = startRoleSession(control, SSO_ROLE, SSO_USER, ROLE_CREDENTIALS_SECONDS);
  return {
    roleCredentials: {
      accessKeyId: identity.accessKeyId,
      secretAccessKey: identity.secretAccessKey,
      sessionToken: identity.sessionToken,
      expiration: identity.expiresAt.getTime(),
    },
  };
}

function createToken(control: EmulatorControl, request: ReceivedRequest): unknown {
  const input = parseJson(request.body);
  if (input.grantType !== 'refresh_token') {
    throw apiError('UnsupportedGrantTypeException', `The emulator only grants refresh_token, not ${String(input.grantType)}`);
  }
  if (input.clientId !== SSO_CLIENT_ID || input.clientSecret !== SSO_CLIENT_SECRET) {
    throw apiError('InvalidClientException', 'Invalid client provided');
  }
  const issued = typeof input.refreshToken === 'string' ? control.ssoTokens.refresh(input.refreshToken, control.now()) : undefined;
  if (!issued) {
    throw apiError('InvalidGrantException', 'Invalid refresh token provided');
  }
  return { ...issued, tokenType: 'Bearer' };
}

function parseJson(body: Uint8Array): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // Answered below, like any body that is not a JSON object.
  }
  throw apiError('InvalidRequestException', 'The request body must be a JSON object');
}
