/**
 * The two Amazon Connect operations (rest-json, connect-2017-08-08): routing, SigV4 and IAM-like
 * authorization, and the answers. Timestamps are epoch seconds, as the model's protocol says.
 */
import type { EmulatorControl, IssuedToken, OperationName } from './control';
import { apiError } from './errors';
import { ACCOUNT_ID, CONNECT_REGIONS, FIXTURE_INSTANCES, connectUserName, instanceArn, partitionOf, type Identity, type Instance } from './fixtures';
import { jsonAnswer, randomToken, signedCaller, type Caller, type EmulatedService, type Route } from './service';
import { SIGN_IN_PATH } from './signInPage';
import type { SigningScope } from './sigv4';
import { decodeComponent, type QueryParams } from './url';

const CONNECT_SIGNING: SigningScope = { service: 'connect', isValidRegion: (region) => CONNECT_REGIONS.includes(region) };

export const CONNECT_SERVICE: EmulatedService = {
  name: 'connect',
  route: (request) => matchRoute(request.method, request.rawPath),
  async handle(context, request, route) {
    // Like AWS's front end: authentication first, so unsigned probes learn nothing about routes.
    const caller = await signedCaller(context, request, CONNECT_SIGNING);
    if (!route) {
      throw apiError('UnknownOperationException', `No operation matches ${request.method} ${request.rawPath}`);
    }
    await context.steer(route.operation);
    return jsonAnswer(200, callOperation(context.control, caller, route, request.query));
  },
  errorAnswer: (error) => jsonAnswer(error.status, { Message: error.message }, { 'x-amzn-ErrorType': error.errorName }),
};

function matchRoute(method: string, rawPath: string): Route | undefined {
  if (method !== 'GET') {
    return undefined;
  }
  if (rawPath === '/instance') {
    return { operation: 'ListInstances' };
  }
  const label = /^\/user\/federate\/([^/]+)$/.exec(rawPath)?.[1];
  return label === undefined ? undefined : { operation: 'GetFederationToken', instanceId: decodeComponent(label) };
}

/** The JSON body of a successful answer; `route` is one that matchRoute returned. */
function callOperation(control: EmulatorControl, caller: Caller, route: Route, query: QueryParams): unknown {
  return route.operation === 'GetFederationToken'
    ? getFederationToken(control, caller, route.instanceId ?? '')
    : listInstances(caller, query);
}

function getFederationToken(control: EmulatorControl, { identity, region }: Caller, requested: string): unknown {
  // The real service also takes the instance ARN here, although the model only promises an ID.
  const isArn = requested.startsWith('arn:');
  authorize(identity, 'GetFederationToken', isArn ? requested : instanceArn(region, requested));
  if (identity.principalArn.endsWith(':root')) {
    throw apiError(
      'InvalidRequestException',
      `Provided identity: Principal: ${identity.principalArn} User: ${identity.principalArn} cannot be used for federation with Amazon Connect`,
    );
  }
  const instance = FIXTURE_INSTANCES.find(
    (candidate) =>
      candidate.region === region &&
      (isArn ? instanceArn(candidate.region, candidate.id) === requested : candidate.id === requested),
  );
  if (!instance) {
    throw apiError('ResourceNotFoundException', `Instance not found: ${requested}`);
  }
  // An instance that is still being created has no users and no sign-in page yet.
  if (instance.status !== 'ACTIVE') {
    throw apiError('ResourceNotFoundException', `Instance ${requested} is not active: ${instance.status}`);
  }
  if (!identity.hasConnectUser) {
    throw apiError('UserNotFoundException', 'No user with the specified credentials was found in the Amazon Connect instance.');
  }
  const token = issueToken(control, identity, instance);
  return {
    Credentials: {
      AccessToken: token.accessToken,
      AccessTokenExpiration: epochSeconds(new Date(token.accessTokenExpiration)),
      RefreshToken: token.refreshToken,
      RefreshTokenExpiration: epochSeconds(new Date(token.refreshTokenExpiration)),
    },
    SignInUrl: token.signInUrl,
    UserArn: token.userArn,
    UserId: token.userId,
  };
}

