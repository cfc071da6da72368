/**
 * The fault suite (issue 9): a misbehaving service, broken config files and corrupted stored state,
 * driven through the Connect emulator's fault injection and generated AWS files, against the real
 * SDK. Each test names the promise it holds.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Clock, systemClock } from '../../src/core/clock';
import { ClaimBoard, InProcessLock, MemoryClaimStorage } from '../../src/core/crossWindow';
import { ExpiryCoordinator } from '../../src/core/expiryCoordinator';
import { ExpiryPlanner } from '../../src/core/expiryPlanner';
import { DEFAULT_CONNECTION_SETTINGS } from '../../src/core/settingsTable';
import { FederationService, FetchOutcome } from '../../src/core/federationService';
import { MAX_INSTANCE_PAGES } from '../../src/core/aws/federation';
import { loadAws } from '../../src/core/lazyAws';
import { Recents } from '../../src/core/recents';
import { SESSIONS_SECRET_KEY, SessionStore } from '../../src/core/sessionStore';
import { floodingCredentialProcess, hangingCredentialProcess } from '../emulator/credentialProcess';
import { CONNECT_ADMIN_ROLE, DEMO_IDENTITY, DEMO_INSTANCE_ID, Identity } from '../emulator/fixtures';
import { Emulator, startEmulator } from '../emulator/server';
import { TempAwsFiles } from '../support/awsFiles';
import { MemorySecrets, MemoryState } from '../support/memoryBackends';
import { MemoryLogger } from '../support/memoryLogger';
import { planFor } from '../support/plans';
import { sampleSession } from '../support/sessions';

const keys = (identity: Identity) => `aws_access_key_id = ${identity.accessKeyId}\naws_secret_access_key = ${identity.secretAccessKey}\n`;
/** Short timeouts, so that every bounded wait ends within a test's time. */
const QUICK = { ...DEFAULT_CONNECTION_SETTINGS, connectTimeoutSeconds: 1, readTimeoutSeconds: 2 };

function configFor(emulator: Emulator, dir: string): string {
  const at = `region = us-east-1\nendpoint_url = ${emulator.url}\n`;
  return [
    `[profile demo]\n${at}${keys(DEMO_IDENTITY)}`,
    `[profile hung]\n${at}credential_process = ${hangingCredentialProcess(path.join(dir, 'hung.pid'))}\n`,
    `[profile flood]\n${at}credential_process = ${floodingCredentialProcess(10 * 1024 * 1024)}\n`,
    `[profile role]\n${at}role_arn = ${CONNECT_ADMIN_ROLE.arn}\nsource_profile = demo\n`,
    `[profile loop-a]\n${at}role_arn = ${CONNECT_ADMIN_ROLE.arn}\nsource_profile = loop-b\n`,
    `[profile loop-b]\n${at}role_arn = ${CONNECT_ADMIN_ROLE.arn}\nsource_profile = loop-a\n`,
  ].join('\n');
}

/** Resolves with `what`'s value, or rejects once `ms` have passed: a hang fails the test instead of stalling it. */
function within<T>(ms: number, what: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms)));
  return Promise.race([what, limit]).finally(() => clearTimeout(timer));
}

function kindOf(outcome: FetchOutcome): string {
  return outcome.ok ? 'ok' : outcome.failure.kind;
}

