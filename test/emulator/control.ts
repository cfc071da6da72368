/**
 * The emulator's mutable state and its steering: configuration, identities, injected
 * failures and delays, and the records tests inspect (requests, issued tokens).
 * `handleControlRequest` exposes the same steering over HTTP under /__emulator/.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { ApiError, isKnownErrorName, ERROR_STATUS } from './errors';
import { FAULT_KINDS, type Fault } from './faults';
import { FIXTURE_IDENTITIES, type Identity } from './fixtures';
import type { ServiceName } from './service';
import { SignInSessions, type HomeVisit, type SignInSession } from './signInPage';
import { SsoTokens } from './sso';
import type { QueryParams } from './url';

const OPERATION_NAMES = [
  // Amazon Connect
  'GetFederationToken',
  'ListInstances',
  // STS
  'AssumeRole',
  'AssumeRoleWithWebIdentity',
  'GetCallerIdentity',
  // IAM Identity Center: portal, OIDC
  'GetRoleCredentials',
  'CreateToken',
] as const;
export type OperationName = (typeof OPERATION_NAMES)[number];
/** An operation, or `*` for all of them. */
export type OperationSelector = OperationName | '*';

export interface EmulatorConfig {
  /** AccessTokenExpiration = now + this; 0 or less: tokens that arrive already expired, as from a stale cache. */
  tokenLifetimeSeconds: number;
  /** RefreshTokenExpiration = now + this (0 or less, as above). */
  refreshLifetimeSeconds: number;
  /** Added to the real clock for everything the emulator dates: Date header, expirations, skew checks. */
  clockOffsetMs: number;
  /** Origin of SignInUrl (`<base>/auth/sign-in?token=…`); `{alias}` stands for the instance alias. */
  signInBaseUrl: string;
}

export const DEFAULT_CONFIG: Readonly<EmulatorConfig> = {
  tokenLifetimeSeconds: 3600,
  refreshLifetimeSeconds: 43200,
  clockOffsetMs: 0,
  signInBaseUrl: 'https://{alias}.my.connect.aws',
};

/** What the emulator starts with, and returns to on reset. */
export interface EmulatorSettings extends Partial<EmulatorConfig> {
  /** Delay before every API answer, as `delay({operation: '*', ms})`. */
  delayMs?: number;
  /** Identities besides the fixtures. */
  identities?: Identity[];
}

export interface FailureRule {
  operation: OperationSelector;
  /** Error name sent as x-amzn-ErrorType. */
  error: string;
  /** Defaults to the error's modelled status; required for other names. */
  status?: number;
  message?: string;
  /** How many requests get the error (default 1); -1 = every request until reset. */
  count?: number;
}

export interface FaultRule {
  operation: OperationSelector;
  fault: Fault;
  /** How many successful answers get the fault (default 1); -1 = every one until reset. */
  count?: number;
}

export interface DelayRule {
  operation: OperationSelector;
  /** 0 removes the delay. */
  ms: number;
}

export interface RecordedRequest {
  /** ISO time on the emulator's clock. */
  timestamp: string;
  /** Which emulated service the request's shape points at. */
  service: ServiceName;
  operation: OperationName | 'Unknown';
  method: string;
  /** As received, still percent-encoded. */
  path: string;
  query: QueryParams;
  /** The parameters of a form-encoded body (STS's query protocol); secrets such as TokenCode included. */
  form?: QueryParams;
  /** GetFederationToken: the decoded path label as the client sent it (an ID or an ARN). */
  instanceId?: string;
  /** Signed requests: the access key and region of the credential scope. */
  accessKeyId?: string;
  signingRegion?: string;
  /** Unset while the request is pending, or when it was aborted. */
  status?: number;
  /** Error name of a failed request. */
  error?: string;
  /** The client went away (or the emulator closed) before the answer. */
  aborted: boolean;
}

export interface IssuedToken {
  issuedAt: string;
  instanceId: string;
  instanceAlias: string;
  instanceArn: string;
  region: string;
  accessKeyId: string;
  principalArn: string;
  /** The Connect user's name (the IAM user's name, or the role session name). */
  userName: string;
  userId: string;
  userArn: string;
  accessToken: string;
  refreshToken: string;
  signInToken: string;
  signInUrl: string;
  accessTokenExpiration: string;
  refreshTokenExpiration: string;
  /** When the sign-in page of the emulator was opened with this token. */
  signInVisitedAt?: string;
}

/** Invalid steering input; the HTTP control API answers it with 400. */
export class ControlError extends Error {}

interface Queued<T> {
  operation: OperationSelector;
  value: T;
  remaining: number;
}

