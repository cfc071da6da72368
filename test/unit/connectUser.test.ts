/** Which Connect user an identity is, the role session name a profile may choose, and what is kept of those choices. */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { callerOf, describeCaller, isRoleSessionName, roleSessionNameFor, summarizeCaller } from '../../src/core/connectUser';
import { explainFailure, FailureContext } from '../../src/core/errors';
import { ProfileKind, ProfileSummary } from '../../src/core/profiles';
import { MAX_RECENT_ROLE_SESSION_NAMES, MAX_RECENT_ROLE_SESSION_TARGETS, Recents } from '../../src/core/recents';
import { SessionStore } from '../../src/core/sessionStore';
import { MemorySecrets, MemoryState } from '../support/memoryBackends';
import { sampleSession } from '../support/sessions';

const ID = '5d5c4f2e-1111-4a2b-9c3d-0123456789ab';

describe('callerOf: the Connect user an IAM identity maps to', () => {
  it('takes the role session name of an assumed role, the name of an IAM user, none for the root user', () => {
    assert.deepEqual(callerOf('arn:aws:sts::123456789012:assumed-role/ConnectAgent/alice@example.com'), {
      arn: 'arn:aws:sts::123456789012:assumed-role/ConnectAgent/alice@example.com',
      kind: 'assumedRole',
      connectUserName: 'alice@example.com',
    });
    assert.equal(callerOf('arn:aws-us-gov:iam::123456789012:user/team/connect-admin')?.connectUserName, 'connect-admin');
    assert.deepEqual(callerOf('arn:aws:iam::123456789012:root'), { arn: 'arn:aws:iam::123456789012:root', kind: 'root' });
    assert.deepEqual(callerOf('arn:aws:sts::123456789012:federated-user/bob'), { arn: 'arn:aws:sts::123456789012:federated-user/bob', kind: 'other' });
  });

  it('says who signed in and as whom in one line', () => {
    assert.equal(
      describeCaller(callerOf('arn:aws:sts::123456789012:assumed-role/ConnectAgent/alice')!),
      'arn:aws:sts::123456789012:assumed-role/ConnectAgent/alice → Connect user alice',
    );
    assert.match(describeCaller(callerOf('arn:aws:iam::123456789012:root')!), /root user, which Connect never federates/);
    assert.equal(
      summarizeCaller(callerOf('arn:aws:sts::123456789012:assumed-role/ConnectAgent/alice')!),
      'Connect user alice · arn:aws:sts::123456789012:assumed-role/ConnectAgent/alice',
      'the Connect user first, for a narrow view',
    );
    assert.equal(summarizeCaller(callerOf('arn:aws:sts::123456789012:federated-user/bob')!), 'arn:aws:sts::123456789012:federated-user/bob');
  });

  it('takes nothing that is not a caller ARN: other services, short accounts, control characters, huge text', () => {
    for (const value of ['arn:aws:s3:::bucket', 'arn:aws:sts::123:assumed-role/R/x', 'arn:aws:iam::123456789012:', 'command:x', 'arn:aws:iam::123456789012:user/a\u202eb', `arn:aws:iam::123456789012:user/${'a'.repeat(3000)}`, 42, null, undefined]) {
      assert.equal(callerOf(value), undefined, String(value).slice(0, 60));
    }
  });

  it('never throws, and any name it gives is a plain part of the ARN (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^arn:aws:(iam|sts)::\d{12}:[a-z-]+(\/[^/\s]{0,8}){0,3}$/)), (value) => {
        const caller = callerOf(value);
        return caller === undefined || caller.connectUserName === undefined || (caller.arn.endsWith(`/${caller.connectUserName}`) && !caller.connectUserName.includes('/'));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('roleSessionNameFor: which profiles may choose their Connect user', () => {
  const profile = (kind: ProfileKind, settings: Record<string, string> = {}): ProfileSummary => ({ name: 'agents', kind, endpoints: {}, settings });

  it("takes a chosen name for role and web identity profiles; the profile's own name is no choice", () => {
    assert.deepEqual(roleSessionNameFor(profile('role', { role_session_name: 'alice' }), 'bob'), { ok: true, value: 'bob' });
    assert.deepEqual(roleSessionNameFor(profile('role', { role_session_name: 'alice' }), 'alice'), { ok: true, value: undefined });
    assert.deepEqual(roleSessionNameFor(profile('webIdentity'), 'carol'), { ok: true, value: 'carol' });
    assert.deepEqual(roleSessionNameFor(profile('accessKeys'), undefined), { ok: true, value: undefined });
  });

  it('refuses a name for a profile that assumes no role, saying why and what would work', () => {
    for (const kind of ['accessKeys', 'sso', 'process', 'environment', 'none'] as const) {
      const result = roleSessionNameFor(profile(kind), 'bob');
      assert.ok(!result.ok);
      assert.match(result.reason, /^Profile agents signs in with .+, not by assuming a role.*role_arn/);
    }
  });

  it('is the rule STS applies: [\\w+=,.@-]{2,64}', () => {
    assert.ok(isRoleSessionName('al') && isRoleSessionName('a'.repeat(64)) && isRoleSessionName('a+b=c,d.e@f-g_h'));
    assert.ok(!isRoleSessionName('a') && !isRoleSessionName('a'.repeat(65)) && !isRoleSessionName('ä1') && !isRoleSessionName('a b') && !isRoleSessionName(undefined));
  });
});

describe('Recents: role session names per profile × instance', () => {
  it('remembers the names chosen, the last one first, without repeats, and capped', async () => {
    const recents = new Recents(new MemoryState());
    for (let i = 0; i < MAX_RECENT_ROLE_SESSION_NAMES + 3; i++) {
      await recents.rememberRoleSessionName('agents', ID, `user${i}`);
    }
    await recents.rememberRoleSessionName('agents', ID, 'user5');
    const names = recents.roleSessionNames('agents', ID);
    assert.equal(names.length, MAX_RECENT_ROLE_SESSION_NAMES);
    assert.deepEqual(names.slice(0, 2), ['user5', `user${MAX_RECENT_ROLE_SESSION_NAMES + 2}`]);
    assert.deepEqual(recents.roleSessionNames('agents', 'other'), []);
    assert.deepEqual(recents.roleSessionNames('other', ID), []);
  });

  it('keeps the pairs apart whatever the profile name holds, and caps them', async () => {
    const state = new MemoryState();
    const recents = new Recents(state);
    await recents.rememberRoleSessionName('a","b', ID, 'bob');
    await recents.rememberRoleSessionName('__proto__', ID, 'carol');
    assert.deepEqual(recents.roleSessionNames('a","b', ID), ['bob']);
    assert.deepEqual(recents.roleSessionNames('a', `b",${ID}`), []);
    assert.deepEqual(recents.roleSessionNames('__proto__', ID), ['carol']);
    for (let i = 0; i < MAX_RECENT_ROLE_SESSION_TARGETS + 5; i++) {
      await recents.rememberRoleSessionName(`p${i}`, ID, 'bob');
    }
    assert.equal(Object.keys(state.values.get('connectFederation.recentRoleSessionNames') as object).length, MAX_RECENT_ROLE_SESSION_TARGETS);
    assert.deepEqual(recents.roleSessionNames('a","b', ID), [], 'the least recently used went');
  });

  it('reads only valid names from what another window or version stored (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (stored) => {
        const state = new MemoryState();
        state.values.set('connectFederation.recentRoleSessionNames', { [JSON.stringify(['agents', ID])]: stored, other: stored });
        const names = new Recents(state).roleSessionNames('agents', ID);
        return names.every(isRoleSessionName) && names.length <= MAX_RECENT_ROLE_SESSION_NAMES && new Set(names).size === names.length;
      }),
      { numRuns: 500 },
    );
  });
});