describe('Fault suite: a hostile service and hostile config files', function () {
  this.timeout(30_000);
  let emulator: Emulator, files: TempAwsFiles;
  let store: SessionStore, state: MemoryState, service: FederationService;
  let log: MemoryLogger;
  /** credential_process fixtures left hanging, ended after each test. */
  const hungPids = new Set<number>();

  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.close());

  beforeEach(() => {
    emulator.reset();
    files = new TempAwsFiles();
    files.write(configFor(emulator, files.dir), '');
    process.env.AWS_ENDPOINT_URL_STS = emulator.url;
    store = new SessionStore(new MemorySecrets());
    state = new MemoryState();
    log = new MemoryLogger();
    service = new FederationService({ aws: loadAws, store, recents: new Recents(state), clock: systemClock, log });
  });
  afterEach(() => {
    const written = log.lines.join('\n');
    for (const token of emulator.tokens()) {
      for (const secret of [token.accessToken, token.refreshToken, token.signInToken]) {
        assert.ok(!written.includes(secret), 'a secret reached the log');
      }
    }
    noteHungProcess();
    for (const pid of hungPids) {
      try {
        process.kill(pid);
      } catch {
        // already gone
      }
    }
    hungPids.clear();
    service.reset();
    files.restore();
  });

  function noteHungProcess(): number | undefined {
    const pidFile = path.join(files.dir, 'hung.pid');
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : undefined;
    if (pid) {
      hungPids.add(pid);
    }
    return pid;
  }

  async function until(condition: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!condition()) {
      assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  describe('item 1: no storms', () => {
    const auto = { notifyBeforeMs: 5 * 60_000, autoRefetch: true };

    /**
     * Time moved forward by hand for everything in this process — the extension's clock, the SDK's
     * signing and skew measurement, the emulator's dates — by shifting Date.now, so that a simulated
     * minute takes a fraction of a second and every party still agrees on the time.
     */
    class SimulatedTime implements Clock {
      private shiftMs = 0;
      private readonly realNow = Date.now;
      constructor() {
        Date.now = () => this.realNow() + this.shiftMs;
      }
      now(): number {
        return Date.now();
      }
      setTimer(): { dispose(): void } {
        throw new Error('not used');
      }
      advance(ms: number): void {
        this.shiftMs += ms;
      }
      dispose(): void {
        Date.now = this.realNow;
      }
    }

    /** A minute of the extension's expiry loop: five runs a second, as store changes and ticks would cause. */
    async function aMinuteOfAutoRefetch(time: SimulatedTime): Promise<void> {
      const plan = await planFor('demo');
      const coordinator = new ExpiryCoordinator(new ExpiryPlanner(), new ClaimBoard(new InProcessLock(), new MemoryClaimStorage()), time);
      const handlers = { notify: () => undefined, refetch: () => service.fetch(plan, undefined, { background: true }) };
      for (let second = 0; second < 60; second++) {
        for (let run = 0; run < 5; run++) {
          await coordinator.run(store.list(), auto, handlers);
        }
        time.advance(1_000);
      }
    }

    for (const [what, lifetimeSeconds, usable] of [
      ['already expired', -60, 0],
      ['expiring at once', 1, 0],
      ['lasting just over a minute', 61, 2],
    ] as const) {
      it(`auto re-fetch against a service whose tokens arrive ${what} makes at most a handful of requests a minute`, async () => {
        const time = new SimulatedTime();
        try {
          service = new FederationService({ aws: loadAws, store, recents: new Recents(state), clock: time, log });
          // A held token that is due at once: two minutes long, one minute in.
          emulator.configure({ tokenLifetimeSeconds: 120 });
          assert.ok((await service.fetch(await planFor('demo'))).ok);
          // Who signed in is asked once, beside the first fetch: its answer is a store change of its own.
          await until(() => store.list()[0]?.callerArn !== undefined, 'the identity line');
          time.advance(60_000);
          emulator.configure({ tokenLifetimeSeconds: lifetimeSeconds });
          emulator.clearRequests();
          let changes = 0;
          store.onDidChange(() => changes++);
          await aMinuteOfAutoRefetch(time);
          const requests = emulator.requests().filter((r) => r.service === 'connect').length;
          assert.ok(requests >= 1 && requests <= 3, `${requests} requests in a minute`);
          assert.equal(emulator.tokens().length - 1, requests, 'each request answered');
          // A stored token changes the view once (at once; its write only confirms it); an unusable one not at all.
          assert.equal(changes, usable, `${changes} store changes`);
        } finally {
          time.dispose();
        }
      });
    }
  });

  describe('item 2: no hangs — one deadline per fetch, honoured by Cancel', () => {
    it('a credential_process that never exits ends in a timeout within the configured timeouts', async () => {
      const started = Date.now();
      const outcome = await within(8_000, service.fetch(await planFor('hung', DEMO_INSTANCE_ID, QUICK)));
      assert.equal(kindOf(outcome), 'timeout');
      assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
      assert.match(!outcome.ok ? outcome.failure.message : '', /3 s/);
      assert.equal(emulator.requests().filter((r) => r.service === 'connect').length, 0, 'no Connect request without credentials');
    });

    it('Cancel ends a fetch stuck in its credential_process within a second, and the next fetch does not join it', async () => {
      const plan = await planFor('hung');
      const abort = new AbortController();
      const pending = service.fetch(plan, abort.signal);
      await until(() => noteHungProcess() !== undefined, 'the credential_process to start');
      const firstPid = noteHungProcess();
      const cancelledAt = Date.now();
      abort.abort();
      assert.equal(kindOf(await within(1_000, pending)), 'cancelled');
      assert.ok(Date.now() - cancelledAt < 1_000);
      const again = new AbortController();
      const second = service.fetch(plan, again.signal);
      await until(() => noteHungProcess() !== firstPid, 'a new credential_process');
      again.abort();
      assert.equal(kindOf(await within(1_000, second)), 'cancelled');
    });

    it('Cancel ends a fetch waiting on STS AssumeRole within a second', async () => {
      emulator.delay({ operation: 'AssumeRole', ms: 15_000 });
      const abort = new AbortController();
      const pending = service.fetch(await planFor('role'), abort.signal);
      await emulator.waitForRequest((r) => r.operation === 'AssumeRole');
      const cancelledAt = Date.now();
      abort.abort();
      assert.equal(kindOf(await within(1_000, pending)), 'cancelled');
      assert.ok(Date.now() - cancelledAt < 1_000);
    });

    it('a body dripped one byte at a time ends in a timeout, in the background too', async () => {
      for (const background of [false, true]) {
        emulator.fault({ operation: 'GetFederationToken', fault: { kind: 'drip', intervalMs: 100 }, count: -1 });
        const started = Date.now();
        const outcome = await within(8_000, service.fetch(await planFor('demo', DEMO_INSTANCE_ID, QUICK), undefined, { background }));
        assert.equal(kindOf(outcome), 'timeout', `background: ${background}`);
        assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
        assert.equal(store.size, 0);
        emulator.reset();
      }
    });

    it('Cancel during a dripping body reads as cancelled, within a second', async () => {
      emulator.fault({ operation: 'GetFederationToken', fault: { kind: 'drip', intervalMs: 200 } });
      const abort = new AbortController();
      const pending = service.fetch(await planFor('demo'), abort.signal);
      await emulator.waitForRequest((r) => r.operation === 'GetFederationToken' && r.status === 200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const cancelledAt = Date.now();
      abort.abort();
      const outcome = await within(1_000, pending);
      assert.equal(kindOf(outcome), 'cancelled');
      assert.match(!outcome.ok ? outcome.failure.message : '', /Cancelled/);
      assert.ok(Date.now() - cancelledAt < 1_000);
    });

    it('a connection reset mid-body is a network failure that stores nothing', async () => {
      emulator.fault({ operation: 'GetFederationToken', fault: { kind: 'reset' }, count: -1 });
      const outcome = await service.fetch(await planFor('demo', DEMO_INSTANCE_ID, { ...QUICK, maxAttempts: 1 }));
      assert.equal(kindOf(outcome), 'network');
      assert.equal(store.size, 0);
    });
  });

  describe('item 9: unbounded input is bounded', () => {
    /** ListInstances of Sydney's 23 instances under a NextToken fault: the pages and requests made (the loop cut at twice the cap). */
    async function pagedUnder(kind: 'repeatNextToken' | 'endlessNextToken'): Promise<{ pages: number; requests: number }> {
      emulator.fault({ operation: 'ListInstances', fault: { kind }, count: -1 });
      const target = { profile: 'demo', region: 'ap-southeast-2', endpoint: emulator.url };
      let pages = 0;
      for await (const page of service.listInstances(target)) {
        assert.ok(page.length > 0);
        if (++pages > 2 * MAX_INSTANCE_PAGES) {
          break;
        }
      }
      return { pages, requests: emulator.requests().filter((r) => r.operation === 'ListInstances').length };
    }

    it('ListInstances that repeats its NextToken stops instead of paging forever', async () => {
      const { pages, requests } = await pagedUnder('repeatNextToken');
      assert.ok(pages <= 2, `${pages} pages`);
      assert.ok(requests <= 2, `${requests} requests`);
    });

    it('ListInstances that names a new NextToken on every page stops after MAX_INSTANCE_PAGES', async () => {
      const { pages, requests } = await pagedUnder('endlessNextToken');
      assert.equal(pages, MAX_INSTANCE_PAGES);
      assert.equal(requests, MAX_INSTANCE_PAGES, 'one request a page');
    });

    it('a response body larger than any real answer is refused, not read into memory', async () => {
      emulator.fault({ operation: 'GetFederationToken', fault: { kind: 'oversize', bytes: 8 * 1024 * 1024 } });
      const outcome = await service.fetch(await planFor('demo'));
      assert.equal(kindOf(outcome), 'invalidResponse');
      assert.match(!outcome.ok ? outcome.failure.message : '', /too large|1 MB/);
      assert.equal(store.size, 0);
    });
  });

  describe('item 3 and 5: every service answer is checked before it is kept', () => {
    const patched = async (body: Record<string, unknown>): Promise<FetchOutcome> => {
      emulator.fault({ operation: 'GetFederationToken', fault: { kind: 'patch', body } });
      return service.fetch(await planFor('demo'));
    };

    it('an AccessTokenExpiration out of any sane range (1e20 s) is refused, nothing stored', async () => {
      const outcome = await patched({ Credentials: { AccessTokenExpiration: 1e20 } });
      assert.equal(kindOf(outcome), 'invalidResponse');
      assert.equal(store.size, 0);
    });

    it('a missing refresh token is refused', async () => {
      assert.equal(kindOf(await patched({ Credentials: { RefreshToken: null } })), 'invalidResponse');
    });

    for (const url of ['command:workbench.action.terminal.new', 'file:///etc/passwd', 'http://demo.my.connect.aws/auth/sign-in?token=x', 'javascript:alert(1)']) {
      it(`a SignInUrl ${url.split('?')[0]} is refused: only https (http for a loopback endpoint and host) is opened`, async () => {
        const outcome = await patched({ SignInUrl: url });
        assert.equal(kindOf(outcome), 'invalidResponse');
        assert.equal(store.size, 0);
      });
    }

    it('an http SignInUrl on the loopback emulator, which requests went to, is accepted', async () => {
      emulator.configure({ signInBaseUrl: emulator.url });
      assert.equal(kindOf(await service.fetch(await planFor('demo'))), 'ok');
    });

    it('a hostile instance alias from ListInstances is dropped, the instance kept', async () => {
      emulator.fault({
        operation: 'ListInstances',
        fault: { kind: 'patch', body: { InstanceSummaryList: [{ Id: DEMO_INSTANCE_ID, InstanceAlias: '$(alert) [x](command:evil) ![i](https://x/i.png)' }, { Id: 'not an id' }] } },
      });
      const pages = [];
      for await (const page of service.listInstances({ profile: 'demo', region: 'us-east-1', endpoint: emulator.url })) {
        pages.push(...page);
      }
      assert.deepEqual(pages, [{ instanceId: DEMO_INSTANCE_ID, arn: undefined, alias: undefined, status: undefined, identityManagementType: undefined }]);
    });

    it('a hostile service error message reaches no notification as a link', async () => {
      emulator.fail({ operation: 'GetFederationToken', error: 'InvalidParameterException', message: 'Bad [click](command:workbench.action.terminal.new) $(alert)\u202e\n' });
      const outcome = await service.fetch(await planFor('demo'));
      assert.equal(kindOf(outcome), 'invalidParameter');
      const message = !outcome.ok ? outcome.failure.message : '';
      assert.doesNotMatch(message, /\]\(/);
      assert.doesNotMatch(message, /[\u0000-\u001f\u202e]/);
    });
  });

  describe('item 3: stored data that does not break the extension', () => {
    it('a stored session without a refresh token is dropped, and later failures still explain themselves', async () => {
      const secrets = new MemorySecrets();
      const broken = { ...sampleSession({ profile: 'old' }), credentials: { accessToken: 'EMUAT-old-access', accessTokenExpiration: Date.now() + 3600_000 } };
      secrets.values.set(SESSIONS_SECRET_KEY, JSON.stringify([broken, sampleSession({ fetchedAt: Date.now(), credentials: { ...sampleSession().credentials, accessTokenExpiration: Date.now() + 3600_000, refreshTokenExpiration: Date.now() + 7200_000 } })]));
      store = new SessionStore(secrets);
      await store.load();
      assert.deepEqual(store.list().map((s) => s.profile), ['dev']);
      service = new FederationService({ aws: loadAws, store, recents: new Recents(state), clock: systemClock, log });
      emulator.fail({ operation: 'GetFederationToken', error: 'AccessDeniedException' });
      assert.equal(kindOf(await service.fetch(await planFor('demo'))), 'accessDenied');
    });

    it('a SecretStorage that does not answer (a locked keyring) ends the fetch with what to do; the token is saved once it answers', async () => {
      const secrets = new MemorySecrets();
      const realStore = secrets.store.bind(secrets);
      let answer = (): void => undefined;
      secrets.store = (key, value) => new Promise<void>((resolve) => (answer = () => void realStore(key, value).then(resolve)));
      store = new SessionStore(secrets, new InProcessLock(), 2_500);
      service = new FederationService({ aws: loadAws, store, recents: new Recents(state), clock: systemClock, log });
      // The fetch's deadline (1 s + 1 s) is shorter than the storage's wait: the message is still the storage's, not "no answer".
      const settings = { ...DEFAULT_CONNECTION_SETTINGS, connectTimeoutSeconds: 1, readTimeoutSeconds: 1 };
      const outcome = await service.fetch(await planFor('demo', DEMO_INSTANCE_ID, settings));
      assert.equal(kindOf(outcome), 'storage');
      assert.match(!outcome.ok ? outcome.failure.message : '', /^VS Code's secret storage has not finished a write in 2\.5 s\. The token is shown but not saved yet; .*keyring .*unlock it/);
      assert.equal(secrets.values.size, 0);
      answer();
      await store.load();
      assert.equal(JSON.parse(secrets.values.get(SESSIONS_SECRET_KEY) ?? '[]').length, 1, 'saved once the storage answered');
    });

    it('recent instances of the wrong type neither crash the look-up nor turn a stored token into a failed fetch', async () => {
      for (const junk of ['x', 42, [1, 2], { demo: 'x' }, { demo: [null, { instanceId: 7 }] }, { demo: { length: 3 } }]) {
        state.values.set('connectFederation.recentInstances', junk);
        const recents = new Recents(state);
        assert.deepEqual(recents.instances('demo'), []);
        const outcome = await service.fetch(await planFor('demo'));
        assert.equal(kindOf(outcome), 'ok', JSON.stringify(junk));
        assert.equal(recents.instances('demo')[0]?.instanceId, DEMO_INSTANCE_ID);
      }
    });

    it('profile names that are Object.prototype keys look up nothing', () => {
      const recents = new Recents(state);
      for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__']) {
        assert.deepEqual(recents.instances(name), [], name);
      }
    });
  });

  describe('item 10: the right words', () => {
    it('a source_profile cycle is reported as a cycle', async () => {
      const outcome = await service.fetch(await planFor('loop-a'));
      assert.equal(kindOf(outcome), 'configuration');
      assert.match(!outcome.ok ? outcome.failure.message : '', /source_profile.*(loop|cycle)/i);
      assert.match(!outcome.ok ? outcome.failure.message : '', /loop-a.*loop-b|loop-b.*loop-a/);
    });

    it('a credential_process that prints megabytes is reported as that', async () => {
      const outcome = await service.fetch(await planFor('flood'));
      assert.equal(kindOf(outcome), 'credentialProcess');
      assert.match(!outcome.ok ? outcome.failure.message : '', /more than 1 MB/);
    });

    it('DuplicateResourceException says the Connect user is already linked to another IAM identity', async () => {
      emulator.fail({ operation: 'GetFederationToken', error: 'DuplicateResourceException', message: 'A resource with the specified name already exists.' });
      const outcome = await service.fetch(await planFor('demo'));
      assert.equal(kindOf(outcome), 'duplicateResource');
      const message = !outcome.ok ? outcome.failure.message : '';
      assert.match(message, /already (linked|bound)/);
      assert.doesNotMatch(message, /Try again/);
    });
  });
});
