import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import * as path from 'node:path';
import {
  ConnectClient,
  GetFederationTokenCommand,
  ListInstancesCommand,
  paginateListInstances,
  type ConnectClientConfig,
} from '@aws-sdk/client-connect';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { SignatureV4 } from '@smithy/signature-v4';
import type { KnownErrorName } from '../emulator/errors';
import {
  CREATING_INSTANCE,
  DEMO_IDENTITY,
  DEMO_INSTANCE_ARN,
  DEMO_INSTANCE_ID,
  DEMO_REGION,
  DENIED_IDENTITY,
  GOV_INSTANCE,
  LONDON_INSTANCE,
  NOUSER_IDENTITY,
  ROOT_IDENTITY,
  SYDNEY_INSTANCES,
  TEST_INSTANCE,
  type Identity,
} from '../emulator/fixtures';
import { startEmulator, type Emulator } from '../emulator/server';
import { TEST_CA_PATH } from '../emulator/tls';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const MINUTE = 60_000;

interface ServiceError {
  name: string;
  message: string;
  $metadata: { httpStatusCode?: number; attempts?: number };
}

describe('Connect emulator', () => {
  let emulator: Emulator;

  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.close());
  beforeEach(() => emulator.reset());

  /** A real SDK client; retries back off 10 ms so that retry tests stay fast. */
  function client(identity: Identity = DEMO_IDENTITY, region = DEMO_REGION, config: ConnectClientConfig = {}): ConnectClient {
    return new ConnectClient({
      region,
      endpoint: emulator.url,
      credentials: {
        accessKeyId: identity.accessKeyId,
        secretAccessKey: identity.secretAccessKey,
        sessionToken: identity.sessionToken,
      },
      retryStrategy: new ConfiguredRetryStrategy(3, 10),
      ...config,
    });
  }

  const singleAttempt: ConnectClientConfig = { retryStrategy: new ConfiguredRetryStrategy(1) };

  function federate(instanceId = DEMO_INSTANCE_ID, connect = client()) {
    return connect.send(new GetFederationTokenCommand({ InstanceId: instanceId }));
  }

  async function expectServiceError(
    promise: Promise<unknown>,
    name: string,
    status: number,
    message?: string | RegExp,
  ): Promise<ServiceError> {
    const error = await promise.then(
      () => assert.fail(`expected ${name}`),
      (rejection: unknown) => rejection as ServiceError,
    );
    assert.equal(error.name, name);
    assert.equal(error.$metadata.httpStatusCode, status);
    if (typeof message === 'string') {
      assert.equal(error.message, message);
    } else if (message) {
      assert.match(error.message, message);
    }
    return error;
  }

  /**
   * A GET signed by hand with the SDK's signer, for requests the Connect client cannot make;
   * `sendTo` sends the signed headers with another target (a request altered after signing).
   */
  async function signedGet(
    target: string,
    { service = 'connect', headers = {}, sendTo = target }: { service?: string; headers?: Record<string, string>; sendTo?: string } = {},
  ): Promise<Response> {
    const url = new URL(target, emulator.url);
    const signer = new SignatureV4({
      service,
      region: DEMO_REGION,
      credentials: { accessKeyId: DEMO_IDENTITY.accessKeyId, secretAccessKey: DEMO_IDENTITY.secretAccessKey },
      sha256: Sha256,
    });
    const signed = await signer.sign(
      new HttpRequest({
        method: 'GET',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { host: url.host, ...headers },
      }),
    );
    const { host: _host, ...sent } = signed.headers;
    return fetch(new URL(sendTo, emulator.url), { headers: sent });
  }

  function control(method: string, name: string, body?: unknown): Promise<Response> {
    return fetch(`${emulator.url}/__emulator/${name}`, {
      method,
      ...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
  }

  describe('GetFederationToken', () => {
    it('issues fresh tokens whose epoch-second expirations the SDK reads as Dates', async () => {
      emulator.configure({ tokenLifetimeSeconds: 900, refreshLifetimeSeconds: 7200 });
      const first = await federate();
      const second = await federate();

      const [issued] = emulator.tokens();
      assert.ok(issued);
      const credentials = first.Credentials;
      assert.ok(credentials?.AccessTokenExpiration instanceof Date);
      assert.ok(credentials.RefreshTokenExpiration instanceof Date);
      const issuedAt = new Date(issued.issuedAt).getTime();
      assert.equal(credentials.AccessTokenExpiration.getTime(), issuedAt + 900_000);
      assert.equal(credentials.RefreshTokenExpiration.getTime(), issuedAt + 7_200_000);
      assert.match(credentials.AccessToken ?? '', /^EMUAT-[\w-]{100,}$/);
      assert.match(credentials.RefreshToken ?? '', /^EMURT-[\w-]{100,}$/);
      assert.equal(credentials.AccessToken, issued.accessToken);
      assert.notEqual(second.Credentials?.AccessToken, credentials.AccessToken);
      assert.notEqual(second.Credentials?.RefreshToken, credentials.RefreshToken);

      const signIn = new URL(first.SignInUrl ?? '');
      assert.equal(signIn.origin + signIn.pathname, 'https://demo-prod.my.connect.aws/auth/sign-in');
      assert.match(signIn.searchParams.get('token') ?? '', /^EMUSI-/);
      assert.notEqual(signIn.searchParams.get('token'), credentials.AccessToken);
      assert.match(first.UserId ?? '', UUID);
      assert.equal(first.UserArn, `${DEMO_INSTANCE_ARN}/agent/${first.UserId}`);
      assert.equal(second.UserId, first.UserId, 'the same Connect user each time');
      assert.match(first.$metadata.requestId ?? '', UUID);
    });

    it('accepts the instance ARN, URL-encoded in the path, and records what the client sent', async () => {
      const answer = await federate(DEMO_INSTANCE_ARN);
      assert.match(answer.UserArn ?? '', new RegExp(`^${DEMO_INSTANCE_ARN}/agent/`));

      const [request] = emulator.requests();
      assert.equal(request?.instanceId, DEMO_INSTANCE_ARN);
      assert.equal(request?.path, `/user/federate/${encodeURIComponent(DEMO_INSTANCE_ARN)}`);
      assert.equal(request?.status, 200);
    });

    it('refuses the account root with 400 InvalidRequestException', async () => {
      await expectServiceError(
        federate(DEMO_INSTANCE_ID, client(ROOT_IDENTITY)),
        'InvalidRequestException',
        400,
        'Provided identity: Principal: arn:aws:iam::123456789012:root User: arn:aws:iam::123456789012:root ' +
          'cannot be used for federation with Amazon Connect',
      );
    });

    it('answers 404 UserNotFoundException when no Connect user maps to the IAM user', async () => {
      await expectServiceError(
        federate(DEMO_INSTANCE_ID, client(NOUSER_IDENTITY)),
        'UserNotFoundException',
        404,
        'No user with the specified credentials was found in the Amazon Connect instance.',
      );
    });

    it('answers 403 AccessDeniedException to an IAM user without the permission', async () => {
      await expectServiceError(
        federate(DEMO_INSTANCE_ID, client(DENIED_IDENTITY, DEMO_REGION, singleAttempt)),
        'AccessDeniedException',
        403,
        `User: arn:aws:iam::123456789012:user/denied is not authorized to perform: connect:GetFederationToken on resource: ${DEMO_INSTANCE_ARN}`,
      );
    });

    it('finds instances only in the signing region', async () => {
      await expectServiceError(
        federate(LONDON_INSTANCE.id),
        'ResourceNotFoundException',
        404,
        `Instance not found: ${LONDON_INSTANCE.id}`,
      );
      const london = await federate(LONDON_INSTANCE.id, client(DEMO_IDENTITY, 'eu-west-2'));
      assert.match(london.UserArn ?? '', /^arn:aws:connect:eu-west-2:123456789012:instance\//);
      const gov = await federate(GOV_INSTANCE.id, client(DEMO_IDENTITY, 'us-gov-west-1'));
      assert.match(gov.UserArn ?? '', /^arn:aws-us-gov:connect:us-gov-west-1:123456789012:instance\//);
      assert.deepEqual(
        emulator.requests().map((request) => [request.signingRegion, request.status]),
        [
          ['us-east-1', 404],
          ['eu-west-2', 200],
          ['us-gov-west-1', 200],
        ],
      );
    });

    it('does not federate into an instance that is still being created', async () => {
      await expectServiceError(federate(CREATING_INSTANCE.id), 'ResourceNotFoundException', 404);
    });

    it('serves the sign-in page when SignInUrl points at the emulator, without echoing the token', async () => {
      emulator.configure({ signInBaseUrl: emulator.url });
      const signInUrl = (await federate()).SignInUrl ?? '';
      assert.ok(signInUrl.startsWith(`${emulator.url}/auth/sign-in?token=EMUSI-`));

      const page = await fetch(signInUrl);
      const html = await page.text();
      assert.equal(page.status, 200);
      assert.match(html, /Signed in as connect-admin/);
      assert.match(html, /demo-prod/);
      assert.ok(!html.includes('EMUSI-'));
      assert.ok(emulator.tokens()[0]?.signInVisitedAt);

      const forged = await fetch(`${emulator.url}/auth/sign-in?token=EMUSI-forged`);
      assert.equal(forged.status, 403);
    });

    it("signs a browser in with one cookie per instance: a second user's sign-in replaces the first's, another browser keeps its own", async () => {
      emulator.configure({ signInBaseUrl: emulator.url });
      const other: Identity = { ...DEMO_IDENTITY, name: 'other', accessKeyId: 'AKIAEMULATOROTHER001', principalArn: 'arn:aws:iam::123456789012:user/<b>o&"ther\'' };
      emulator.addIdentity(other);
      /** A browser's cookie jar for the emulator's origin. */
      const browser = () => {
        const jar = new Map<string, string>();
        return {
          async open(target: string): Promise<{ status: number; html: string }> {
            const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
            const page = await fetch(new URL(target, emulator.url), { headers: cookie ? { cookie } : {} });
            for (const setCookie of page.headers.getSetCookie()) {
              assert.match(setCookie, /^emulator-connect-session-demo-prod=[\w-]{24}; Path=\/; HttpOnly; SameSite=Lax$/);
              const [pair] = setCookie.split(';');
              jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
            }
            return { status: page.status, html: await page.text() };
          },
        };
      };
      const first = browser();
      const second = browser();
      const signedIn = await first.open((await federate()).SignInUrl ?? '');
      assert.match(signedIn.html, /<h1>Signed in as connect-admin<\/h1>/);
      assert.match(signedIn.html, /<a href="\.\.\/connect\/home">/, 'a relative link: it works behind a proxy prefix too');
      assert.match((await first.open('/connect/home')).html, /<p>Signed in as connect-admin to demo-prod \(us-east-1\)\.<\/p>/);

      await second.open((await federate(DEMO_INSTANCE_ID, client(other))).SignInUrl ?? '');
      const otherHome = (await second.open('/connect/home')).html;
      assert.match(otherHome, /Signed in as &lt;b&gt;o&amp;&quot;ther&#39; to demo-prod/, 'user names are escaped');
      assert.match((await first.open('/connect/home')).html, /Signed in as connect-admin to demo-prod/, 'the first browser keeps its user');

      await first.open((await federate(DEMO_INSTANCE_ID, client(other))).SignInUrl ?? '');
      assert.match((await first.open('/connect/home')).html, /Signed in as &lt;b&gt;o&amp;&quot;ther&#39; to demo-prod/, "the same browser: the other user's sign-in replaced the first");
      assert.match((await browser().open('/connect/home')).html, /<h1>Not signed in<\/h1>/);
      const forged = await fetch(`${emulator.url}/connect/home`, { headers: { cookie: 'emulator-connect-session-demo-prod=forged' } });
      assert.match(await forged.text(), /<h1>Not signed in<\/h1>/, 'a forged cookie signs in as no one');

      assert.deepEqual(
        emulator.signInSessions().map((session) => [session.userName, session.instanceAlias]),
        [['connect-admin', 'demo-prod'], ['<b>o&"ther\'', 'demo-prod'], ['<b>o&"ther\'', 'demo-prod']],
      );
      assert.deepEqual(
        emulator.homeVisits().map((visit) => visit.signedIn.map((user) => user.userName)),
        [['connect-admin'], ['<b>o&"ther\''], ['connect-admin'], ['<b>o&"ther\''], [], []],
      );
      const controlled = (await (await control('GET', 'signins')).json()) as { sessions: unknown[]; homeVisits: unknown[] };
      assert.deepEqual([controlled.sessions.length, controlled.homeVisits.length], [3, 6]);
      emulator.reset();
      assert.deepEqual([emulator.signInSessions(), emulator.homeVisits()], [[], []]);
    });
  });

  describe('ListInstances', () => {
    it("lists the signing region's instances with typed fields", async () => {
      const answer = await client().send(new ListInstancesCommand({}));
      const instances = answer.InstanceSummaryList ?? [];
      assert.deepEqual(
        instances.map((instance) => [instance.InstanceAlias, instance.InstanceStatus, instance.IdentityManagementType]),
        [
          ['demo-prod', 'ACTIVE', 'SAML'],
          ['demo-test', 'ACTIVE', 'CONNECT_MANAGED'],
          ['demo-staging', 'CREATION_IN_PROGRESS', 'EXISTING_DIRECTORY'],
        ],
      );
      const [demo] = instances;
      assert.equal(demo?.Id, DEMO_INSTANCE_ID);
      assert.equal(demo?.Arn, DEMO_INSTANCE_ARN);
      assert.deepEqual(demo?.CreatedTime, new Date('2023-03-14T09:26:53Z'));
      assert.equal(demo?.InboundCallsEnabled, true);
      assert.equal(demo?.InstanceAccessUrl, 'https://demo-prod.my.connect.aws');
      assert.equal(answer.NextToken, undefined);
      assert.equal(instances[1]?.Id, TEST_INSTANCE.id);
    });

    it('pages the 23 Sydney instances as 10, 10 and 3 with paginateListInstances', async () => {
      const pages: string[][] = [];
      for await (const page of paginateListInstances({ client: client(DEMO_IDENTITY, 'ap-southeast-2'), pageSize: 10 }, {})) {
        pages.push((page.InstanceSummaryList ?? []).map((instance) => instance.InstanceAlias ?? ''));
      }
      assert.deepEqual(
        pages.map((page) => page.length),
        [10, 10, 3],
      );
      assert.deepEqual(
        pages.flat(),
        SYDNEY_INSTANCES.map((instance) => instance.alias),
      );
      const queries = emulator.requests().map((request) => request.query);
      assert.equal(queries[0]?.nextToken, undefined);
      assert.ok(queries[1]?.nextToken && queries[2]?.nextToken);
      assert.ok(queries.every((query) => query.maxResults === '10'));
    });

    it('answers maxResults outside 1..10 and unknown NextTokens with InvalidRequestException', async () => {
      await expectServiceError(
        client().send(new ListInstancesCommand({ MaxResults: 11 })),
        'InvalidRequestException',
        400,
        "1 validation error detected: Value '11' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10",
      );
      await expectServiceError(client().send(new ListInstancesCommand({ MaxResults: 0 })), 'InvalidRequestException', 400);
      await expectServiceError(
        client().send(new ListInstancesCommand({ NextToken: 'not-a-token' })),
        'InvalidRequestException',
        400,
        'Invalid NextToken provided.',
      );
      const firstPage = await client(DEMO_IDENTITY, 'ap-southeast-2').send(new ListInstancesCommand({}));
      await expectServiceError(
        client().send(new ListInstancesCommand({ NextToken: firstPage.NextToken })),
        'InvalidRequestException',
        400,
        'Invalid NextToken provided.',
      );
    });

    it('answers 403 AccessDeniedException to an IAM user without the permission', async () => {
      await expectServiceError(
        client(DENIED_IDENTITY, DEMO_REGION, singleAttempt).send(new ListInstancesCommand({})),
        'AccessDeniedException',
        403,
        'User: arn:aws:iam::123456789012:user/denied is not authorized to perform: connect:ListInstances on resource: arn:aws:connect:us-east-1:123456789012:instance/*',
      );
    });
  });

  describe('SigV4 verification', () => {
    it('refuses a wrong secret with InvalidSignatureException', async () => {
      const impostor = { ...DEMO_IDENTITY, secretAccessKey: 'x'.repeat(40) };
      await expectServiceError(federate(DEMO_INSTANCE_ID, client(impostor)), 'InvalidSignatureException', 403, SIGNATURE_MISMATCH);
      assert.equal(emulator.tokens().length, 0);
    });

    it('refuses an unknown access key with UnrecognizedClientException', async () => {
      const stranger = { ...DEMO_IDENTITY, accessKeyId: 'AKIAUNKNOWNEXAMPLE00' };
      await expectServiceError(
        federate(DEMO_INSTANCE_ID, client(stranger)),
        'UnrecognizedClientException',
        403,
        'The security token included in the request is invalid.',
      );
    });

    it('answers an unsigned request with MissingAuthenticationTokenException and the standard headers', async () => {
      const response = await fetch(`${emulator.url}/instance`);
      assert.equal(response.status, 403);
      assert.equal(response.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
      assert.equal(response.headers.get('content-type'), 'application/json');
      assert.match(response.headers.get('x-amzn-requestid') ?? '', UUID);
      assert.ok(Math.abs(Date.parse(response.headers.get('date') ?? '') - Date.now()) < MINUTE);
      assert.deepEqual(await response.json(), { Message: 'Missing Authentication Token' });
    });

    it('authenticates before routing: a signed request for an unknown route gets UnknownOperationException', async () => {
      const response = await signedGet('/users/federate');
      assert.equal(response.status, 404);
      assert.equal(response.headers.get('x-amzn-errortype'), 'UnknownOperationException');
      assert.equal(emulator.requests()[0]?.operation, 'Unknown');
    });

    it('requires the credential scope of the connect service', async () => {
      const response = await signedGet('/instance', { service: 'execute-api' });
      assert.equal(response.status, 403);
      assert.equal(response.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
      assert.deepEqual(await response.json(), { Message: "Credential should be scoped to correct service: 'connect'." });
    });

    it('refuses a request whose query or path changed after signing', async () => {
      assert.equal((await signedGet('/instance?maxResults=5')).status, 200);
      const query = await signedGet('/instance?maxResults=5', { sendTo: '/instance?maxResults=6' });
      assert.equal(query.status, 403);
      assert.deepEqual(await query.json(), { Message: SIGNATURE_MISMATCH });
      const label = await signedGet(`/user/federate/${DEMO_INSTANCE_ID}`, { sendTo: `/user/federate/${TEST_INSTANCE.id}` });
      assert.equal(label.status, 403);
      assert.equal(emulator.tokens().length, 0);
    });

    it('hashes the payload it received, not the one a signed x-amz-content-sha256 claims', async () => {
      const accepted = await signedGet('/instance');
      assert.equal(accepted.status, 200);
      const unsignedPayload = await signedGet('/instance', { headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
      assert.equal(unsignedPayload.status, 403);
      assert.deepEqual(await unsignedPayload.json(), { Message: SIGNATURE_MISMATCH });
    });

    it('accepts temporary credentials only with their session token, and until they expire', async () => {
      const temporary: Identity = {
        name: 'sts-session',
        accessKeyId: 'ASIAEMULATORSESSION1',
        secretAccessKey: 'EMULATOR/session/DENG/bPxRfiCYEXAMPLEKEY',
        sessionToken: 'EMULATOR-session-token-EXAMPLE',
        expiresAt: new Date(Date.now() + 10 * MINUTE),
        principalArn: 'arn:aws:sts::123456789012:assumed-role/ConnectFederation/session',
        allowed: true,
        hasConnectUser: true,
      };
      emulator.addIdentity(temporary);
      const answer = await federate(DEMO_INSTANCE_ID, client(temporary));
      assert.ok(answer.Credentials?.AccessToken);

      const invalid = 'The security token included in the request is invalid.';
      await expectServiceError(
        federate(DEMO_INSTANCE_ID, client({ ...temporary, sessionToken: 'stolen' })),
        'UnrecognizedClientException',
        403,
        invalid,
      );
      await expectServiceError(
        federate(DEMO_INSTANCE_ID, client({ ...temporary, sessionToken: undefined })),
        'UnrecognizedClientException',
        403,
        invalid,
      );

      emulator.addIdentity({ ...temporary, expiresAt: new Date(Date.now() - MINUTE) });
      await expectServiceError(
        federate(DEMO_INSTANCE_ID, client(temporary)),
        'ExpiredTokenException',
        403,
        'The security token included in the request is expired',
      );
    });
  });

  describe('clock skew', () => {
    it('reports a request 20 minutes behind the emulator in the service wording', async () => {
      emulator.configure({ clockOffsetMs: 20 * MINUTE });
      await expectServiceError(
        federate(DEMO_INSTANCE_ID, client(DEMO_IDENTITY, DEMO_REGION, singleAttempt)),
        'InvalidSignatureException',
        403,
        /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
      );
    });

    for (const [direction, offsetMs, wording] of [
      ['ahead of', 20 * MINUTE, 'Signature expired'],
      ['behind', -20 * MINUTE, 'Signature not yet current'],
    ] as const) {
      it(`lets the SDK correct its clock from the Date header when the emulator is 20 min ${direction} it`, async () => {
        emulator.configure({ clockOffsetMs: offsetMs });
        const connect = client();
        const answer = await federate(DEMO_INSTANCE_ID, connect);

        assert.equal(answer.$metadata.attempts, 2);
        assert.ok(Math.abs(connect.config.systemClockOffset - offsetMs) < MINUTE);
        const [skewed, corrected] = emulator.requests();
        assert.equal(skewed?.error, 'InvalidSignatureException');
        assert.equal(corrected?.status, 200);
        const expiry = answer.Credentials?.AccessTokenExpiration?.getTime() ?? 0;
        assert.ok(Math.abs(expiry - (Date.now() + offsetMs + 3_600_000)) < MINUTE, 'expiry on the emulator clock');
        await expectServiceError(
          client(DEMO_IDENTITY, DEMO_REGION, { ...singleAttempt, systemClockOffset: 0 }).send(new ListInstancesCommand({})),
          'InvalidSignatureException',
          403,
          new RegExp(`^${wording}: `),
        );
      });
    }
  });

  describe('steering', () => {
    const injectable: [KnownErrorName, number][] = [
      ['InvalidRequestException', 400],
      ['InvalidParameterException', 400],
      ['ResourceNotFoundException', 404],
      ['UserNotFoundException', 404],
      ['InternalServiceException', 500],
      ['DuplicateResourceException', 409],
      ['AccessDeniedException', 403],
      ['ThrottlingException', 429],
    ];
    for (const [error, status] of injectable) {
      it(`injects ${error} through POST /__emulator/fail`, async () => {
        const queued = await control('POST', 'fail', { operation: 'GetFederationToken', error, message: `steered ${error}` });
        assert.equal(queued.status, 200);
        await expectServiceError(
          federate(DEMO_INSTANCE_ID, client(DEMO_IDENTITY, DEMO_REGION, singleAttempt)),
          error,
          status,
          `steered ${error}`,
        );
        const again = await federate();
        assert.ok(again.Credentials, 'count defaults to 1');
      });
    }

    it('answers a queued failure only once the signature is verified', async () => {
      emulator.fail({ operation: '*', error: 'InternalServiceException' });
      const impostor = { ...DEMO_IDENTITY, secretAccessKey: 'x'.repeat(40) };
      await expectServiceError(federate(DEMO_INSTANCE_ID, client(impostor)), 'InvalidSignatureException', 403);
      await expectServiceError(
        client(DEMO_IDENTITY, DEMO_REGION, singleAttempt).send(new ListInstancesCommand({})),
        'InternalServiceException',
        500,
        'InternalServiceException injected by the Connect emulator',
      );
    });

    it('lets the SDK retry a single ThrottlingException and succeed', async () => {
      emulator.fail({ operation: 'GetFederationToken', error: 'ThrottlingException', count: 1 });
      const answer = await federate();
      assert.equal(answer.$metadata.attempts, 2);
      assert.deepEqual(
        emulator.requests().map((request) => [request.status, request.error]),
        [
          [429, 'ThrottlingException'],
          [200, undefined],
        ],
      );
    });

    it('fails until reset with count -1, with a custom status and message', async () => {
      emulator.fail({ operation: 'ListInstances', error: 'ServiceUnavailableException', status: 503, message: 'down', count: -1 });
      const connect = client(DEMO_IDENTITY, DEMO_REGION, singleAttempt);
      for (let attempt = 0; attempt < 3; attempt++) {
        await expectServiceError(connect.send(new ListInstancesCommand({})), 'ServiceUnavailableException', 503, 'down');
      }
      assert.ok((await federate()).Credentials, 'other operations are unaffected');
      emulator.reset();
      assert.ok((await connect.send(new ListInstancesCommand({}))).InstanceSummaryList);
    });

    it('delays one operation without blocking others, and the client can abort it', async () => {
      emulator.delay({ operation: 'GetFederationToken', ms: 10 * MINUTE });
      const abort = new AbortController();
      const pending = client().send(new GetFederationTokenCommand({ InstanceId: DEMO_INSTANCE_ID }), {
        abortSignal: abort.signal,
      });
      await emulator.waitForRequest((request) => request.operation === 'GetFederationToken');

      const list = await client().send(new ListInstancesCommand({}));
      assert.equal(list.InstanceSummaryList?.length, 3);

      abort.abort();
      await assert.rejects(pending, { name: 'AbortError' });
      const aborted = await emulator.waitForRequest((request) => request.aborted);
      assert.equal(aborted.operation, 'GetFederationToken');
      assert.equal(aborted.status, undefined);
      assert.equal(emulator.tokens().length, 0);
    });

    it('ends delayed requests when the emulator closes', async () => {
      const other = await startEmulator({ delayMs: 10 * MINUTE });
      try {
        const connect = new ConnectClient({
          region: DEMO_REGION,
          endpoint: other.url,
          credentials: { accessKeyId: DEMO_IDENTITY.accessKeyId, secretAccessKey: DEMO_IDENTITY.secretAccessKey },
          ...singleAttempt,
        });
        const pending = connect.send(new ListInstancesCommand({}));
        await other.waitForRequest((request) => request.operation === 'ListInstances');
        await other.close();
        await assert.rejects(pending);
        assert.equal((await other.waitForRequest((request) => request.aborted)).operation, 'ListInstances');
      } finally {
        await other.close();
      }
    });

    it('round-trips the HTTP control API', async () => {
      const configured = await control('POST', 'config', { tokenLifetimeSeconds: 120, signInBaseUrl: 'https://{alias}.example.test/' });
      assert.equal(configured.status, 200);
      const config = (await (await control('GET', 'config')).json()) as Record<string, unknown>;
      assert.deepEqual(config, {
        tokenLifetimeSeconds: 120,
        refreshLifetimeSeconds: 43200,
        clockOffsetMs: 0,
        signInBaseUrl: 'https://{alias}.example.test',
      });

      await federate();
      const tokens = (await (await control('GET', 'tokens')).json()) as { signInUrl: string; accessTokenExpiration: string; issuedAt: string }[];
      assert.equal(tokens.length, 1);
      assert.match(tokens[0]?.signInUrl ?? '', /^https:\/\/demo-prod\.example\.test\/auth\/sign-in\?token=EMUSI-/);
      assert.equal(Date.parse(tokens[0]?.accessTokenExpiration ?? '') - Date.parse(tokens[0]?.issuedAt ?? ''), 120_000);

      const requests = (await (await control('GET', 'requests')).json()) as Record<string, unknown>[];
      assert.equal(requests.length, 1);
      assert.deepEqual(
        { ...requests[0], timestamp: undefined },
        {
          timestamp: undefined,
          service: 'connect',
          operation: 'GetFederationToken',
          method: 'GET',
          path: `/user/federate/${DEMO_INSTANCE_ID}`,
          query: {},
          instanceId: DEMO_INSTANCE_ID,
          accessKeyId: DEMO_IDENTITY.accessKeyId,
          signingRegion: DEMO_REGION,
          status: 200,
          aborted: false,
        },
      );
      assert.equal((await control('DELETE', 'requests')).status, 200);
      assert.deepEqual(emulator.requests(), []);

      const added = await control('POST', 'identities', {
        name: 'added',
        accessKeyId: 'AKIAEMULATORADDED001',
        secretAccessKey: 'EMULATOR/added/MDENG/bPxRfiCYEXAMPLEKEY1',
        principalArn: 'arn:aws:iam::123456789012:user/added',
        allowed: true,
        hasConnectUser: false,
      });
      assert.equal(added.status, 200);
      const identities = (await (await control('GET', 'identities')).json()) as Identity[];
      assert.ok(identities.some((identity) => identity.accessKeyId === 'AKIAEMULATORADDED001'));

      assert.equal((await control('POST', 'delay', { operation: 'ListInstances', ms: 5 })).status, 200);
      assert.equal((await control('POST', 'fail', { operation: 'Nope', error: 'ThrottlingException' })).status, 400);
      assert.equal((await control('POST', 'fail', { operation: '*', error: 'TeapotException' })).status, 400, 'unknown errors need a status');
      assert.equal((await control('POST', 'config', { colour: 'blue' })).status, 400);
      assert.equal((await control('GET', 'nothing')).status, 404);

      assert.equal((await control('POST', 'reset')).status, 200);
      assert.equal(emulator.getConfig().tokenLifetimeSeconds, 3600);
      assert.equal(emulator.tokens().length, 0);
      assert.ok(!emulator.identities().some((identity) => identity.accessKeyId === 'AKIAEMULATORADDED001'));
    });
  });

  describe('cli', () => {
    for (const [scheme, flags] of [
      ['http', []],
      ['https', ['--tls']],
    ] as const) {
      it(`prints shell exports that work (${flags.join(' ') || 'no flags'}), and exits cleanly on SIGINT`, async () => {
        const cli = spawn(
          process.execPath,
          [path.join(__dirname, '../emulator/cli.js'), '--port', '0', '--token-lifetime', '600', ...flags],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let output = '';
        cli.stdout.setEncoding('utf8');
        const exports = new Promise<Record<string, string>>((resolve, reject) => {
          cli.once('exit', (code) => reject(new Error(`the emulator CLI exited early (${code}): ${output}`)));
          cli.stdout.on('data', (chunk: string) => {
            output += chunk;
            if (output.includes('/__emulator/requests')) {
              resolve(Object.fromEntries([...output.matchAll(/^export (\w+)=(.*)$/gm)].map(([, name = '', value = '']) => [name, value])));
            }
          });
        });
        try {
          const shell = await exports;
          const url = shell.AWS_ENDPOINT_URL_CONNECT ?? '';
          assert.match(url, new RegExp(`^${scheme}://127\\.0\\.0\\.1:\\d+$`));
          for (const service of ['STS', 'SSO', 'SSO_OIDC']) {
            assert.equal(shell[`AWS_ENDPOINT_URL_${service}`], url);
          }
          assert.equal(shell.AWS_CA_BUNDLE, scheme === 'https' ? TEST_CA_PATH : undefined);
          assert.match(output, new RegExp(`aws connect get-federation-token --instance-id ${DEMO_INSTANCE_ID}`));
          assert.match(output, /root +AKIAEMULATORROOT0001/);
          assert.match(output, /arn:aws:iam::123456789012:role\/ConnectAdminMfa +as ConnectAdmin, but only with MFA/);
          const connect = new ConnectClient({
            region: shell.AWS_REGION,
            endpoint: url,
            credentials: { accessKeyId: shell.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: shell.AWS_SECRET_ACCESS_KEY ?? '' },
            ...(scheme === 'https' && { requestHandler: { httpsAgent: new Agent({ ca: readFileSync(TEST_CA_PATH) }) } }),
          });
          const answer = await connect.send(new GetFederationTokenCommand({ InstanceId: DEMO_INSTANCE_ID }));
          const lifetime = (answer.Credentials?.AccessTokenExpiration?.getTime() ?? 0) - Date.now();
          assert.ok(lifetime > 0 && lifetime <= 600_000, '--token-lifetime applies');
        } finally {
          cli.kill('SIGINT');
        }
        const [code] = await once(cli, 'exit');
        assert.equal(code, 0);
      });
    }
  });
});
