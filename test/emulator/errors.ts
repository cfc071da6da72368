/**
 * Error answers of the emulated services: the Connect errors of the service model, those of
 * the authentication layer in front of every AWS JSON API, and those of STS (query protocol:
 * codes without the Exception suffix), the IAM Identity Center portal and its OIDC service.
 */

export const ERROR_STATUS = {
  // Amazon Connect (service model connect-2017-08-08)
  InvalidRequestException: 400,
  InvalidParameterException: 400,
  ResourceNotFoundException: 404,
  UserNotFoundException: 404,
  InternalServiceException: 500,
  DuplicateResourceException: 409,
  AccessDeniedException: 403,
  ThrottlingException: 429,
  // Authentication and routing layer
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 403,
  InvalidSignatureException: 403,
  UnrecognizedClientException: 403,
  ExpiredTokenException: 403,
  UnknownOperationException: 404,
  // STS (sts-2011-06-15), including its authentication layer
  AccessDenied: 403,
  ValidationError: 400,
  InvalidAction: 400,
  InvalidIdentityToken: 400,
  MissingAuthenticationToken: 403,
  IncompleteSignature: 400,
  SignatureDoesNotMatch: 403,
  InvalidClientTokenId: 403,
  ExpiredToken: 403,
  // IAM Identity Center portal (sso-2019-06-10)
  UnauthorizedException: 401,
  ForbiddenException: 403,
  // IAM Identity Center OIDC (sso-oidc-2019-06-10)
  InvalidClientException: 401,
  InvalidGrantException: 400,
  UnsupportedGrantTypeException: 400,
} as const;

export type KnownErrorName = keyof typeof ERROR_STATUS;

export function isKnownErrorName(name: string): name is KnownErrorName {
  return Object.prototype.hasOwnProperty.call(ERROR_STATUS, name);
}

/** An error answer; each service sends it in its protocol's shape (Connect: `x-amzn-ErrorType` and `{"Message"}`). */
export class ApiError extends Error {
  constructor(
    readonly errorName: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export function apiError(name: KnownErrorName, message: string): ApiError {
  return new ApiError(name, message, ERROR_STATUS[name]);
}
