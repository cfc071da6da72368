import * as assert from 'node:assert/strict';
import { listProfiles } from '../../src/core/aws/sharedConfig';
import { environmentProfile, needsMfaCode, orderProfiles, profileKind } from '../../src/core/profiles';
import { TempAwsFiles } from '../support/awsFiles';

const CONFIG = `
[default]
region = us-east-1

[profile keys]
region = eu-west-2
endpoint_url = http://127.0.0.1:1111
services = local

[services local]
connect =
  endpoint_url = http://127.0.0.1:2222

[profile sso]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = ConnectAdmin
region = us-east-1

[sso-session corp]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1

[profile legacy-sso]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1

[profile role]
role_arn = arn:aws:iam::123456789012:role/ConnectAdmin
source_profile = keys
mfa_serial = arn:aws:iam::123456789012:mfa/me

[profile web]
role_arn = arn:aws:iam::123456789012:role/Web
web_identity_token_file = /tmp/token

[profile helper]
credential_process = /usr/local/bin/creds
ignore_configured_endpoint_urls = true

[profile regiononly]
region = ap-southeast-2
`;

const CREDENTIALS = `
[default]
aws_access_key_id = AKIAEXAMPLEDEFAULT01
aws_secret_access_key = secret

[keys]
aws_access_key_id = AKIAEXAMPLEKEYS00001
aws_secret_access_key = secret

[creds-only]
aws_access_key_id = AKIAEXAMPLECREDONLY1
aws_secret_access_key = secret
region = ca-central-1
`;

describe('listProfiles (the SDK shared-config loader on temp files)', () => {
  let files: TempAwsFiles;
  beforeEach(() => (files = new TempAwsFiles(CONFIG, CREDENTIALS)));
  afterEach(() => files.restore());

  it('lists the profiles of both files, not the sso-session and services sections', async () => {
    const names = (await listProfiles()).map((p) => p.name).sort();
    assert.deepEqual(names, ['creds-only', 'default', 'helper', 'keys', 'legacy-sso', 'regiononly', 'role', 'sso', 'web']);
  });

  it('tells each profile\'s kind of credentials and region', async () => {
    const byName = new Map((await listProfiles()).map((p) => [p.name, p]));
    const kinds = Object.fromEntries([...byName].map(([name, p]) => [name, p.kind]));
    assert.deepEqual(kinds, {
      default: 'accessKeys',
      keys: 'accessKeys',
      sso: 'sso',
      'legacy-sso': 'sso',
      role: 'role',
      web: 'webIdentity',
      helper: 'process',
      regiononly: 'none',
      'creds-only': 'accessKeys',
    });
    assert.equal(byName.get('creds-only')?.region, 'ca-central-1');
    assert.equal(byName.get('sso')?.region, 'us-east-1');
    assert.equal(byName.get('role')?.region, undefined);
  });

  it('reads endpoint_url, the services section and ignore_configured_endpoint_urls', async () => {
    const byName = new Map((await listProfiles()).map((p) => [p.name, p]));
    const { region, endpointUrl, connectEndpointUrl, ignoreConfiguredEndpointUrls } = byName.get('keys')?.endpoints ?? {};
    assert.deepEqual(
      { region, endpointUrl, connectEndpointUrl, ignoreConfiguredEndpointUrls },
      { region: 'eu-west-2', endpointUrl: 'http://127.0.0.1:1111', connectEndpointUrl: 'http://127.0.0.1:2222', ignoreConfiguredEndpointUrls: undefined },
    );
    assert.equal(byName.get('helper')?.endpoints.ignoreConfiguredEndpointUrls, true);
  });

  it('sees edits of the files without a reload', async () => {
    files.write('[profile fresh]\nregion = us-west-2\n', '');
    assert.deepEqual((await listProfiles()).map((p) => p.name), ['fresh']);
  });

  it('returns no profiles when the files do not exist', async () => {
    process.env.AWS_CONFIG_FILE = `${files.dir}/missing-config`;
    process.env.AWS_SHARED_CREDENTIALS_FILE = `${files.dir}/missing-credentials`;
    assert.deepEqual(await listProfiles(), []);
  });
});

describe('profile helpers', () => {
  it('follows the SDK precedence when a profile has several sources', () => {
    assert.equal(profileKind({ role_arn: 'r', source_profile: 's', aws_access_key_id: 'k', aws_secret_access_key: 's' }), 'role');
    assert.equal(profileKind({ aws_access_key_id: 'k', aws_secret_access_key: 's', credential_process: 'p' }), 'accessKeys');
    assert.equal(profileKind({ aws_access_key_id: 'k' }), 'none');
  });

  it('orders AWS_PROFILE (or default) and the last used first, then by name', () => {
    const names = orderProfiles(['zeta', 'alpha', 'default', 'last'].map((name) => ({ name })), ['default', 'last']).map((p) => p.name);
    assert.deepEqual(names, ['default', 'last', 'alpha', 'zeta']);
  });

  it('knows when a profile\'s credentials need an MFA code, along its source_profile chain', async () => {
    const files = new TempAwsFiles(
      [
        '[profile base]\naws_access_key_id = AKIAEXAMPLEKEYS00001\naws_secret_access_key = s\n',
        '[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n',
        '[profile chained]\nrole_arn = arn:aws:iam::123456789012:role/B\nsource_profile = mfa\n',
        '[profile plain]\nrole_arn = arn:aws:iam::123456789012:role/C\nsource_profile = base\n',
        '[profile loop-a]\nrole_arn = arn:aws:iam::123456789012:role/D\nsource_profile = loop-b\n',
        '[profile loop-b]\nrole_arn = arn:aws:iam::123456789012:role/E\nsource_profile = loop-a\n',
      ].join('\n'),
    );
    try {
      const profiles = await listProfiles();
      const needs = (name: string) => needsMfaCode(profiles.find((p) => p.name === name)!, profiles);
      assert.deepEqual(['mfa', 'chained', 'plain', 'base', 'loop-a'].map(needs), [true, true, false, false, false]);
    } finally {
      files.restore();
    }
  });

  it('offers environment credentials as a profile of their own', () => {
    assert.equal(environmentProfile({ AWS_ACCESS_KEY_ID: 'AKIA' }, 'env'), undefined);
    const env = environmentProfile({ AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's', AWS_DEFAULT_REGION: 'eu-west-2' }, 'env');
    assert.equal(env?.kind, 'environment');
    assert.equal(env?.region, 'eu-west-2');
  });
});
