import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { ConnectClients } from '../../src/core/aws/connectClients';
import { listProfiles, loadSharedConfig } from '../../src/core/aws/sharedConfig';
import { readSharedConfig, shellWords } from '../../src/core/awsConfigFiles';
import { TempAwsFiles } from '../support/awsFiles';
import { DEMO_IDENTITY } from '../emulator/fixtures';

const KEYS = `aws_access_key_id = ${DEMO_IDENTITY.accessKeyId}\naws_secret_access_key = ${DEMO_IDENTITY.secretAccessKey}`;
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

describe('profile names that are object keys (issue 9 item 4)', () => {
  let files: TempAwsFiles | undefined;
  afterEach(() => files?.restore());

  it('lists every profile, whatever its name, and [profile __proto__] hides none', async () => {
    const config = ['[profile keep]\nregion = eu-west-2', ...PROTOTYPE_NAMES.map((name) => `[profile ${name}]\nregion = us-east-1\n${KEYS}`)].join('\n');
    const credentials = PROTOTYPE_NAMES.map((name) => `[${name}]\naws_session_token = token-of-${name}`).join('\n');
    files = new TempAwsFiles(config, credentials);
    const names = (await listProfiles()).map((p) => p.name).sort();
    assert.deepEqual(names, ['keep', ...PROTOTYPE_NAMES].sort());
    for (const name of PROTOTYPE_NAMES) {
      assert.ok(loadSharedConfig().sdkProfileName(name).startsWith('connect-federation.'), `${name} reaches the SDK under a stand-in name`);
    }
  });

  it("resolves a constructor profile's credentials without leaking them onto Object", async () => {
    files = new TempAwsFiles(`[profile constructor]\nregion = us-east-1\n${KEYS}\n[profile other]\n${KEYS}\n`, `[constructor]\naws_session_token = must-stay-off-Object\n`);
    const clients = new ConnectClients();
    try {
      await clients.resolveCredentials({ profile: 'constructor' });
      await clients.resolveCredentials({ profile: 'other' });
    } finally {
      clients.reset();
    }
    for (const holder of [Object, Object.prototype, Object.prototype.toString] as unknown as Record<string, unknown>[]) {
      assert.equal(holder.aws_secret_access_key, undefined);
      assert.equal(holder.aws_session_token, undefined);
    }
  });

  it('never pollutes Object.prototype, for any section name or key (property)', () => {
    const name = fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES, 'profile __proto__', 'services.x', 'sso-session.y'), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(name, name, fc.string({ maxLength: 8 })), { maxLength: 6 }), (entries) => {
        const text = entries.map(([section, key, value]) => `[profile ${section.replace(/[\n\r\]]/g, '')}]\n${key.replace(/[\n\r=:]/g, '') || 'k'} = ${value.replace(/[\n\r]/g, '')}`).join('\n');
        const read = readSharedConfig(text, text.replace(/\[profile /g, '['));
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
        for (const [profile, settings] of read.profiles) {
          assert.equal(typeof profile, 'string');
          assert.equal(Object.getPrototypeOf(settings), null);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('the AWS CLI reading of section names', () => {
  it('splits [profile …] like a shell word, as botocore (shlex) does', () => {
    assert.deepEqual(shellWords('profile "quoted name"'), ['profile', 'quoted name']);
    assert.deepEqual(shellWords("profile  'it''s'"), ['profile', 'its']);
    assert.deepEqual(shellWords('profile a\\ b'), ['profile', 'a b']);
    assert.equal(shellWords('profile "open'), undefined);
    const read = readSharedConfig('[profile a b c]\nregion = x\n[profilex y]\nregion = y\n[default]\nregion = d\n[profile default]\nregion = p\n', '[profile z]\nregion = z\n');
    assert.deepEqual([...read.profiles.keys()].sort(), ['default', 'profile z', 'y']);
    assert.equal(read.profiles.get('default')?.region, 'p');
  });
});