export class EmulatorControl {
  private config: EmulatorConfig = { ...DEFAULT_CONFIG };
  private readonly identitiesByKey = new Map<string, Identity>();
  private failures: Queued<ApiError>[] = [];
  private faults: Queued<Fault>[] = [];
  private readonly delays = new Map<OperationSelector, number>();
  private log: RecordedRequest[] = [];
  private issued: IssuedToken[] = [];
  private readonly connectUserIds = new Map<string, string>();
  private readonly changes = new EventEmitter();
  /** IAM Identity Center's access and refresh tokens. */
  readonly ssoTokens = new SsoTokens();
  /** Browsers signed in through the sign-in page, and their visits to the home page. */
  readonly signIns = new SignInSessions();

  constructor(private readonly settings: EmulatorSettings = {}) {
    this.reset();
  }

  // --- Steering (mirrored by the HTTP control API) ---

  /** Back to the start settings: config, identities, SSO tokens, no failures, start delay, empty records. */
  reset(): void {
    const { delayMs, identities, ...config } = this.settings;
    this.config = { ...DEFAULT_CONFIG };
    this.configure(config);
    this.identitiesByKey.clear();
    for (const identity of [...FIXTURE_IDENTITIES, ...(identities ?? [])]) {
      this.addIdentity(identity);
    }
    this.failures = [];
    this.faults = [];
    this.delays.clear();
    this.delay({ operation: '*', ms: delayMs ?? 0 });
    this.issued = [];
    this.connectUserIds.clear();
    this.ssoTokens.reset();
    this.signIns.reset();
    this.clearRequests();
  }

  /** Queues an error answered to the next matching, correctly signed request(s). */
  fail(rule: FailureRule): void {
    const operation = checkOperation(rule.operation);
    if (typeof rule.error !== 'string' || !/^[A-Za-z]+$/.test(rule.error)) {
      throw new ControlError('error must be an exception name, e.g. "ThrottlingException"');
    }
    const status = rule.status ?? (isKnownErrorName(rule.error) ? ERROR_STATUS[rule.error] : undefined);
    if (status === undefined || !Number.isInteger(status) || status < 400 || status > 599) {
      throw new ControlError(`status must be an HTTP error status (required for ${rule.error})`);
    }
    const count = checkCount(rule.count);
    const message = rule.message ?? `${rule.error} injected by the Connect emulator`;
    if (typeof message !== 'string') {
      throw new ControlError('message must be a string');
    }
    this.failures.push({ operation, value: new ApiError(rule.error, message, status), remaining: count });
  }

  /** Queues a fault for the next successful answer(s) of an operation: how the body travels, or what it says. */
  fault(rule: FaultRule): void {
    this.faults.push({ operation: checkOperation(rule.operation), value: checkFault(rule.fault), remaining: checkCount(rule.count) });
  }

  /** Holds answers to an operation back by `ms` (after the signature check). */
  delay(rule: DelayRule): void {
    const operation = checkOperation(rule.operation);
    if (typeof rule.ms !== 'number' || !Number.isFinite(rule.ms) || rule.ms < 0) {
      throw new ControlError('ms must be a non-negative number');
    }
    if (rule.ms === 0) {
      this.delays.delete(operation);
    } else {
      this.delays.set(operation, rule.ms);
    }
  }