function issueToken(control: EmulatorControl, identity: Identity, instance: Instance): IssuedToken {
  const config = control.getConfig();
  const now = control.now();
  const arn = instanceArn(instance.region, instance.id);
  const userId = control.connectUserId(identity.principalArn, instance.id);
  const signInToken = randomToken('EMUSI-');
  const token: IssuedToken = {
    issuedAt: now.toISOString(),
    instanceId: instance.id,
    instanceAlias: instance.alias,
    instanceArn: arn,
    region: instance.region,
    accessKeyId: identity.accessKeyId,
    principalArn: identity.principalArn,
    userName: connectUserName(identity.principalArn),
    userId,
    userArn: `${arn}/agent/${userId}`,
    accessToken: randomToken('EMUAT-'),
    refreshToken: randomToken('EMURT-'),
    signInToken,
    signInUrl: `${config.signInBaseUrl.replace('{alias}', instance.alias)}${SIGN_IN_PATH}?token=${signInToken}`,
    accessTokenExpiration: new Date(now.getTime() + config.tokenLifetimeSeconds * 1000).toISOString(),
    refreshTokenExpiration: new Date(now.getTime() + config.refreshLifetimeSeconds * 1000).toISOString(),
  };
  control.recordToken(token);
  return token;
}

const DEFAULT_MAX_RESULTS = 10;

function listInstances({ identity, region }: Caller, query: QueryParams): unknown {
  authorize(identity, 'ListInstances', instanceArn(region, '*'));
  const instances = FIXTURE_INSTANCES.filter((instance) => instance.region === region);
  const maxResults = parseMaxResults(singleValue(query, 'maxResults'));
  const start = parseNextToken(singleValue(query, 'nextToken'), region, instances.length);
  const end = start + maxResults;
  return {
    InstanceSummaryList: instances.slice(start, end).map(instanceSummary),
    NextToken: end < instances.length ? encodeNextToken(region, end) : undefined,
  };
}

function instanceSummary(instance: Instance): unknown {
  const partition = partitionOf(instance.region);
  return {
    Id: instance.id,
    Arn: instanceArn(instance.region, instance.id),
    IdentityManagementType: instance.identityManagementType,
    InstanceAlias: instance.alias,
    CreatedTime: epochSeconds(instance.createdTime),
    ServiceRole: `arn:${partition}:iam::${ACCOUNT_ID}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_${instance.id.slice(0, 8).toUpperCase()}`,
    InstanceStatus: instance.status,
    InboundCallsEnabled: instance.inboundCallsEnabled,
    OutboundCallsEnabled: instance.outboundCallsEnabled,
    InstanceAccessUrl: `https://${instance.alias}.my.connect.aws`,
  };
}

function authorize(identity: Identity, operation: OperationName, resource: string): void {
  if (!identity.allowed) {
    throw apiError(
      'AccessDeniedException',
      `User: ${identity.principalArn} is not authorized to perform: connect:${operation} on resource: ${resource}`,
    );
  }
}

function singleValue(query: QueryParams, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) {
    throw apiError('InvalidRequestException', `Query parameter ${name} must be given once.`);
  }
  return value;
}

function parseMaxResults(value: string | undefined): number {
  if (value === undefined) {
    return DEFAULT_MAX_RESULTS;
  }
  const maxResults = /^\d+$/.test(value) ? Number(value) : NaN;
  if (maxResults >= 1 && maxResults <= 10) {
    return maxResults;
  }
  const constraint = maxResults > 10 ? 'less than or equal to 10' : 'greater than or equal to 1';
  throw apiError(
    'InvalidRequestException',
    `1 validation error detected: Value '${value}' at 'maxResults' failed to satisfy constraint: Member must have value ${constraint}`,
  );
}

/** NextToken is opaque to clients: base64url of the region and the next offset. */
function encodeNextToken(region: string, offset: number): string {
  return Buffer.from(JSON.stringify({ region, offset })).toString('base64url');
}

function parseNextToken(value: string | undefined, region: string, total: number): number {
  if (value === undefined) {
    return 0;
  }
  let decoded: { region?: unknown; offset?: unknown } | undefined;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as typeof decoded;
  } catch {
    decoded = undefined;
  }
  const offset = decoded?.offset;
  if (decoded?.region !== region || typeof offset !== 'number' || !Number.isInteger(offset) || offset <= 0 || offset >= total) {
    throw apiError('InvalidRequestException', 'Invalid NextToken provided.');
  }
  return offset;
}

/** rest-json timestamps: epoch seconds, fractional to the millisecond. */
function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}
