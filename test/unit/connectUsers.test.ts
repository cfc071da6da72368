/**
 * Signing in as a chosen Connect user, through the real SDK and the emulator's STS and Connect: the
 * role session name chosen for a role profile reaches AssumeRole (the last hop only) and decides the
 * Connect user; who signed in comes from GetCallerIdentity, once per set of credentials; Connect's
 * UserNotFoundException names that identity.
 */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConnectClients } from '../../src/core/aws/connectClients';
import { fetchFederationToken } from '../../src/core/aws/federation';
import { explainFailure } from '../../src/core/errors';
import { FederationService, FetchOutcome } from '../../src/core/federationService';
import { Recents } from '../../src/core/recents';
import { sessionId } from '../../src/core/session';
import { SessionStore } from '../../src/core/sessionStore';
import { DEFAULT_TRANSPORT } from '../../src/core/transport';
import type { RecordedRequest } from '../emulator/control';
import {
  ACCOUNT_ID,
  CONNECT_ADMIN_ROLE,
  CONNECT_AGENT_ROLE,
  DEMO_IDENTITY,
  DEMO_INSTANCE_ID,
  DEMO_REGION,
  UNMAPPED_SESSION_NAME,
  WEB_IDENTITY_TOKEN,
} from '../emulator/fixtures';
import { Emulator, startEmulator } from '../emulator/server';
import { TEST_CA_PATH } from '../emulator/tls';
import { TempAwsFiles } from '../support/awsFiles';
import { MemoryState } from '../support/memoryBackends';
import { MemoryLogger } from '../support/memoryLogger';
import { memoryService } from '../support/memoryService';
import { planFor } from '../support/plans';

const keys = `aws_access_key_id = ${DEMO_IDENTITY.accessKeyId}\naws_secret_access_key = ${DEMO_IDENTITY.secretAccessKey}\n`;
const agentArn = (session: string) => `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${CONNECT_AGENT_ROLE.name}/${session}`;

function configFor(emulator: Emulator, tokenFile: string): string {
  const profile = (name: string, settings: string) => `[profile ${name}]\nregion = ${DEMO_REGION}\nendpoint_url = ${emulator.url}\n${settings}\n`;
  return [
    profile('demo', keys),
    profile('agents', `role_arn = ${CONNECT_AGENT_ROLE.arn}\nsource_profile = demo\nrole_session_name = alice`),
    // Two hops: ConnectAdmin (as "hop"), then ConnectAgent from that session.
    profile('admin', `role_arn = ${CONNECT_ADMIN_ROLE.arn}\nsource_profile = demo\nrole_session_name = hop`),
    profile('chained', `role_arn = ${CONNECT_AGENT_ROLE.arn}\nsource_profile = admin\nrole_session_name = alice`),
    profile('web', `role_arn = ${CONNECT_ADMIN_ROLE.arn}\nweb_identity_token_file = ${tokenFile}\nrole_session_name = pipeline`),
  ].join('\n');
}