  configure(changes: Partial<EmulatorConfig>): EmulatorConfig {
    const next = { ...this.config };
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) {
        continue;
      }
      switch (key) {
        case 'tokenLifetimeSeconds':
        case 'refreshLifetimeSeconds':
          if (typeof value !== 'number' || !Number.isFinite(value)) {
            throw new ControlError(`${key} must be a number of seconds`);
          }
          next[key] = value;
          break;
        case 'clockOffsetMs':
          if (typeof value !== 'number' || !Number.isFinite(value)) {
            throw new ControlError('clockOffsetMs must be a number');
          }
          next.clockOffsetMs = value;
          break;
        case 'signInBaseUrl':
          if (typeof value !== 'string' || !URL.canParse(value.replace('{alias}', 'alias')) || !/^https?:\/\//.test(value)) {
            throw new ControlError('signInBaseUrl must be an http(s) URL');
          }
          next.signInBaseUrl = value.replace(/\/+$/, '');
          break;
        default:
          throw new ControlError(`unknown setting: ${key}`);
      }
    }
    this.config = next;
    return this.getConfig();
  }

  getConfig(): EmulatorConfig {
    return { ...this.config };
  }

  /** The emulator's clock: the real one plus clockOffsetMs. */
  now(): Date {
    return new Date(Date.now() + this.config.clockOffsetMs);
  }

  requests(): RecordedRequest[] {
    return structuredClone(this.log);
  }

  clearRequests(): void {
    this.log = [];
  }

  /** Resolves with the first recorded request (present or future) that satisfies `predicate`. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean): Promise<RecordedRequest> {
    return new Promise((resolve) => {
      const check = (): void => {
        const match = this.log.find(predicate);
        if (match) {
          this.changes.off('change', check);
          resolve(structuredClone(match));
        }
      };
      this.changes.on('change', check);
      check();
    });
  }

  /** Every GetFederationToken answer since the last reset (test use only: these are the secrets). */
  tokens(): IssuedToken[] {
    return structuredClone(this.issued);
  }

  /** Every browser sign-in through the sign-in page since the last reset: which user each cookie stands for. */
  signInSessions(): SignInSession[] {
    return this.signIns.sessions();
  }

  /** Every visit to the home page since the last reset, with the users its cookies signed in as. */
  homeVisits(): HomeVisit[] {
    return this.signIns.homeVisits();
  }

  /** Adds (or replaces, by access key id) an identity; STS and the SSO portal add the credentials they mint. */
  addIdentity(identity: Identity): void {
    const checked = checkIdentity(identity);
    this.identitiesByKey.set(checked.accessKeyId, checked);
  }

  identities(): Identity[] {
    return [...this.identitiesByKey.values()].map((identity) => ({ ...identity }));
  }

  // --- Service side ---

  findIdentity(accessKeyId: string): Identity | undefined {
    return this.identitiesByKey.get(accessKeyId);
  }

  delayFor(operation: OperationName): number {
    return this.delays.get(operation) ?? this.delays.get('*') ?? 0;
  }

  /** The next queued failure for `operation`, consuming one of its count. */
  takeFailure(operation: OperationName): ApiError | undefined {
    return take(this.failures, operation);
  }

  /** The next queued fault for `operation`'s successful answer, consuming one of its count. */
  takeFault(operation: OperationName): Fault | undefined {
    return take(this.faults, operation);
  }

  /** Stores `request`; the returned object is the live record, completed by `settle`. */
  record(request: Omit<RecordedRequest, 'aborted'>): RecordedRequest {
    const recorded = { ...request, aborted: false };
    this.log.push(recorded);
    this.changes.emit('change');
    return recorded;
  }

  settle(recorded: RecordedRequest, outcome: { status: number; error?: string } | 'aborted'): void {
    if (outcome === 'aborted') {
      recorded.aborted = true;
    } else {
      recorded.status = outcome.status;
      recorded.error = outcome.error;
    }
    this.changes.emit('change');
  }

  recordToken(token: IssuedToken): void {
    this.issued.push(token);
  }

  /** Marks the token whose sign-in link was opened; undefined when no such link was issued. */
  recordSignIn(signInToken: string): IssuedToken | undefined {
    const token = this.issued.find((issued) => issued.signInToken === signInToken);
    if (token) {
      token.signInVisitedAt = this.now().toISOString();
    }
    return token;
  }

  /** The Connect user mapped to `principalArn` in an instance: stable until reset. */
  connectUserId(principalArn: string, instanceId: string): string {
    const key = `${principalArn} ${instanceId}`;
    let userId = this.connectUserIds.get(key);
    if (!userId) {
      userId = randomUUID();
      this.connectUserIds.set(key, userId);
    }
    return userId;
  }
}

/** The subset of EmulatorControl that tests and scripts steer the emulator with. */
export type EmulatorSteering = Pick<
  EmulatorControl,
  | 'reset'
  | 'fail'
  | 'fault'
  | 'delay'
  | 'configure'
  | 'getConfig'
  | 'now'
  | 'requests'
  | 'clearRequests'
  | 'waitForRequest'
  | 'tokens'
  | 'signInSessions'
  | 'homeVisits'
  | 'addIdentity'
  | 'identities'
>;

function take<T>(queue: Queued<T>[], operation: OperationName): T | undefined {
  const index = queue.findIndex((queued) => queued.operation === '*' || queued.operation === operation);
  const queued = queue[index];
  if (!queued) {
    return undefined;
  }
  if (queued.remaining > 0 && --queued.remaining === 0) {
    queue.splice(index, 1);
  }
  return queued.value;
}

function checkCount(count: unknown = 1): number {
  if (count !== -1 && !(Number.isInteger(count) && (count as number) >= 1)) {
    throw new ControlError('count must be a positive integer, or -1 for "until reset"');
  }
  return count as number;
}

function checkFault(input: unknown): Fault {
  const fault = (input ?? {}) as Record<string, unknown>;
  const positive = (key: string, optional = false): void => {
    const value = fault[key];
    if (!(optional && value === undefined) && !(typeof value === 'number' && Number.isInteger(value) && value >= 0)) {
      throw new ControlError(`fault.${key} must be a non-negative integer`);
    }
  };
  switch (fault.kind) {
    case 'drip':
      positive('intervalMs');
      break;
    case 'reset':
      positive('afterBytes', true);
      break;
    case 'oversize':
      positive('bytes');
      break;
    case 'patch':
      if (typeof fault.body !== 'object' || fault.body === null || Array.isArray(fault.body)) {
        throw new ControlError('fault.body must be a JSON object');
      }
      break;
    case 'repeatNextToken':
    case 'endlessNextToken':
      break;
    default:
      throw new ControlError(`fault.kind must be one of ${FAULT_KINDS.join(', ')}`);
  }
  return fault as unknown as Fault;
}

