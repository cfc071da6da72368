/**
 * Error answers of the emulated service: the Connect errors of the service model
 * plus those of the authentication layer in front of every AWS JSON API.
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
} as const;

export type KnownErrorName = keyof typeof ERROR_STATUS;

export function isKnownErrorName(name: string): name is KnownErrorName {
  return Object.prototype.hasOwnProperty.call(ERROR_STATUS, name);
}

/** An error answer: sent as `x-amzn-ErrorType: <errorName>` with body `{"Message": message}`. */
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
