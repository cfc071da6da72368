/** The stored-state parser, property-tested: arbitrary JSON never throws and yields only usable sessions; valid sessions round-trip. */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { expiryStatus } from '../../src/core/expiry';
import { formatExpiry } from '../../src/core/localTime';
import { cliJson, environmentVariables } from '../../src/core/exportFormats';
import { secretsOf } from '../../src/core/federationService';
import { redact } from '../../src/core/redact';
import { FederationSession, describeTarget, localExpiry, sessionId } from '../../src/core/session';
import { MAX_STORED_SESSIONS, parseSession, parseStoredSessions, tokenProblem } from '../../src/core/sessionParser';
import { EARLIEST_EPOCH_MS, LATEST_EPOCH_MS, signInUrlProblem } from '../../src/core/untrusted';
import { sampleSession } from '../support/sessions';

const epoch = fc.integer({ min: EARLIEST_EPOCH_MS, max: LATEST_EPOCH_MS });
/** Expirations carry the microseconds the service sent, as a fraction of a millisecond. */
const expiration = fc.oneof(epoch, fc.double({ min: EARLIEST_EPOCH_MS, max: LATEST_EPOCH_MS, noNaN: true }));
const token = fc.stringMatching(/^[\x21-\x7e]{1,80}$/);
const plain = (maxLength: number) => fc.string({ maxLength, unit: 'grapheme' }).filter((s) => !/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/.test(s));

const validSession: fc.Arbitrary<FederationSession> = fc
  .record(
    {
      profile: plain(40).filter((s) => s.length > 0),
      instanceId: fc.uuid(),
      instanceAlias: fc.stringMatching(/^[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,2}$/).filter((a) => !a.startsWith('d-')),
      region: fc.constantFrom('us-east-1', 'eu-west-2', 'us-gov-west-1', 'ap-southeast-2', 'cn-north-1'),
      endpoint: fc.constantFrom('https://connect.example.com', 'http://127.0.0.1:4566', 'http://localhost:9000/'),
      fetchedAt: epoch,
      accessToken: token,
      accessTokenExpiration: expiration,
      refreshToken: token,
      refreshTokenExpiration: expiration,
      signInPath: fc.option(fc.stringMatching(/^[a-zA-Z0-9/_-]{0,30}$/), { nil: undefined }),
      userArn: plain(100),
      userId: plain(60),
      clockOffsetMs: fc.integer({ min: -366 * 86_400_000, max: 366 * 86_400_000 }),
      roleSessionName: fc.stringMatching(/^[\w+=,.@-]{2,64}$/),
      callerArn: fc.stringMatching(/^[\w+=,.@-]{2,64}$/).map((name) => `arn:aws:sts::123456789012:assumed-role/ConnectAgent/${name}`),
    },
    { requiredKeys: ['profile', 'instanceId', 'region', 'fetchedAt', 'accessToken', 'accessTokenExpiration', 'refreshToken', 'refreshTokenExpiration', 'userArn', 'userId'] },
  )
  .map((r) => ({
    id: sessionId(r),
    profile: r.profile,
    instanceId: r.instanceId,
    ...(r.roleSessionName !== undefined && { roleSessionName: r.roleSessionName }),
    ...(r.instanceAlias !== undefined && { instanceAlias: r.instanceAlias }),
    region: r.region,
    ...(r.endpoint !== undefined && { endpoint: r.endpoint }),
    fetchedAt: r.fetchedAt,
    credentials: {
      accessToken: r.accessToken,
      accessTokenExpiration: r.accessTokenExpiration,
      refreshToken: r.refreshToken,
      refreshTokenExpiration: r.refreshTokenExpiration,
    },
    // None at all when the service sent none.
    signInUrl: r.signInPath === undefined ? '' : `https://demo.my.connect.aws/${r.signInPath}?token=${encodeURIComponent(r.accessToken)}`,
    userArn: r.userArn,
    userId: r.userId,
    ...(r.clockOffsetMs !== undefined && { clockOffsetMs: r.clockOffsetMs }),
    ...(r.callerArn !== undefined && { callerArn: r.callerArn }),
  }));