function checkOperation(operation: unknown): OperationSelector {
  if (operation === '*' || OPERATION_NAMES.includes(operation as OperationName)) {
    return operation as OperationSelector;
  }
  throw new ControlError(`operation must be one of ${[...OPERATION_NAMES, '*'].join(', ')}`);
}

/** Validates an identity; also accepts `expiresAt` as an ISO string (JSON input). */
function checkIdentity(input: unknown): Identity {
  const value = (input ?? {}) as Record<string, unknown>;
  const text = (key: string): string => {
    if (typeof value[key] !== 'string' || value[key] === '') {
      throw new ControlError(`identity.${key} must be a non-empty string`);
    }
    return value[key] as string;
  };
  const flag = (key: string): boolean => {
    if (typeof value[key] !== 'boolean') {
      throw new ControlError(`identity.${key} must be true or false`);
    }
    return value[key] as boolean;
  };
  const accessKeyId = text('accessKeyId');
  if (!/^(AKIA|ASIA)[A-Z0-9]{16}$/.test(accessKeyId)) {
    throw new ControlError('identity.accessKeyId must be AKIA… or ASIA… followed by 16 upper-case letters or digits');
  }
  const temporary = accessKeyId.startsWith('ASIA');
  const sessionToken = value.sessionToken === undefined ? undefined : text('sessionToken');
  if (temporary !== (sessionToken !== undefined)) {
    throw new ControlError('identity.sessionToken is required for ASIA… keys and only for them');
  }
  const secretAccessKey = text('secretAccessKey');
  if (secretAccessKey.length !== 40) {
    throw new ControlError('identity.secretAccessKey must be 40 characters long');
  }
  const expiresAt = value.expiresAt === undefined ? undefined : new Date(value.expiresAt as string | Date);
  if (expiresAt && Number.isNaN(expiresAt.getTime())) {
    throw new ControlError('identity.expiresAt must be a date');
  }
  const description = value.description === undefined ? undefined : text('description');
  return {
    name: text('name'),
    accessKeyId,
    secretAccessKey,
    principalArn: text('principalArn'),
    allowed: flag('allowed'),
    hasConnectUser: flag('hasConnectUser'),
    ...(sessionToken !== undefined && { sessionToken }),
    ...(expiresAt && { expiresAt }),
    ...(description !== undefined && { description }),
  };
}

export const CONTROL_PREFIX = '/__emulator/';

export interface ControlResponse {
  status: number;
  body: unknown;
}

/** The HTTP control API: `<METHOD> /__emulator/<name>` with JSON bodies; never authenticated. */
export function handleControlRequest(
  control: EmulatorSteering,
  method: string,
  rawPath: string,
  body: string,
): ControlResponse {
  const route = `${method} ${rawPath.slice(CONTROL_PREFIX.length)}`;
  try {
    switch (route) {
      case 'POST reset':
        control.reset();
        return { status: 200, body: {} };
      case 'POST fail':
        control.fail(parseJsonObject(body) as unknown as FailureRule);
        return { status: 200, body: {} };
      case 'POST fault':
        control.fault(parseJsonObject(body) as unknown as FaultRule);
        return { status: 200, body: {} };
      case 'POST delay':
        control.delay(parseJsonObject(body) as unknown as DelayRule);
        return { status: 200, body: {} };
      case 'GET config':
        return { status: 200, body: control.getConfig() };
      case 'POST config':
        return { status: 200, body: control.configure(parseJsonObject(body) as Partial<EmulatorConfig>) };
      case 'GET requests':
        return { status: 200, body: control.requests() };
      case 'DELETE requests':
        control.clearRequests();
        return { status: 200, body: {} };
      case 'GET tokens':
        return { status: 200, body: control.tokens() };
      case 'GET signins':
        return { status: 200, body: { sessions: control.signInSessions(), homeVisits: control.homeVisits() } };
      case 'GET identities':
        return { status: 200, body: control.identities() };
      case 'POST identities':
        control.addIdentity(parseJsonObject(body) as unknown as Identity);
        return { status: 200, body: {} };
      default:
        return { status: 404, body: { message: `No control route ${method} ${rawPath}` } };
    }
  } catch (error) {
    if (error instanceof ControlError) {
      return { status: 400, body: { message: error.message } };
    }
    throw error;
  }
}

function parseJsonObject(body: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body === '' ? '{}' : body);
  } catch {
    throw new ControlError('body must be JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ControlError('body must be a JSON object');
  }
  return value as Record<string, unknown>;
}