describe('Signing in as a chosen Connect user (emulator)', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let files: TempAwsFiles;
  let store: SessionStore;
  let state: MemoryState;
  let log: MemoryLogger;
  let service: FederationService;

  before(async () => (emulator = await startEmulator()));
  after(() => emulator.close());
  beforeEach(() => {
    emulator.reset();
    emulator.clearRequests();
    files = new TempAwsFiles();
    const tokenFile = path.join(files.dir, 'web-identity-token');
    writeFileSync(tokenFile, WEB_IDENTITY_TOKEN);
    files.write(configFor(emulator, tokenFile), '');
    // The SDK's STS client (AssumeRole) finds the emulator through the standard variable.
    process.env.AWS_ENDPOINT_URL_STS = emulator.url;
    ({ store, state, log, service } = memoryService());
  });
  afterEach(() => {
    service.reset();
    files.restore();
  });

  const stsCalls = (operation: RecordedRequest['operation']): RecordedRequest[] => emulator.requests().filter((r) => r.operation === operation);

  async function fetch(profile: string, roleSessionName?: string): Promise<FetchOutcome> {
    return service.fetch(await planFor(profile, DEMO_INSTANCE_ID, undefined, roleSessionName));
  }

  function session(outcome: FetchOutcome) {
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.failure.message);
    return outcome.session;
  }

  it("assumes the profile's role under the chosen role session name, and Connect federates that user", async () => {
    const bob = session(await fetch('agents', 'bob'));
    assert.deepEqual(stsCalls('AssumeRole').map((r) => r.form?.RoleSessionName), ['bob']);
    assert.equal(bob.roleSessionName, 'bob');
    assert.equal(bob.id, sessionId({ profile: 'agents', instanceId: DEMO_INSTANCE_ID, roleSessionName: 'bob' }));
    assert.equal(emulator.tokens()[0].userName, 'bob');
    assert.equal(emulator.tokens()[0].principalArn, agentArn('bob'));
  });

  it("keeps the profile's own role_session_name without a choice, and both sessions side by side", async () => {
    const alice = session(await fetch('agents'));
    const bob = session(await fetch('agents', 'bob'));
    assert.deepEqual(stsCalls('AssumeRole').map((r) => r.form?.RoleSessionName), ['alice', 'bob']);
    assert.equal(alice.roleSessionName, undefined);
    assert.equal(alice.id, `agents/${DEMO_INSTANCE_ID}`, 'keyed as sessions were before a name could be chosen');
    assert.deepEqual(store.list().map((s) => s.id).sort(), [alice.id, bob.id].sort());
    assert.deepEqual(emulator.tokens().map((t) => t.userName), ['alice', 'bob']);
  });

  it('renames only the last hop of a role chain: source profiles keep their own names', async () => {
    session(await fetch('chained', 'bob'));
    assert.deepEqual(
      stsCalls('AssumeRole').map((r) => [r.form?.RoleArn, r.form?.RoleSessionName]),
      [
        [CONNECT_ADMIN_ROLE.arn, 'hop'],
        [CONNECT_AGENT_ROLE.arn, 'bob'],
      ],
    );
    assert.equal(emulator.tokens()[0].userName, 'bob');
  });

  it('renames a web identity profile’s AssumeRoleWithWebIdentity', async () => {
    const outcome = session(await fetch('web', 'carol'));
    assert.deepEqual(stsCalls('AssumeRoleWithWebIdentity').map((r) => r.form?.RoleSessionName), ['carol']);
    assert.equal(outcome.id, `web/${DEMO_INSTANCE_ID}#carol`);
  });

  it('keeps credentials per role session name: a second fetch of each assumes no role again', async () => {
    session(await fetch('agents', 'bob'));
    session(await fetch('agents'));
    session(await fetch('agents', 'bob'));
    session(await fetch('agents'));
    assert.deepEqual(stsCalls('AssumeRole').map((r) => r.form?.RoleSessionName), ['bob', 'alice']);
  });

  it('shows who signed in, asked with the same credentials once per set of credentials', async () => {
    const bob = session(await fetch('agents', 'bob'));
    const arn = await until(() => store.get(bob.id)?.callerArn);
    assert.equal(arn, agentArn('bob'));
    session(await fetch('agents', 'bob'));
    await until(() => store.get(bob.id)?.callerArn);
    // Signed with the credentials Connect got (an earlier test's questions may still arrive: they have other keys).
    const connectKeys = emulator.requests().filter((r) => r.operation === 'GetFederationToken').map((r) => r.accessKeyId);
    assert.deepEqual(connectKeys, [connectKeys[0], connectKeys[0]]);
    const askedWith = (key: string | undefined) => stsCalls('GetCallerIdentity').filter((r) => r.accessKeyId === key).length;
    assert.equal(askedWith(connectKeys[0]), 1, 'one GetCallerIdentity for the same credentials');
    session(await fetch('demo'));
    assert.equal(await until(() => store.get(`demo/${DEMO_INSTANCE_ID}`)?.callerArn), DEMO_IDENTITY.principalArn);
    assert.equal(askedWith(DEMO_IDENTITY.accessKeyId), 1, 'other credentials, another question');
  });

  it('asks who signs in while the user picks, so the fetched session carries the identity from the start', async () => {
    const plan = await planFor('agents', DEMO_INSTANCE_ID, undefined, 'bob');
    service.askCallerAhead({ profile: plan.profile, region: plan.region, roleSessionName: plan.roleSessionName, transport: plan.transport, stsEndpoint: plan.stsEndpoint });
    await until(() => stsCalls('GetCallerIdentity').find((r) => r.status === 200));
    const puts: (string | undefined)[] = [];
    store.onDidChange(() => puts.push(store.list()[0]?.callerArn));
    const bob = session(await service.fetch(plan));
    assert.equal(bob.callerArn, agentArn('bob'), 'known when the session is first shown');
    assert.deepEqual(puts, [agentArn('bob')], 'one change: no amend afterwards');
    assert.equal(stsCalls('GetCallerIdentity').length, 1, 'the answer asked ahead is the one used');
  });

  it('asks the ConnectClients once for the same credentials, again after a failed question', async () => {
    const clients = new ConnectClients();
    try {
      const target = { profile: 'demo', region: DEMO_REGION, stsEndpoint: emulator.url };
      emulator.fail({ operation: 'GetCallerIdentity', error: 'InternalFailure', status: 500, count: 3 });
      await assert.rejects(clients.callerIdentity({ ...target, transport: undefined }));
      const [first, second] = await Promise.all([clients.callerIdentity(target), clients.callerIdentity(target)]);
      assert.equal(first, second);
      assert.deepEqual(first, { arn: DEMO_IDENTITY.principalArn, kind: 'iamUser', connectUserName: 'connect-admin' });
      assert.equal(await clients.callerIdentity(target), first);
      assert.deepEqual(stsCalls('GetCallerIdentity').map((r) => r.status), [500, 500, 500, 200]);
    } finally {
      clients.reset();
    }
  });

  it('never fails or holds a fetch for GetCallerIdentity: the session is kept without the line, and the failure logged', async () => {
    emulator.fail({ operation: 'GetCallerIdentity', error: 'AccessDenied', status: 403, count: -1 });
    const bob = session(await fetch('agents', 'bob'));
    await until(() => log.lines.find((line) => /GetCallerIdentity for profile agents failed/.test(line)));
    assert.equal(store.get(bob.id)?.callerArn, undefined);
    assert.equal(store.get(bob.id)?.credentials.accessToken, bob.credentials.accessToken);
  });

  it('shows the session before GetCallerIdentity answers, and fills the identity in when it does', async () => {
    emulator.delay({ operation: 'GetCallerIdentity', ms: 2_000 });
    const started = Date.now();
    const bob = session(await fetch('agents', 'bob'));
    assert.ok(Date.now() - started < 1_500, `the fetch waited ${Date.now() - started} ms`);
    assert.equal(store.get(bob.id)?.callerArn, undefined);
    assert.equal(await until(() => store.get(bob.id)?.callerArn), agentArn('bob'));
    assert.equal(store.get(bob.id)?.credentials.accessToken, bob.credentials.accessToken, 'the same session, its identity added');
  });

  it('asks STS over the same transport as Connect: the CA bundle it trusts', async () => {
    const tls = await startEmulator({ tls: true });
    const clients = new ConnectClients();
    try {
      const target = { profile: 'demo', region: DEMO_REGION, stsEndpoint: tls.url, transport: { ...DEFAULT_TRANSPORT, maxAttempts: 1 } };
      const untrusted = await clients.callerIdentity(target).catch((error: unknown) => error);
      assert.equal(explainFailure(untrusted, { operation: 'SignIn', profile: 'demo', profileExists: true, region: DEMO_REGION }).kind, 'tlsUntrusted');
      const trusted = { ...target.transport, caBundle: { value: TEST_CA_PATH, source: 'test' } };
      assert.equal((await clients.callerIdentity({ ...target, transport: trusted })).arn, DEMO_IDENTITY.principalArn);
      assert.deepEqual(tls.requests().map((r) => `${r.operation} ${r.status}`), ['GetCallerIdentity 200']);
    } finally {
      clients.reset();
      await tls.close();
    }
  });

  it('names the identity and the Connect user it maps to when Connect has no such user, and offers another', async () => {
    const outcome = await fetch('agents', UNMAPPED_SESSION_NAME);
    assert.ok(!outcome.ok);
    assert.equal(outcome.failure.kind, 'userNotFound');
    assert.match(outcome.failure.message, new RegExp(`no Connect user named ${UNMAPPED_SESSION_NAME}: profile agents signed in as ${agentArn(UNMAPPED_SESSION_NAME)}`));
    assert.match(outcome.failure.message, /role session name/);
    assert.deepEqual(outcome.failure.actions, ['chooseUser', 'showLog']);
    assert.equal(store.size, 0);
  });

  it('offers no other Connect user for a profile that assumes no role', async () => {
    emulator.fail({ operation: 'GetFederationToken', error: 'UserNotFoundException' });
    const outcome = await fetch('demo');
    assert.ok(!outcome.ok);
    assert.match(outcome.failure.message, new RegExp(`no Connect user named connect-admin: profile demo signed in as ${DEMO_IDENTITY.principalArn}, and Connect takes the IAM user's name`));
    assert.deepEqual(outcome.failure.actions, ['showLog']);
  });

  it('remembers the names chosen per profile × instance, the last one first', async () => {
    const recents = new Recents(state);
    session(await fetch('agents', 'bob'));
    session(await fetch('agents'));
    assert.deepEqual(recents.roleSessionNames('agents', DEMO_INSTANCE_ID), ['bob']);
    await fetch('agents', UNMAPPED_SESSION_NAME);
    assert.deepEqual(recents.roleSessionNames('agents', DEMO_INSTANCE_ID), ['bob'], 'a name that found no user is not kept');
  });

  it('resolves credentials early under the chosen name, so the fetch assumes no role again', async () => {
    assert.equal(await service.checkCredentials({ profile: 'agents', profileExists: true, roleSessionName: 'bob' }), undefined);
    session(await fetch('agents', 'bob'));
    assert.deepEqual(stsCalls('AssumeRole').map((r) => r.form?.RoleSessionName), ['bob']);
  });

  it('fetches with a chosen name through ConnectClients directly', async () => {
    const clients = new ConnectClients();
    try {
      const target = { profile: 'agents', region: DEMO_REGION, endpoint: emulator.url, roleSessionName: 'bob' };
      await clients.resolveCredentials(target);
      const token = await fetchFederationToken(clients.get(target), DEMO_INSTANCE_ID);
      assert.equal(token.userArn, emulator.tokens()[0].userArn);
      assert.equal(emulator.tokens()[0].userName, 'bob');
    } finally {
      clients.reset();
    }
  });
});

/** Polls until `value` gives something (GetCallerIdentity answers beside the fetch, not before it ends). */
async function until<T>(value: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = value();
    if (found !== undefined) {
      return found;
    }
    assert.ok(Date.now() < deadline, 'timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
