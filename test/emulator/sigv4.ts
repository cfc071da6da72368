/**
 * SigV4 verification of API requests. The expected signature is computed by the SDK's own
 * signer (SignatureV4) over the request as received; this module only parses, looks up
 * and compares, and answers with the errors (and messages) AWS's front end uses.
 */
import { timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { apiError } from './errors';
import type { Identity } from './fixtures';
import type { QueryParams } from './url';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const SCOPE_TERMINATOR = 'aws4_request';
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const CONTENT_SHA256_HEADER = 'x-amz-content-sha256';
const SECURITY_TOKEN_HEADER = 'x-amz-security-token';

export interface ReceivedRequest {
  method: string;
  /** The path exactly as received, still percent-encoded. */
  rawPath: string;
  /** Decoded query parameters. */
  query: QueryParams;
  /** Lower-case names; values of repeated headers joined with ','. */
  headers: Record<string, string>;
  body: Uint8Array;
}

/** What a service requires of the credential scope. */
export interface SigningScope {
  /** The signing name, e.g. `connect` or `sts`. */
  service: string;
  /** Whether the service has an endpoint in `region`. */
  isValidRegion(region: string): boolean;
}

export interface Authorization {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b, Signature=hex`. */
export function parseAuthorization(header: string | undefined): Authorization {
  if (!header) {
    throw apiError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  const [, algorithm = '', parameterList = ''] = /^(\S+)\s*(.*)$/s.exec(header.trim()) ?? [];
  if (algorithm !== ALGORITHM) {
    throw apiError('IncompleteSignatureException', `Unsupported AWS 'algorithm': '${algorithm}'`);
  }
  const parameters = new Map<string, string>();
  for (const parameter of parameterList.split(',')) {
    const separator = parameter.indexOf('=');
    if (separator > 0) {
      parameters.set(parameter.slice(0, separator).trim(), parameter.slice(separator + 1).trim());
    }
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((name) => !parameters.get(name));
  if (missing.length > 0) {
    const requirements = missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' ');
    throw apiError('IncompleteSignatureException', `${requirements} Authorization=${header}`);
  }
  const credential = parameters.get('Credential') ?? '';
  const scope = credential.split('/');
  if (scope.length !== 5) {
    throw apiError(
      'IncompleteSignatureException',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  const [accessKeyId, scopeDate, region, service, terminator] = scope as [string, string, string, string, string];
  return {
    accessKeyId,
    scopeDate,
    region,
    service,
    terminator,
    signedHeaders: (parameters.get('SignedHeaders') ?? '').split(';'),
    signature: parameters.get('Signature') ?? '',
  };
}

/**
 * Checks the request's scope, credentials, time and signature against `now` (the emulator's clock).
 * Resolves to the calling identity; rejects with an ApiError.
 */
export async function verifySignature(
  request: ReceivedRequest,
  auth: Authorization,
  findIdentity: (accessKeyId: string) => Identity | undefined,
  now: Date,
  scope: SigningScope,
): Promise<Identity> {
  const amzDate = request.headers['x-amz-date'];
  if (amzDate === undefined) {
    throw apiError('IncompleteSignatureException', "Authorization header requires existence of a 'X-Amz-Date' header.");
  }
  const signingDate = parseBasicIso8601(amzDate);
  checkScope(auth, amzDate, scope);
  if (!auth.signedHeaders.includes('host')) {
    throw apiError('InvalidSignatureException', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }

  const identity = findIdentity(auth.accessKeyId);
  const presentedToken = request.headers[SECURITY_TOKEN_HEADER];
  if (!identity || presentedToken !== identity.sessionToken) {
    throw apiError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  if (identity.expiresAt && identity.expiresAt.getTime() <= now.getTime()) {
    throw apiError('ExpiredTokenException', 'The security token included in the request is expired');
  }
  checkClockSkew(amzDate, signingDate, now);

  const expected = await expectedSignature(request, auth, identity, signingDate);
  const signedContentHash = request.headers[CONTENT_SHA256_HEADER];
  // Non-S3 services hash the payload they received; a signed x-amz-content-sha256 that
  // differs (UNSIGNED-PAYLOAD included) means the client signed a different canonical request.
  const payloadMatches =
    !auth.signedHeaders.includes(CONTENT_SHA256_HEADER) || signedContentHash === (await sha256Hex(request.body));
  if (!payloadMatches || !sameSignature(expected, auth.signature)) {
    throw apiError(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. ' +
        'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return identity;
}

function checkScope(auth: Authorization, amzDate: string, scope: SigningScope): void {
  if (auth.terminator !== SCOPE_TERMINATOR) {
    throw apiError(
      'InvalidSignatureException',
      `Credential should be scoped with a valid terminator: '${SCOPE_TERMINATOR}', not '${auth.terminator}'.`,
    );
  }
  if (auth.service !== scope.service) {
    throw apiError('InvalidSignatureException', `Credential should be scoped to correct service: '${scope.service}'.`);
  }
  if (!scope.isValidRegion(auth.region)) {
    throw apiError('InvalidSignatureException', 'Credential should be scoped to a valid region.');
  }
  if (auth.scopeDate !== amzDate.slice(0, 8)) {
    throw apiError(
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ` +
        `'${auth.scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
}

/** The SDK corrects its clock from the Date header of this answer, so the wording matters. */
function checkClockSkew(amzDate: string, signingDate: Date, now: Date): void {
  const earliest = new Date(now.getTime() - MAX_CLOCK_SKEW_MS);
  const latest = new Date(now.getTime() + MAX_CLOCK_SKEW_MS);
  if (signingDate < earliest) {
    throw apiError(
      'InvalidSignatureException',
      `Signature expired: ${amzDate} is now earlier than ${basicIso8601(earliest)} (${basicIso8601(now)} - 15 min.)`,
    );
  }
  if (signingDate > latest) {
    throw apiError(
      'InvalidSignatureException',
      `Signature not yet current: ${amzDate} is still later than ${basicIso8601(latest)} (${basicIso8601(now)} + 15 min.)`,
    );
  }
}

async function expectedSignature(
  request: ReceivedRequest,
  auth: Authorization,
  identity: Identity,
  signingDate: Date,
): Promise<string> {
  const signedHeaders: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = request.headers[name];
    if (value !== undefined) {
      signedHeaders[name] = value;
    }
  }
  const signer = new SignatureV4({
    service: auth.service,
    region: auth.region,
    credentials: {
      accessKeyId: identity.accessKeyId,
      secretAccessKey: identity.secretAccessKey,
      // The signer adds the token header itself: only when the client signed it.
      sessionToken: auth.signedHeaders.includes(SECURITY_TOKEN_HEADER) ? identity.sessionToken : undefined,
    },
    sha256: Sha256,
    applyChecksum: false,
    uriEscapePath: true,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: request.method,
      protocol: 'http:',
      hostname: (request.headers.host ?? '').replace(/:\d+$/, ''),
      path: request.rawPath,
      query: request.query,
      headers: signedHeaders,
      body: request.body.length > 0 ? request.body : undefined,
    }),
    {
      signingDate,
      signingRegion: auth.region,
      signingService: auth.service,
      signableHeaders: new Set(auth.signedHeaders),
    },
  );
  return parseAuthorization(signed.headers.authorization).signature;
}

function sameSignature(expected: string, presented: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function sha256Hex(body: Uint8Array): Promise<string> {
  const hash = new Sha256();
  hash.update(body);
  return Buffer.from(await hash.digest()).toString('hex');
}

function parseBasicIso8601(value: string): Date {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  const date = match ? new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw apiError(
      'IncompleteSignatureException',
      `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    );
  }
  return date;
}

/** `20240102T030405Z`, the x-amz-date form. */
function basicIso8601(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}
