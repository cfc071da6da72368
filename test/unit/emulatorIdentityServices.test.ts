/**
 * The emulator's STS, IAM Identity Center portal and OIDC services on the wire: the exact answer
 * shapes, the protocol errors and the steering, with requests made by hand (credentials.test.ts
 * drives the same services through the SDK's credential providers).
 */
import * as assert from 'node:assert/strict';
import { ConnectClient, GetFederationTokenCommand } from '@aws-sdk/client-connect';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  ACCOUNT_ID,
  CONNECT_ADMIN_ROLE,
  CONNECT_AGENT_ROLE,
  CONNECT_USER_NAMES,
  DEMO_IDENTITY,
  DEMO_INSTANCE_ID,
  DEMO_REGION,
  DENIED_IDENTITY,
  MFA_CODE,
  MFA_SERIAL,
  NO_CONNECT_ROLE,
  NOUSER_IDENTITY,
  ROOT_IDENTITY,
  SSO_ACCESS_TOKEN,
  SSO_ACCOUNT_ID,
  SSO_CLIENT_ID,
  SSO_CLIENT_SECRET,
  SSO_REFRESH_TOKEN,
  SSO_ROLE_NAME,
  UNMAPPED_SESSION_NAME,
  WEB_IDENTITY_TOKEN,
  type Identity,
} from '../emulator/fixtures';
import { startEmulator, type Emulator } from '../emulator/server';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const HOUR = 3600_000;