/** Everything the extension does with a held session, none of which may throw. */
function useEverywhere(session: FederationSession): void {
  const now = Date.now();
  const expiry = localExpiry(session);
  assert.ok(Number.isFinite(expiry.access) && Number.isFinite(expiry.refresh));
  expiryStatus(expiry.access, now, 300_000);
  formatExpiry(expiry.refresh, now);
  JSON.parse(cliJson(session));
  environmentVariables(session, 'posix');
  redact(`log line ${JSON.stringify(session)}`, secretsOf(session));
  assert.equal(typeof describeTarget(session), 'string');
  assert.equal(signInUrlProblem(session.signInUrl, session.endpoint), undefined);
  assert.deepEqual(parseSession(session), session, 'a parsed session parses to itself');
}

/** Sets one field, somewhere in the value, to `replacement` (or deletes it). */
function mutate(session: FederationSession, path: readonly string[], replacement: unknown): unknown {
  const copy = structuredClone(session) as unknown as Record<string, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) {
    target = target[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (replacement === undefined) {
    delete target[last];
  } else {
    target[last] = replacement;
  }
  return copy;
}

const FIELD_PATHS = [
  ['id'], ['profile'], ['instanceId'], ['instanceAlias'], ['region'], ['endpoint'], ['fetchedAt'], ['credentials'],
  ['credentials', 'accessToken'], ['credentials', 'accessTokenExpiration'], ['credentials', 'refreshToken'],
  ['credentials', 'refreshTokenExpiration'], ['signInUrl'], ['userArn'], ['userId'], ['clockOffsetMs'], ['roleSessionName'], ['callerArn'],
];

const hostile = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(1e20, -1, NaN, Infinity, 0.5, '', 'command:workbench.action.terminal.new', 'file:///etc/passwd', 'javascript:alert(1)', 'http://evil.example/x', 'https://user:pass@x.example/', '$(alert) [x](command:y)', 'a\u202eb', 'x'.repeat(20_000), null, [], {}),
);

