/**
 * What the emulated services (Connect, STS, the IAM Identity Center portal and its OIDC service)
 * share behind the one port: the server picks a service by the request's shape and records the
 * request; the service authenticates it, lets the steering act (`steer`), runs the operation and
 * renders the answer, or the error, in its own protocol.
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorControl, OperationName, RecordedRequest } from './control';
import type { ApiError } from './errors';
import type { Identity } from './fixtures';
import { parseAuthorization, verifySignature, type ReceivedRequest, type SigningScope } from './sigv4';

export type ServiceName = 'connect' | 'sts' | 'sso' | 'sso-oidc';

export interface Route {
  operation: OperationName;
  /** GetFederationToken's `{InstanceId}` label, decoded. */
  instanceId?: string;
}

export interface Answer {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

/** A SigV4-verified caller, and the region of its credential scope. */
export interface Caller {
  identity: Identity;
  region: string;
}

export interface ServiceContext {
  control: EmulatorControl;
  /** The live record of this request. */
  record: RecordedRequest;
  /** Applies the injected delay and failure of `operation`; call it once the request is authenticated. */
  steer(operation: OperationName): Promise<void>;
}

export interface EmulatedService {
  readonly name: ServiceName;
  /** The operation the request asks for; undefined when it names none of this service's. */
  route(request: ReceivedRequest): Route | undefined;
  /** Answers a request, or rejects with an ApiError; `route` is what `route()` returned. */
  handle(context: ServiceContext, request: ReceivedRequest, route: Route | undefined): Promise<Answer>;
  errorAnswer(error: ApiError): Answer;
}

export function jsonAnswer(status: number, body: unknown, headers?: Record<string, string>): Answer {
  return { status, contentType: 'application/json', body: JSON.stringify(body), headers };
}

/** Verifies the request's SigV4 signature for `scope`, noting the access key and region on the record first. */
export async function signedCaller(context: ServiceContext, request: ReceivedRequest, scope: SigningScope): Promise<Caller> {
  const auth = parseAuthorization(request.headers.authorization);
  context.record.accessKeyId = auth.accessKeyId;
  context.record.signingRegion = auth.region;
  const { control } = context;
  const identity = await verifySignature(request, auth, (accessKeyId) => control.findIdentity(accessKeyId), control.now(), scope);
  return { identity, region: auth.region };
}

/** An opaque secret token: `prefix` and 128 URL-safe characters. */
export function randomToken(prefix: string): string {
  return prefix + randomBytes(96).toString('base64url');
}
