import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { FETCH_ARGS_SHAPE, SESSION_ARG_SHAPE, parseFetchArgs, parseSessionArgument } from '../../src/core/commandArgs';

const ID = '5d5c4f2e-1111-4a2b-9c3d-0123456789ab';
const ARN = `arn:aws:connect:eu-west-2:123456789012:instance/${ID}`;

/** The reason of a refused argument, failing the test when it was accepted. */
function reasonOf(result: { ok: true } | { ok: false; reason: string }): string {
  assert.ok(!result.ok, 'the argument should be refused');
  return result.reason;
}

/** Any value a caller could pass: JSON (keybindings, tasks) and what executeCommand can carry in-process. */
const anyArgument = fc.oneof(
  fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withObjectString: true, withNullPrototype: true, withBigInt: true, withDate: true, withTypedArray: true, withSparseArray: true }),
  fc.json().map((text) => JSON.parse(text) as unknown),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'profile', 'instance', 'region', 'sessionId', 'roleSessionName'), fc.anything()),
);

describe('parseFetchArgs', () => {
  it('takes no argument (or null) as none: every step is asked', () => {
    assert.deepEqual(parseFetchArgs(undefined), { ok: true, value: {} });
    assert.deepEqual(parseFetchArgs(null), { ok: true, value: {} });
    assert.deepEqual(parseFetchArgs({}), { ok: true, value: {} });
  });

  it('checks each field: a profile name, an instance ID or ARN (parsed), a region', () => {
    const result = parseFetchArgs({ profile: ' prod-admin ', instance: ARN, region: 'us-east-1' });
    assert.ok(result.ok);
    assert.deepEqual(result.value, {
      profile: 'prod-admin',
      instance: { instanceId: ID, arn: ARN, region: 'eu-west-2', partition: 'aws', accountId: '123456789012' },
      region: 'us-east-1',
    });
    assert.deepEqual(parseFetchArgs({ instance: ID.toUpperCase() }), { ok: true, value: { instance: { instanceId: ID } } });
  });

  const refused: [string, unknown, RegExp][] = [
    ['a plain string', 'demo', /^The argument is a string; expected \{ "profile"/],
    ['a number', 42, /^The argument is a number;/],
    ['an array', [{ profile: 'demo' }], /^The argument is an array;/],
    ['{ "instance": 42 }', { instance: 42 }, /^"instance" is a number, not an instance ID or ARN;/],
    ['an instance that is none', { instance: 'demo-prod' }, /^"instance": "demo-prod" is not an instance ID/],
    ['an empty profile', { profile: '  ' }, /^"profile" is an empty string|^"profile" is a string, not a profile name/],
    ['a profile that is an object', { profile: { name: 'demo' } }, /^"profile" is an object, not a profile name;/],
    ['a region that is none', { region: 'moon-1' }, /^"region" is not an AWS region name/],
    ['a misspelt key', { profile: 'demo', instanceId: ID }, /^The argument has an unknown key "instanceId";/],
    ['a __proto__ key (as JSON.parse makes it)', JSON.parse('{"__proto__": {"polluted": true}, "profile": "demo"}'), /unknown key "__proto__"/],
    ['a constructor key', { constructor: 'x' }, /unknown key "constructor"/],
    ['a control character in the profile', { profile: 'demo\nrm -rf' }, /^"profile" holds control characters;/],
    ['a role session name of one character', { roleSessionName: 'a' }, /^"roleSessionName" is not a role session name \(2 to 64 letters/],
    ['a role session name of 65 characters', { roleSessionName: 'a'.repeat(65) }, /^"roleSessionName" is not a role session name/],
    ['a role session name with a space', { roleSessionName: 'alice smith' }, /^"roleSessionName" is not a role session name/],
    ['a role session name with a slash', { roleSessionName: 'team/alice' }, /^"roleSessionName" is not a role session name/],
    ['a role session name with a "#"', { roleSessionName: 'alice#2' }, /^"roleSessionName" is not a role session name/],
    ['a role session name that is a number', { roleSessionName: 42 }, /^"roleSessionName" is a number, not a role session name;/],
  ];
  for (const [name, arg, expected] of refused) {
    it(`refuses ${name}, naming the shape it takes`, () => {
      const reason = reasonOf(parseFetchArgs(arg));
      assert.match(reason, expected);
      assert.ok(reason.endsWith(`expected ${FETCH_ARGS_SHAPE}.`), reason);
    });
  }

  it('takes a role session name as STS does: [\\w+=,.@-]{2,64}, exactly as given', () => {
    for (const name of ['al', 'alice', 'alice@example.com', 'a.b-c_d+e=f,g', 'x'.repeat(64)]) {
      assert.deepEqual(parseFetchArgs({ profile: 'agents', roleSessionName: name }), { ok: true, value: { profile: 'agents', roleSessionName: name } });
    }
    assert.ok(!parseFetchArgs({ roleSessionName: ' alice ' }).ok, 'not trimmed: STS would refuse the spaces, and the name must match exactly');
  });

  it('accepts exactly the role session names STS accepts (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 70 }), (name) => {
        const sts = /^[A-Za-z0-9_+=,.@-]{2,64}$/.test(name);
        assert.equal(parseFetchArgs({ roleSessionName: name }).ok, sts);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a huge string without repeating it', () => {
    const huge = 'x'.repeat(10_000_000);
    for (const arg of [huge, { profile: huge }, { instance: huge }, { region: huge }, { roleSessionName: huge }]) {
      const reason = reasonOf(parseFetchArgs(arg));
      assert.ok(reason.length < 400, `a reason of ${reason.length} characters`);
    }
  });

  it('reads no getter and nothing inherited, and survives a throwing proxy', () => {
    let getterRan = false;
    const withGetter = Object.defineProperty({}, 'profile', { enumerable: true, get: () => ((getterRan = true), 'demo') });
    assert.match(reasonOf(parseFetchArgs(withGetter)), /cannot be read as plain data/);
    assert.equal(getterRan, false);
    assert.match(reasonOf(parseFetchArgs(Object.create({ profile: 'inherited' }))), /cannot be read as plain data/);
    assert.match(reasonOf(parseFetchArgs(new Date())), /cannot be read as plain data/);
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error('trap'); } });
    assert.match(reasonOf(parseFetchArgs(hostile)), /cannot be read as plain data/);
    const nullPrototype = Object.assign(Object.create(null), { profile: 'demo' });
    assert.deepEqual(parseFetchArgs(nullPrototype), { ok: true, value: { profile: 'demo' } });
  });

  it('never throws, and a refusal always names the shape (property)', () => {
    fc.assert(
      fc.property(anyArgument, (arg) => {
        const result = parseFetchArgs(arg);
        return result.ok || result.reason.endsWith(`expected ${FETCH_ARGS_SHAPE}.`);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every well-formed argument as given (property)', () => {
    const profile = fc.stringMatching(/^[A-Za-z0-9_.@-]{1,64}$/);
    fc.assert(
      fc.property(profile, fc.uuid(), fc.constantFrom('us-east-1', 'eu-west-2', 'us-gov-west-1'), (name, id, region) => {
        const result = parseFetchArgs({ profile: name, instance: id, region });
        assert.ok(result.ok, !result.ok ? result.reason : '');
        assert.deepEqual(result.value, { profile: name, instance: { instanceId: id.toLowerCase() }, region });
      }),
    );
  });

  it('leaves Object.prototype alone whatever it is given (property)', () => {
    fc.assert(
      fc.property(anyArgument, (arg) => {
        parseFetchArgs(arg);
        parseSessionArgument(arg);
        return Object.keys(Object.prototype).length === 0 && !('polluted' in {});
      }),
    );
  });
});

describe('parseSessionArgument', () => {
  it('takes no argument (or null) as "the user picks"', () => {
    assert.deepEqual(parseSessionArgument(undefined), { ok: true, value: undefined });
    assert.deepEqual(parseSessionArgument(null), { ok: true, value: undefined });
  });

  it('names a session by its ID, or by profile and instance (ID or ARN)', () => {
    assert.deepEqual(parseSessionArgument({ sessionId: `demo/${ID}` }), { ok: true, value: `demo/${ID}` });
    assert.deepEqual(parseSessionArgument({ sessionId: `team/prod/${ID.toUpperCase()}` }), { ok: true, value: `team/prod/${ID}` });
    assert.deepEqual(parseSessionArgument({ profile: 'demo', instance: ARN }), { ok: true, value: `demo/${ID}` });
  });

  it('names a session of a chosen Connect user by role session name, or by "#name" after the ID', () => {
    assert.deepEqual(parseSessionArgument({ profile: 'agents', instance: ID, roleSessionName: 'bob' }), { ok: true, value: `agents/${ID}#bob` });
    assert.deepEqual(parseSessionArgument({ sessionId: `agents/${ID.toUpperCase()}#bob` }), { ok: true, value: `agents/${ID}#bob` });
    assert.deepEqual(parseSessionArgument({ sessionId: `team#1/agents/${ID}#bob@example.com` }), { ok: true, value: `team#1/agents/${ID}#bob@example.com` });
    assert.deepEqual(parseSessionArgument({ sessionId: `team#1/${ID}` }), { ok: true, value: `team#1/${ID}` }, 'a "#" in the profile name is the profile\'s');
  });

  const refused: [string, unknown, RegExp][] = [
    ['{ "profile": "demo" } (no instance)', { profile: 'demo' }, /^The argument has no "instance";/],
    ['{ "instance": … } (no profile)', { instance: ID }, /^The argument has no "profile";/],
    ['a plain string', `demo/${ID}`, /^The argument is a string;/],
    ['{ "instance": 42 }', { profile: 'demo', instance: 42 }, /^"instance" is a number, not an instance ID or ARN;/],
    ['an array', [`demo/${ID}`], /^The argument is an array;/],
    ['a session ID without an instance ID', { sessionId: 'demo' }, /^"sessionId" is not <profile>\/<instance ID>\[#<role session name>\];/],
    ['a session ID with an empty role session name', { sessionId: `agents/${ID}#` }, /^"sessionId" is not <profile>\/<instance ID>/],
    ['a session ID with two "#"', { sessionId: `agents/${ID}#bob#2` }, /^"sessionId" is not <profile>\/<instance ID>/],
    ['a role session name STS would refuse', { profile: 'agents', instance: ID, roleSessionName: 'b' }, /^"roleSessionName" is not a role session name/],
    ['a session ID with a role session name beside it', { sessionId: `agents/${ID}`, roleSessionName: 'bob' }, /both "sessionId" and/],
    ['a session ID that is a number', { sessionId: 7 }, /^"sessionId" is a number, not a session ID;/],
    ['both forms at once', { sessionId: `demo/${ID}`, profile: 'demo', instance: ID }, /both "sessionId" and "profile"\/"instance"/],
    ['a __proto__ key', JSON.parse(`{"__proto__": {"sessionId": "demo/${ID}"}}`), /unknown key "__proto__"/],
    ['a look-alike of a tree row', { type: 'field', session: { id: `demo/${ID}` }, field: 'accessToken' }, /unknown keys "type", "session", "field"/],
  ];
  for (const [name, arg, expected] of refused) {
    it(`refuses ${name}, naming the shape it takes`, () => {
      const reason = reasonOf(parseSessionArgument(arg));
      assert.match(reason, expected);
      assert.ok(reason.endsWith(`expected ${SESSION_ARG_SHAPE}.`), reason);
    });
  }

  it('refuses a huge session ID without repeating it', () => {
    const reason = reasonOf(parseSessionArgument({ sessionId: `${'p'.repeat(5_000_000)}/${ID}` }));
    assert.ok(reason.length < 400);
  });

  it('never throws, and a refusal always names the shape (property)', () => {
    fc.assert(
      fc.property(anyArgument, (arg) => {
        const result = parseSessionArgument(arg);
        return result.ok || result.reason.endsWith(`expected ${SESSION_ARG_SHAPE}.`);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same session for { profile, instance, roleSessionName } and its sessionId (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_.@/#-]{1,64}$/),
        fc.uuid(),
        fc.option(fc.stringMatching(/^[\w+=,.@-]{2,64}$/), { nil: undefined }),
        (profile, id, roleSessionName) => {
          const byPair = parseSessionArgument({ profile, instance: id, ...(roleSessionName !== undefined && { roleSessionName }) });
          assert.ok(byPair.ok && byPair.value !== undefined, !byPair.ok ? byPair.reason : '');
          assert.deepEqual(parseSessionArgument({ sessionId: byPair.value }), byPair);
        },
      ),
    );
  });

  it('gives different sessions for different profiles, instances or role session names (property)', () => {
    const target = fc.record({
      profile: fc.stringMatching(/^[A-Za-z0-9_.@/#-]{1,20}$/),
      instance: fc.constantFrom(ID, '8e4f2a6b-1c3d-4f5e-a7b9-0d1e2f3a4b5c'),
      roleSessionName: fc.option(fc.constantFrom('al', 'bob', ID), { nil: undefined }),
    });
    fc.assert(
      fc.property(target, target, (a, b) => {
        const idOf = (t: typeof a) => {
          const parsed = parseSessionArgument(t.roleSessionName === undefined ? { profile: t.profile, instance: t.instance } : t);
          assert.ok(parsed.ok);
          return parsed.value;
        };
        const same = a.profile === b.profile && a.instance === b.instance && a.roleSessionName === b.roleSessionName;
        assert.equal(idOf(a) === idOf(b), same);
      }),
      { numRuns: 2000 },
    );
  });
});