describe('stored-state parser (property-based)', () => {
  it('parses arbitrary JSON without throwing, and yields only sessions every consumer can use', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.array(fc.jsonValue()).map((v) => JSON.stringify(v)), fc.string()), (raw) => {
        parseStoredSessions(raw).forEach(useEverywhere);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips valid sessions', () => {
    fc.assert(
      fc.property(fc.uniqueArray(validSession, { selector: (s) => s.id, maxLength: 5 }), (sessions) => {
        assert.deepEqual(parseStoredSessions(JSON.stringify(sessions)), sessions);
        sessions.forEach(useEverywhere);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects a valid session with any field made hostile, or yields one that is still valid', () => {
    fc.assert(
      fc.property(validSession, fc.constantFrom(...FIELD_PATHS), fc.option(hostile, { nil: undefined }), (session, path, replacement) => {
        const parsed = parseSession(JSON.parse(JSON.stringify(mutate(session, path, replacement)) ?? 'null'));
        if (parsed) {
          useEverywhere(parsed);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('stored-state parser (cases)', () => {
  const valid = sampleSession();

  it('drops a session without a refresh token, or with an expiration that is no date (1e20, NaN as null)', () => {
    assert.equal(parseSession(mutate(valid, ['credentials', 'refreshToken'], undefined)), undefined);
    assert.equal(parseSession(mutate(valid, ['credentials', 'accessTokenExpiration'], 1e20)), undefined);
    assert.equal(parseSession(mutate(valid, ['credentials', 'accessTokenExpiration'], null)), undefined);
  });

  it('keeps only https sign-in URLs, and http ones only on a loopback host behind a loopback endpoint', () => {
    for (const url of ['command:workbench.action.terminal.new', 'file:///etc/passwd', 'http://demo.my.connect.aws/', 'https://u:p@demo.my.connect.aws/']) {
      assert.equal(parseSession({ ...valid, signInUrl: url }), undefined, url);
    }
    assert.ok(parseSession({ ...valid, endpoint: 'http://127.0.0.1:4566', signInUrl: 'http://127.0.0.1:4566/auth/sign-in?token=x' }));
    assert.equal(parseSession({ ...valid, endpoint: 'https://connect.example.com', signInUrl: 'http://127.0.0.1:4566/auth/sign-in' }), undefined);
    assert.equal(parseSession({ ...valid, signInUrl: '' })?.signInUrl, '', 'none at all: an answer without SignInUrl, kept as the AWS CLI prints it');
  });

  it('derives the ID from profile and instance (older IDs and forged ones alike), and drops a malformed alias only', () => {
    assert.equal(parseSession({ ...valid, id: `dev\u0000${valid.instanceId}` })?.id, valid.id);
    assert.equal(parseSession({ ...valid, id: 'prod/other' })?.id, valid.id);
    const parsed = parseSession({ ...valid, instanceAlias: '$(alert) [x](command:y)' });
    assert.ok(parsed);
    assert.equal(parsed.instanceAlias, undefined);
  });

  it('reads sessions kept before a Connect user could be chosen as they were, keyed as before', () => {
    // As an older version stored it: no roleSessionName, no callerArn.
    const stored = JSON.stringify([{ ...valid, id: `dev/${valid.instanceId}` }]);
    const [old] = parseStoredSessions(stored);
    assert.equal(old.id, `dev/${valid.instanceId}`);
    assert.equal(old.roleSessionName, undefined);
    assert.equal(old.callerArn, undefined);
  });

  it('keys a session of a chosen Connect user by its role session name too, whatever ID was stored', () => {
    const bob = parseSession({ ...valid, roleSessionName: 'bob', id: `dev/${valid.instanceId}` });
    assert.equal(bob?.id, `dev/${valid.instanceId}#bob`);
    assert.equal(bob?.roleSessionName, 'bob');
    const both = parseStoredSessions(JSON.stringify([valid, { ...valid, roleSessionName: 'bob' }, { ...valid, roleSessionName: 'alice' }]));
    assert.deepEqual(both.map((s) => s.id), [valid.id, `${valid.id}#bob`, `${valid.id}#alice`], 'side by side, none shadowing another');
  });

  it('drops a session whose role session name STS would refuse (its key), but only the identity line when that is malformed', () => {
    for (const name of ['b', 'x'.repeat(65), 'a/b', 'a#b', 'a b', 42, null]) {
      assert.equal(parseSession({ ...valid, roleSessionName: name }), undefined, String(name));
    }
    for (const arn of ['arn:aws:sts::123:assumed-role/R/x', 'command:x', 'arn:aws:sts::123456789012:assumed-role/R/x\u202e', 42]) {
      const parsed = parseSession({ ...valid, callerArn: arn });
      assert.ok(parsed, String(arn));
      assert.equal(parsed.callerArn, undefined);
    }
    assert.equal(parseSession({ ...valid, callerArn: 'arn:aws:iam::123456789012:user/connect-admin' })?.callerArn, 'arn:aws:iam::123456789012:user/connect-admin');
  });

  it('reads no more than the stored cap, and nothing from a value that is not an array of objects', () => {
    const many = Array.from({ length: MAX_STORED_SESSIONS + 5 }, (_, i) => sampleSession({ profile: `p${i}` }));
    assert.equal(parseStoredSessions(JSON.stringify(many)).length, MAX_STORED_SESSIONS);
    for (const raw of [undefined, '', 'null', '{}', '"x"', '[1,"a",null]', '{not json']) {
      assert.deepEqual(parseStoredSessions(raw), []);
    }
  });

  it('names what is wrong with a token without naming any of its values', () => {
    const problem = tokenProblem({ ...valid, signInUrl: 'command:x?token=EMUSI-secret' }, undefined);
    assert.match(problem ?? '', /scheme is command:/);
    assert.doesNotMatch(problem ?? '', /EMU/);
    assert.match(tokenProblem(mutate(valid, ['credentials', 'refreshToken'], undefined) as Record<string, unknown>, undefined) ?? '', /refresh token/);
  });
});