describe('UserNotFoundException names who signed in', () => {
  const ctx: FailureContext = { operation: 'GetFederationToken', profile: 'agents', profileExists: true, region: 'us-east-1', instanceId: ID };
  const notFound = Object.assign(new Error('No user with the specified credentials was found in the Amazon Connect instance.'), {
    name: 'UserNotFoundException',
    $metadata: { httpStatusCode: 404 },
  });

  it('names the identity, the Connect user it maps to and why, and offers another user for a role profile', () => {
    const caller = callerOf('arn:aws:sts::123456789012:assumed-role/ConnectAgent/nobody')!;
    const failure = explainFailure(notFound, { ...ctx, caller, canChooseUser: true });
    assert.equal(failure.kind, 'userNotFound');
    assert.equal(
      failure.message,
      `Instance ${ID} has no Connect user named nobody: profile agents signed in as arn:aws:sts::123456789012:assumed-role/ConnectAgent/nobody, ` +
        'and Connect takes its role session name as the user name (case-sensitive). Ask your Connect administrator to create the user nobody ' +
        '(federation also needs an instance with SAML identity management), or sign in as another Connect user (another role session name).',
    );
    assert.deepEqual(failure.actions, ['chooseUser', 'showLog']);
  });

  it('says to set role_session_name when the AWS SDK named the session (the profile sets none)', () => {
    for (const name of ['aws-sdk-js-1796416322459', 'aws-sdk-js-session-1796416322459']) {
      const failure = explainFailure(notFound, { ...ctx, caller: callerOf(`arn:aws:sts::123456789012:assumed-role/ConnectAgent/${name}`), canChooseUser: true });
      assert.match(failure.message, new RegExp(`no Connect user named ${name}: .*a role session the AWS SDK named because the profile sets no role_session_name\\. .*set role_session_name to a Connect user's name in the profile, or sign in as another Connect user`));
      assert.doesNotMatch(failure.message, /create the user/);
    }
  });

  it("names an IAM user's name, and offers no other user to a profile that cannot choose one", () => {
    const failure = explainFailure(notFound, { ...ctx, profile: 'nouser', caller: callerOf('arn:aws:iam::123456789012:user/nouser'), canChooseUser: false });
    assert.match(failure.message, /no Connect user named nouser: profile nouser signed in as arn:aws:iam::123456789012:user\/nouser, and Connect takes the IAM user's name/);
    assert.doesNotMatch(failure.message, /another Connect user/);
    assert.deepEqual(failure.actions, ['showLog']);
  });

  it('still says what to do when the identity is not known', () => {
    const failure = explainFailure(notFound, { ...ctx, canChooseUser: true });
    assert.match(failure.message, /no Connect user for the IAM identity of profile agents\..*SAML.*or sign in as another Connect user/);
  });
});

describe('SessionStore.amend: who signed in, added after the session was kept', () => {
  it('adds the identity to the same fetch, once, and to nothing replaced or removed meanwhile', async () => {
    const secrets = new MemorySecrets();
    const store = new SessionStore(secrets);
    const session = sampleSession();
    await store.put(session);
    let changes = 0;
    store.onDidChange(() => changes++);
    await store.amend({ ...session, callerArn: 'arn:aws:iam::123456789012:user/dev' });
    assert.equal(store.get(session.id)?.callerArn, 'arn:aws:iam::123456789012:user/dev');
    assert.equal(changes, 1, 'the identity line is a change');
    const reread = new SessionStore(secrets);
    await reread.load();
    assert.equal(reread.get(session.id)?.callerArn, 'arn:aws:iam::123456789012:user/dev', 'kept in the secret');

    const newer = sampleSession({ fetchedAt: session.fetchedAt + 1, credentials: { ...session.credentials, accessToken: 'EMUAT-newer' } });
    await store.put(newer);
    await store.amend({ ...session, callerArn: 'arn:aws:iam::123456789012:user/old' });
    assert.equal(store.get(session.id)?.credentials.accessToken, 'EMUAT-newer');
    assert.equal(store.get(session.id)?.callerArn, undefined, 'a newer fetch is not given an older answer');
    await store.remove(session.id);
    await store.amend({ ...newer, callerArn: 'arn:aws:iam::123456789012:user/dev' });
    assert.equal(store.size, 0, 'a removed session stays removed');
  });
});
