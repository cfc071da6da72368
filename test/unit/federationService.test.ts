/**
 * The federation client end to end: FederationService → the real SDK → the Connect emulator
 * (which verifies every signature), with temporary AWS config files.
 */
import * as assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { systemClock } from '../../src/core/clock';
import { FailureKind } from '../../src/core/errors';
import { planFetch, resolveConnection } from '../../src/core/fetchPlan';
import { FederationService, FetchOutcome } from '../../src/core/federationService';
import { loadAws } from '../../src/core/lazyAws';
import { Recents } from '../../src/core/recents';
import { localExpiry } from '../../src/core/session';
import { SessionStore } from '../../src/core/sessionStore';
import { DEFAULT_CONNECTION_SETTINGS } from '../../src/core/settingsTable';
import {
  DEMO_IDENTITY,
  DEMO_INSTANCE_ARN,
  DEMO_INSTANCE_ID,
  DENIED_IDENTITY,
  Identity,
  LONDON_INSTANCE,
  NOUSER_IDENTITY,
  ROOT_IDENTITY,
} from '../emulator/fixtures';
import { Emulator, startEmulator } from '../emulator/server';
import { TempAwsFiles } from '../support/awsFiles';
import { MemorySecrets, MemoryState } from '../support/memoryBackends';
import { MemoryLogger } from '../support/memoryLogger';
import { planFor } from '../support/plans';

const keys = (identity: Identity) => `aws_access_key_id = ${identity.accessKeyId}\naws_secret_access_key = ${identity.secretAccessKey}\n`;

function configFor(emulator: Emulator): string {
  const profile = (name: string, identity: Identity, extra = '') =>
    `[profile ${name}]\nregion = us-east-1\nendpoint_url = ${emulator.url}\n${keys(identity)}${extra}\n`;
  return [
    profile('demo', DEMO_IDENTITY),
    profile('root', ROOT_IDENTITY),
    profile('nouser', NOUSER_IDENTITY),
    profile('denied', DENIED_IDENTITY),
    `[profile wrongsecret]\nregion = us-east-1\nendpoint_url = ${emulator.url}\naws_access_key_id = ${DEMO_IDENTITY.accessKeyId}\naws_secret_access_key = ${'x'.repeat(40)}\n`,
    `[profile sso]\nregion = us-east-1\nendpoint_url = ${emulator.url}\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\n`,
    '[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n',
  ].join('\n');
}