describe('Emulator identity services (STS, IAM Identity Center)', () => {
  let emulator: Emulator;

  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.close());
  beforeEach(() => emulator.reset());

  /** POST / with a form body, signed like the SDK's STS client (unless `unsigned`). */
  async function sts(
    form: Record<string, string>,
    { signedBy = DEMO_IDENTITY as Identity, unsigned = false, service = 'sts', signal = undefined as AbortSignal | undefined } = {},
  ): Promise<{ status: number; headers: Headers; xml: string }> {
    const url = new URL(emulator.url);
    const body = new URLSearchParams({ Version: '2011-06-15', ...form }).toString();
    let request = new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    if (!unsigned) {
      const signer = new SignatureV4({ service, region: DEMO_REGION, credentials: signedBy, sha256: Sha256 });
      request = (await signer.sign(request)) as HttpRequest;
    }
    const { host: _host, ...headers } = request.headers;
    const response = await fetch(emulator.url, { method: 'POST', headers, body, signal });
    return { status: response.status, headers: response.headers, xml: await response.text() };
  }

  /** GetFederationToken of the demo instance with an identity's credentials, through the SDK. */
  function federateAs(identity: Identity) {
    const connect = new ConnectClient({ region: DEMO_REGION, endpoint: emulator.url, credentials: identity, maxAttempts: 1 });
    return connect.send(new GetFederationTokenCommand({ InstanceId: DEMO_INSTANCE_ID }));
  }

  function assumeRole(extra: Record<string, string> = {}, options?: Parameters<typeof sts>[1]) {
    return sts({ Action: 'AssumeRole', RoleArn: CONNECT_ADMIN_ROLE.arn, RoleSessionName: 'wire', ...extra }, options);
  }

  function stsError(code: string, message: string): RegExp {
    const escaped = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(
      `^<ErrorResponse xmlns="https://sts\\.amazonaws\\.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code>` +
        `<Message>${escaped}</Message></Error><RequestId>${UUID}</RequestId></ErrorResponse>$`,
    );
  }

  async function expectStsError(answer: Promise<{ status: number; xml: string }>, status: number, code: string, message: string) {
    const { status: actual, xml } = await answer;
    assert.equal(actual, status);
    assert.match(xml, stsError(code, message));
  }

  describe('STS AssumeRole', () => {
    it("answers in STS's XML, with the request ID also in x-amzn-RequestId", async () => {
      const { status, headers, xml } = await assumeRole({ DurationSeconds: '900' });
      assert.equal(status, 200);
      assert.equal(headers.get('content-type'), 'text/xml');
      const match = new RegExp(
        '^<AssumeRoleResponse xmlns="https://sts\\.amazonaws\\.com/doc/2011-06-15/"><AssumeRoleResult>' +
          '<Credentials><AccessKeyId>(ASIA[A-Z2-7]{16})</AccessKeyId><SecretAccessKey>[A-Za-z0-9+/]{40}</SecretAccessKey>' +
          '<SessionToken>[A-Za-z0-9+/]{360}</SessionToken><Expiration>(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ)</Expiration></Credentials>' +
          '<AssumedRoleUser><AssumedRoleId>AROAEMULATORADMIN0001:wire</AssumedRoleId>' +
          '<Arn>arn:aws:sts::123456789012:assumed-role/ConnectAdmin/wire</Arn></AssumedRoleUser></AssumeRoleResult>' +
          `<ResponseMetadata><RequestId>(${UUID})</RequestId></ResponseMetadata></AssumeRoleResponse>$`,
      ).exec(xml);
      assert.ok(match, xml);
      const [, accessKeyId, expiration, requestId] = match;
      assert.equal(headers.get('x-amzn-requestid'), requestId);
      const identity = emulator.identities().find((candidate) => candidate.accessKeyId === accessKeyId);
      assert.equal(identity?.principalArn, 'arn:aws:sts::123456789012:assumed-role/ConnectAdmin/wire');
      assert.equal(identity?.expiresAt?.toISOString(), new Date(expiration ?? '').toISOString());
      assert.ok(Math.abs(Date.parse(expiration ?? '') - (Date.now() + 900_000)) < 2000);
      assert.deepEqual(
        emulator.requests().map((request) => [request.service, request.operation, request.accessKeyId, request.form?.RoleArn]),
        [['sts', 'AssumeRole', DEMO_IDENTITY.accessKeyId, CONNECT_ADMIN_ROLE.arn]],
      );
    });

    it('mints credentials that Connect accepts until they expire on the emulator clock', async () => {
      const { xml } = await assumeRole({ RoleArn: NO_CONNECT_ROLE.arn, DurationSeconds: '900' });
      const identity = emulator.identities().find((candidate) => candidate.name === 'NoConnect/wire');
      assert.ok(identity && xml.includes(identity.accessKeyId));
      const federate = () => federateAs(identity);
      await assert.rejects(federate(), { name: 'UserNotFoundException' }, "the role's Connect mapping applies");
      emulator.configure({ clockOffsetMs: 901_000 });
      await assert.rejects(federate(), { name: 'ExpiredTokenException' });
    });

    it('refuses callers the trust policy does not name, and wrong or missing MFA', async () => {
      const denied = `User: ${DENIED_IDENTITY.principalArn} is not authorized to perform: sts:AssumeRole on resource: ${CONNECT_ADMIN_ROLE.arn}`;
      await expectStsError(assumeRole({}, { signedBy: DENIED_IDENTITY }), 403, 'AccessDenied', denied);
      const mfaRole = 'arn:aws:iam::123456789012:role/ConnectAdminMfa';
      const noMfa = `User: ${DEMO_IDENTITY.principalArn} is not authorized to perform: sts:AssumeRole on resource: ${mfaRole}`;
      await expectStsError(assumeRole({ RoleArn: mfaRole }), 403, 'AccessDenied', noMfa);
      const invalidCode = 'MultiFactorAuthentication failed with invalid MFA one time pass code.';
      await expectStsError(assumeRole({ RoleArn: mfaRole, SerialNumber: MFA_SERIAL, TokenCode: '000000' }), 403, 'AccessDenied', invalidCode);
      const otherDevice = { RoleArn: mfaRole, SerialNumber: 'arn:aws:iam::123456789012:mfa/other', TokenCode: MFA_CODE };
      await expectStsError(assumeRole(otherDevice), 403, 'AccessDenied', invalidCode);
      assert.equal((await assumeRole({ RoleArn: mfaRole, SerialNumber: MFA_SERIAL, TokenCode: MFA_CODE })).status, 200);
    });

    it('validates parameters with STS wording', async () => {
      await expectStsError(
        assumeRole({ RoleSessionName: 'x' }),
        400,
        'ValidationError',
        "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
      );
      await expectStsError(
        sts({ Action: 'AssumeRole', RoleArn: CONNECT_ADMIN_ROLE.arn }),
        400,
        'ValidationError',
        "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null",
      );
      await expectStsError(
        assumeRole({ DurationSeconds: '7200' }),
        400,
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
      await expectStsError(sts({ Action: 'GetSessionToken' }), 400, 'InvalidAction', 'Could not find operation GetSessionToken for version 2011-06-15');
    });

    it("answers authentication failures with the query protocol's codes", async () => {
      await expectStsError(assumeRole({}, { unsigned: true }), 403, 'MissingAuthenticationToken', 'Missing Authentication Token');
      await expectStsError(
        assumeRole({}, { service: 'connect' }),
        403,
        'SignatureDoesNotMatch',
        "Credential should be scoped to correct service: 'sts'.",
      );
      await expectStsError(
        assumeRole({}, { signedBy: { ...DEMO_IDENTITY, accessKeyId: 'AKIAUNKNOWNEXAMPLE00' } }),
        403,
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      );
      await expectStsError(
        assumeRole({}, { signedBy: { ...DEMO_IDENTITY, secretAccessKey: 'x'.repeat(40) } }),
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. ' +
          'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      );
      assert.ok(!emulator.identities().some((identity) => identity.name === 'ConnectAdmin/wire'), 'no credentials minted');
    });

    it('is steered by operation name: injected errors in XML, delays, and `*`', async () => {
      emulator.fail({ operation: 'AssumeRole', error: 'RegionDisabledException', status: 403, message: 'STS is not activated' });
      await expectStsError(assumeRole(), 403, 'RegionDisabledException', 'STS is not activated');
      assert.equal((await assumeRole()).status, 200);

      emulator.delay({ operation: 'AssumeRole', ms: 10 * 60_000 });
      const abort = new AbortController();
      const pending = assumeRole({}, { signal: abort.signal });
      await emulator.waitForRequest((request) => request.operation === 'AssumeRole' && request.status === undefined);
      const webIdentity = { Action: 'AssumeRoleWithWebIdentity', RoleArn: CONNECT_ADMIN_ROLE.arn, RoleSessionName: 'pod', WebIdentityToken: WEB_IDENTITY_TOKEN };
      assert.equal((await sts(webIdentity, { unsigned: true })).status, 200, 'other operations are not delayed');
      abort.abort();
      await assert.rejects(pending, { name: 'AbortError' });
      assert.equal((await emulator.waitForRequest((request) => request.aborted)).operation, 'AssumeRole');

      emulator.fail({ operation: '*', error: 'AccessDenied', message: 'everything fails' });
      await expectStsError(sts(webIdentity, { unsigned: true }), 403, 'AccessDenied', 'everything fails');
    });
  });

  /** A role session's credentials, as the emulator minted them for AssumeRole. */
  async function roleSession(role = CONNECT_AGENT_ROLE, sessionName = 'alice'): Promise<Identity> {
    assert.equal((await assumeRole({ RoleArn: role.arn, RoleSessionName: sessionName, DurationSeconds: '900' })).status, 200);
    const identity = emulator.identities().find((candidate) => candidate.name === `${role.name}/${sessionName}`);
    assert.ok(identity, `no credentials minted for ${role.name}/${sessionName}`);
    return identity;
  }

  describe('STS GetCallerIdentity', () => {
    async function callerIdentity(signedBy: Identity): Promise<{ arn: string; userId: string; account: string }> {
      const { status, xml } = await sts({ Action: 'GetCallerIdentity' }, { signedBy });
      assert.equal(status, 200, xml);
      const match = new RegExp(
        '^<GetCallerIdentityResponse xmlns="https://sts\\.amazonaws\\.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
          '<Arn>([^<]+)</Arn><UserId>([^<]+)</UserId><Account>(\\d{12})</Account></GetCallerIdentityResult>' +
          `<ResponseMetadata><RequestId>${UUID}</RequestId></ResponseMetadata></GetCallerIdentityResponse>$`,
      ).exec(xml);
      assert.ok(match, xml);
      return { arn: match[1], userId: match[2], account: match[3] };
    }

    it("names an IAM user by its ARN and a stable AIDA… ID, whatever its permissions", async () => {
      const demo = await callerIdentity(DEMO_IDENTITY);
      assert.deepEqual({ arn: demo.arn, account: demo.account }, { arn: DEMO_IDENTITY.principalArn, account: ACCOUNT_ID });
      assert.match(demo.userId, /^AIDA[A-Z2-7]{17}$/);
      assert.equal((await callerIdentity(DEMO_IDENTITY)).userId, demo.userId, 'the same ID every time');
      const denied = await callerIdentity(DENIED_IDENTITY);
      assert.equal(denied.arn, DENIED_IDENTITY.principalArn, 'GetCallerIdentity needs no permission');
      assert.notEqual(denied.userId, demo.userId);
      assert.equal((await callerIdentity(ROOT_IDENTITY)).userId, ACCOUNT_ID, "the root's UserId is the account ID");
    });

    it('names a role session by its assumed-role ARN and AssumedRoleId, signed with the session token', async () => {
      const alice = await roleSession();
      assert.deepEqual(await callerIdentity(alice), {
        arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/ConnectAgent/alice`,
        userId: 'AROAEMULATORAGENT0001:alice',
        account: ACCOUNT_ID,
      });
      await expectStsError(
        sts({ Action: 'GetCallerIdentity' }, { signedBy: { ...alice, sessionToken: undefined } }),
        403,
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      );
      emulator.configure({ clockOffsetMs: 901_000 });
      await expectStsError(sts({ Action: 'GetCallerIdentity' }, { signedBy: alice }), 403, 'ExpiredToken', 'The security token included in the request is expired');
    });

    it('is signed and steerable like the other operations', async () => {
      await expectStsError(sts({ Action: 'GetCallerIdentity' }, { unsigned: true }), 403, 'MissingAuthenticationToken', 'Missing Authentication Token');
      emulator.fail({ operation: 'GetCallerIdentity', error: 'AccessDenied', message: 'explicit deny' });
      await expectStsError(sts({ Action: 'GetCallerIdentity' }), 403, 'AccessDenied', 'explicit deny');
      assert.equal((await sts({ Action: 'GetCallerIdentity' })).status, 200);
      assert.deepEqual(
        emulator.requests().map((request) => [request.operation, request.status]),
        [['GetCallerIdentity', 403], ['GetCallerIdentity', 403], ['GetCallerIdentity', 200]],
      );
    });
  });

  describe('Connect users by role session name', () => {
    it('federates each session of ConnectAgent as the Connect user its role session name names', async () => {
      const [alice, bob] = await Promise.all(CONNECT_USER_NAMES.map((name) => roleSession(CONNECT_AGENT_ROLE, name).then(federateAs)));
      assert.notEqual(alice.UserId, bob.UserId);
      assert.notEqual(alice.UserArn, bob.UserArn);
      assert.deepEqual(
        emulator.tokens().map((token) => [token.userName, token.userId]).sort(),
        [['alice', alice.UserId], ['bob', bob.UserId]],
      );
      const again = await federateAs(await roleSession(CONNECT_AGENT_ROLE, 'alice'));
      assert.equal(again.UserId, alice.UserId, 'a new session of the same name is the same Connect user');
    });

    it(`answers UserNotFoundException to a session named after no Connect user (${UNMAPPED_SESSION_NAME})`, async () => {
      await assert.rejects(federateAs(await roleSession(CONNECT_AGENT_ROLE, UNMAPPED_SESSION_NAME)), { name: 'UserNotFoundException' });
      await assert.rejects(federateAs(NOUSER_IDENTITY), { name: 'UserNotFoundException' });
      const admin = await federateAs(await roleSession(CONNECT_ADMIN_ROLE, UNMAPPED_SESSION_NAME));
      assert.ok(admin.UserId, "ConnectAdmin's sessions all have a Connect user, whatever their name");
      assert.deepEqual(emulator.tokens().map((token) => token.userName), [UNMAPPED_SESSION_NAME]);
    });
  });

  describe('STS AssumeRoleWithWebIdentity', () => {
    const webIdentity = (token: string, roleArn = CONNECT_ADMIN_ROLE.arn) =>
      sts({ Action: 'AssumeRoleWithWebIdentity', RoleArn: roleArn, RoleSessionName: 'pod', WebIdentityToken: token }, { unsigned: true });

    it('takes the fixture token unsigned and answers with the provider and subject', async () => {
      const { status, xml } = await webIdentity(WEB_IDENTITY_TOKEN);
      assert.equal(status, 200);
      assert.match(
        xml,
        /^<AssumeRoleWithWebIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><AssumeRoleWithWebIdentityResult><SubjectFromWebIdentityToken>system:serviceaccount:connect:federation<\/SubjectFromWebIdentityToken><Audience>sts\.amazonaws\.com<\/Audience><Provider>oidc\.emulator\.example<\/Provider><Credentials><AccessKeyId>ASIA/,
      );
      assert.match(xml, /<Arn>arn:aws:sts::123456789012:assumed-role\/ConnectAdmin\/pod<\/Arn>/);
    });

    it('refuses other tokens, and roles that do not trust the provider', async () => {
      await expectStsError(
        webIdentity('forged'),
        400,
        'InvalidIdentityToken',
        'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.',
      );
      await expectStsError(webIdentity(WEB_IDENTITY_TOKEN, NO_CONNECT_ROLE.arn), 403, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
    });
  });

  describe('IAM Identity Center', () => {
    function roleCredentials(token: string | undefined, roleName = SSO_ROLE_NAME): Promise<Response> {
      return fetch(`${emulator.url}/federation/credentials?role_name=${roleName}&account_id=${SSO_ACCOUNT_ID}`, {
        headers: token === undefined ? {} : { 'x-amz-sso_bearer_token': token },
      });
    }

    function createToken(input: Record<string, string>): Promise<Response> {
      return fetch(`${emulator.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: SSO_CLIENT_ID, clientSecret: SSO_CLIENT_SECRET, grantType: 'refresh_token', ...input }),
      });
    }

    async function expectJsonError(response: Response, status: number, type: string, body: unknown) {
      assert.equal(response.status, status);
      assert.equal(response.headers.get('x-amzn-errortype'), type);
      assert.deepEqual(await response.json(), body);
    }

    it('GetRoleCredentials: role credentials for the fixture token, expiration in epoch milliseconds', async () => {
      const response = await roleCredentials(SSO_ACCESS_TOKEN);
      assert.equal(response.status, 200);
      const { roleCredentials: credentials } = (await response.json()) as {
        roleCredentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: number };
      };
      assert.match(credentials.accessKeyId, /^ASIA/);
      assert.ok(Number.isInteger(credentials.expiration) && Math.abs(credentials.expiration - (Date.now() + HOUR)) < 2000);
      assert.equal(emulator.requests()[0]?.operation, 'GetRoleCredentials');
    });

    it('GetRoleCredentials: 401 for a missing or unknown token, 403 for a role not assigned', async () => {
      const unauthorized = { message: 'Session token not found or invalid' };
      await expectJsonError(await roleCredentials(undefined), 401, 'UnauthorizedException', unauthorized);
      await expectJsonError(await roleCredentials('unknown'), 401, 'UnauthorizedException', unauthorized);
      await expectJsonError(await roleCredentials(SSO_ACCESS_TOKEN, 'Billing'), 403, 'ForbiddenException', { message: 'No access' });
    });

    it('CreateToken: a refresh token buys an 8-hour access token that the portal accepts until it expires', async () => {
      const response = await createToken({ refreshToken: SSO_REFRESH_TOKEN });
      assert.equal(response.status, 200);
      const issued = (await response.json()) as { accessToken: string; refreshToken: string; tokenType: string; expiresIn: number };
      assert.equal(issued.tokenType, 'Bearer');
      assert.equal(issued.expiresIn, 28_800);
      assert.equal((await roleCredentials(issued.accessToken)).status, 200);
      assert.equal((await createToken({ refreshToken: issued.refreshToken })).status, 200);
      emulator.configure({ clockOffsetMs: 8 * HOUR });
      assert.equal((await roleCredentials(issued.accessToken)).status, 401);
      assert.equal((await roleCredentials(SSO_ACCESS_TOKEN)).status, 200, 'the fixture token does not expire');
    });

    it('CreateToken: OAuth errors for an unknown refresh token, client or grant type', async () => {
      await expectJsonError(await createToken({ refreshToken: 'unknown' }), 400, 'InvalidGrantException', {
        error: 'invalid_grant',
        error_description: 'Invalid refresh token provided',
      });
      await expectJsonError(await createToken({ refreshToken: SSO_REFRESH_TOKEN, clientSecret: 'wrong' }), 401, 'InvalidClientException', {
        error: 'invalid_client',
        error_description: 'Invalid client provided',
      });
      await expectJsonError(await createToken({ grantType: 'password' }), 400, 'UnsupportedGrantTypeException', {
        error: 'unsupported_grant_type',
        error_description: 'The emulator only grants refresh_token, not password',
      });
    });
  });
});