describe('FederationService against the Connect emulator', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let files: TempAwsFiles;
  let store: SessionStore;
  let state: MemoryState;
  let service: FederationService;
  let log: MemoryLogger;

  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.close());

  beforeEach(() => {
    emulator.reset();
    emulator.clearRequests();
    files = new TempAwsFiles(configFor(emulator));
    store = new SessionStore(new MemorySecrets());
    state = new MemoryState();
    log = new MemoryLogger();
    service = new FederationService({ aws: loadAws, store, recents: new Recents(state), clock: systemClock, log });
  });
  afterEach(() => {
    service.reset();
    files.restore();
  });

  const plan = planFor;
  /** Connect's requests (the service also asks STS who signed in, beside them). */
  const connectRequests = () => emulator.requests().filter((r) => r.service === 'connect');

  async function fetch(profileName: string, instance?: string): Promise<FetchOutcome> {
    return service.fetch(await plan(profileName, instance));
  }

  function failureKind(outcome: FetchOutcome): FailureKind | 'ok' {
    return outcome.ok ? 'ok' : outcome.failure.kind;
  }

  it('fetches a token through the profile\'s endpoint_url, signed and stored', async () => {
    const outcome = await fetch('demo');
    assert.ok(outcome.ok, !outcome.ok ? outcome.failure.message : '');
    const issued = emulator.tokens().at(-1);
    assert.equal(outcome.session.credentials.accessToken, issued?.accessToken);
    assert.equal(outcome.session.signInUrl, issued?.signInUrl);
    assert.equal(outcome.session.credentials.accessTokenExpiration, Date.parse(issued!.accessTokenExpiration));
    assert.equal(outcome.session.userArn, issued?.userArn);
    assert.equal(store.get(outcome.session.id)?.credentials.refreshToken, issued?.refreshToken);
    const [request] = connectRequests();
    assert.equal(request.signingRegion, 'us-east-1');
    assert.equal(request.accessKeyId, DEMO_IDENTITY.accessKeyId);
    assert.equal(request.instanceId, DEMO_INSTANCE_ID);
  });

  it('remembers the instance for the profile without any secret, and logs none', async () => {
    const outcome = await fetch('demo');
    assert.ok(outcome.ok);
    assert.equal(new Recents(state).instances('demo')[0].instanceId, DEMO_INSTANCE_ID);
    const secrets = [outcome.session.credentials.accessToken, outcome.session.credentials.refreshToken, outcome.session.signInUrl];
    for (const text of [JSON.stringify([...state.values]), log.lines.join('\n')]) {
      for (const secret of secrets) {
        assert.ok(!text.includes(secret), 'a secret leaked into recents or the log');
      }
    }
  });

  it('signs for the region of an instance ARN, not the profile\'s, and sends only the ID', async () => {
    const arn = `arn:aws:connect:eu-west-2:123456789012:instance/${LONDON_INSTANCE.id}/agent/someone`;
    const outcome = await fetch('demo', arn);
    assert.ok(outcome.ok);
    assert.equal(outcome.session.region, 'eu-west-2');
    const [request] = connectRequests();
    assert.equal(request.signingRegion, 'eu-west-2');
    assert.equal(request.instanceId, LONDON_INSTANCE.id);
  });

  it('lets AWS_ENDPOINT_URL_CONNECT win over the profile, and the setting over both', async () => {
    process.env.AWS_ENDPOINT_URL_CONNECT = 'http://127.0.0.1:9';
    assert.equal((await plan('demo')).endpoint, 'http://127.0.0.1:9');
    assert.equal((await plan('demo', DEMO_INSTANCE_ID, { ...DEFAULT_CONNECTION_SETTINGS, endpointUrl: emulator.url })).endpoint, emulator.url);
    const outcome = await service.fetch(await plan('demo', DEMO_INSTANCE_ID, { ...DEFAULT_CONNECTION_SETTINGS, endpointUrl: emulator.url }));
    assert.ok(outcome.ok);
  });

  it('explains an instance that is not in the signing region', async () => {
    const outcome = await fetch('demo', LONDON_INSTANCE.id);
    assert.equal(failureKind(outcome), 'instanceNotFound');
  });

  it('explains root credentials, a missing Connect user and a missing permission', async () => {
    assert.equal(failureKind(await fetch('root')), 'rootCredentials');
    assert.equal(failureKind(await fetch('nouser')), 'userNotFound');
    assert.equal(failureKind(await fetch('denied')), 'accessDenied');
    assert.deepEqual(
      connectRequests().map((r) => r.error),
      ['InvalidRequestException', 'UserNotFoundException', 'AccessDeniedException'],
    );
  });

  it('explains a wrong secret key (the emulator refuses the signature)', async () => {
    const outcome = await fetch('wrongsecret');
    assert.equal(failureKind(outcome), 'invalidCredentials');
    assert.equal(connectRequests()[0].error, 'InvalidSignatureException');
  });

  for (const [error, kind] of [
    ['InvalidParameterException', 'invalidParameter'],
    ['DuplicateResourceException', 'duplicateResource'],
    ['InvalidRequestException', 'invalidRequest'],
  ] as const) {
    it(`maps a modelled ${error} to ${kind}`, async () => {
      emulator.fail({ operation: 'GetFederationToken', error, message: `steered ${error}` });
      const outcome = await fetch('demo');
      assert.equal(failureKind(outcome), kind);
      assert.ok(!outcome.ok && outcome.failure.message.includes(`steered ${error}`));
    });
  }

  for (const [error, kind] of [
    ['ThrottlingException', 'throttled'],
    ['InternalServiceException', 'serviceError'],
  ] as const) {
    it(`reports a persistent ${error} only after the SDK's retries`, async () => {
      emulator.fail({ operation: 'GetFederationToken', error, count: -1 });
      const outcome = await fetch('demo');
      assert.equal(failureKind(outcome), kind);
      assert.equal(connectRequests().length, 3, 'three attempts');
      assert.match(!outcome.ok ? outcome.failure.message : '', /still after 3 attempts/);
    });
  }

  it('recovers from a single throttle by the SDK\'s retry', async () => {
    emulator.fail({ operation: 'GetFederationToken', error: 'ThrottlingException', count: 1 });
    const outcome = await fetch('demo');
    assert.ok(outcome.ok);
    assert.deepEqual(
      connectRequests().map((r) => r.status),
      [429, 200],
    );
  });

  it('cancels a slow request through the abort signal', async () => {
    emulator.delay({ operation: 'GetFederationToken', ms: 20_000 });
    const abort = new AbortController();
    const started = Date.now();
    const pending = service.fetch(await plan('demo'), abort.signal);
    await emulator.waitForRequest((r) => r.operation === 'GetFederationToken');
    abort.abort();
    const outcome = await pending;
    assert.equal(failureKind(outcome), 'cancelled');
    assert.ok(Date.now() - started < 5_000, 'cancelled promptly');
  });

  it('keeps the stored session when a later fetch fails', async () => {
    const first = await fetch('demo');
    assert.ok(first.ok);
    emulator.fail({ operation: 'GetFederationToken', error: 'AccessDeniedException' });
    assert.equal(failureKind(await fetch('demo')), 'accessDenied');
    assert.equal(store.get(first.session.id)?.credentials.accessToken, first.session.credentials.accessToken);
  });

  it('sends no request for an unknown profile or an expired SSO session', async () => {
    const inputs = { profileName: 'ghost', settings: { ...DEFAULT_CONNECTION_SETTINGS, region: 'us-east-1', endpointUrl: emulator.url }, env: process.env };
    const connection = resolveConnection(inputs);
    assert.ok(connection.ok && connection.region);
    const unknown = planFetch(inputs, { ...connection, region: connection.region }, { instanceId: DEMO_INSTANCE_ID });
    assert.equal(failureKind(await service.fetch(unknown)), 'profileNotFound');
    assert.equal(failureKind(await fetch('sso')), 'ssoExpired');
    assert.equal(connectRequests().length, 0);
  });

  it('explains a refused connection to the configured endpoint', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const outcome = await service.fetch(await plan('demo', DEMO_INSTANCE_ID, { ...DEFAULT_CONNECTION_SETTINGS, endpointUrl: `http://127.0.0.1:${closedPort}` }));
    assert.equal(failureKind(outcome), 'connectionRefused');
  });

  it('joins a second fetch of the same session to the one in flight', async () => {
    const target = await plan('demo');
    const [a, b] = await Promise.all([service.fetch(target), service.fetch(target)]);
    assert.ok(a.ok && b.ok);
    assert.equal(a.session, b.session);
    assert.equal(connectRequests().length, 1);
  });

  it('lets a joined ask cancel its own wait while the first request goes on', async () => {
    const target = await plan('demo');
    emulator.delay({ operation: 'GetFederationToken', ms: 1_000 });
    const first = service.fetch(target);
    const abort = new AbortController();
    const second = service.fetch(target, abort.signal);
    abort.abort();
    assert.equal(failureKind(await second), 'cancelled');
    assert.ok((await first).ok);
    assert.equal(connectRequests().length, 1);
  });

  it('does not bring back a session removed during a background re-fetch, nor touch the recent picks', async () => {
    const held = await fetch('demo');
    assert.ok(held.ok);
    const recentsBefore = JSON.stringify([...state.values]);
    emulator.delay({ operation: 'GetFederationToken', ms: 500 });
    const background = service.fetch(await plan('demo'), undefined, { background: true });
    await emulator.waitForRequest((r) => r.operation === 'GetFederationToken' && r.status === undefined);
    await store.remove(held.session.id);
    assert.ok((await background).ok);
    assert.equal(store.size, 0, 'the removed session stays removed');
    assert.equal(JSON.stringify([...state.values]), recentsBefore);
  });

  it('lists every instance of a region across pages', async () => {
    const target = { profile: 'demo', region: 'ap-southeast-2', endpoint: emulator.url };
    const pages: number[] = [];
    for await (const page of service.listInstances(target)) {
      pages.push(page.length);
    }
    assert.deepEqual(pages, [10, 10, 3]);
    assert.deepEqual(
      connectRequests().map((r) => r.operation),
      ['ListInstances', 'ListInstances', 'ListInstances'],
    );
  });

  for (const skewMinutes of [20, -20]) {
    it(`counts down by the service's clock when this machine's is ${Math.abs(skewMinutes)} min ${skewMinutes > 0 ? 'behind' : 'ahead'}`, async () => {
      emulator.configure({ clockOffsetMs: skewMinutes * 60_000 });
      const outcome = await fetch('demo');
      assert.ok(outcome.ok, !outcome.ok ? outcome.failure.message : '');
      const offset = outcome.session.clockOffsetMs ?? 0;
      assert.ok(Math.abs(offset - skewMinutes * 60_000) < 2_000, `offset ${offset} ms`);
      const remaining = localExpiry(outcome.session).access - Date.now();
      assert.ok(Math.abs(remaining - 3_600_000) < 5_000, `remaining ${remaining} ms, not ${3_600_000 + skewMinutes * 60_000}`);
    });
  }

  it('keeps working when this machine\'s clock jumps back while the client is in use', async () => {
    emulator.configure({ clockOffsetMs: 20 * 60_000 });
    assert.ok((await fetch('demo')).ok);
    emulator.configure({ clockOffsetMs: 0 });
    const outcome = await fetch('demo');
    assert.ok(outcome.ok, !outcome.ok ? outcome.failure.message : '');
    assert.equal(outcome.session.clockOffsetMs, 0);
  });

  it('accepts the demo instance ARN as typed input', async () => {
    const outcome = await fetch('demo', DEMO_INSTANCE_ARN);
    assert.ok(outcome.ok);
  });
});
