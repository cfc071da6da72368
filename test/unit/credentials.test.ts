/**
 * Every way people sign in to AWS, for real: the SDK's own credential providers (fromIni, fromEnv,
 * fromProcess) read temporary config files and call the emulator's STS and IAM Identity Center,
 * reached through the standard endpoint variables (AWS_ENDPOINT_URL_STS, _SSO, _SSO_OIDC), and a
 * real ConnectClient gets a federation token with what they resolve. Each test checks, from the
 * emulator's records, every request made and the key that signed the Connect one.
 *
 * What the SDK (credential-providers 3.1175, nested-clients 3.998) honours, from its sources and
 * shown here: the nested STS, SSO and SSO-OIDC clients (serviceId "STS", "SSO", "SSO OIDC") take
 * their endpoint from AWS_ENDPOINT_URL_<SERVICE ID> or AWS_ENDPOINT_URL, else from `endpoint_url` or
 * a `services` section of the default profile (AWS_PROFILE) only, never of the profile given to
 * fromIni (@smithy/core endpoints: getEndpointFromConfig loads the config without a profile).
 * TLS: the SDK for JavaScript reads neither AWS_CA_BUNDLE nor `ca_bundle`; the nested STS client
 * reuses the calling client's requestHandler, the SSO and SSO-OIDC clients only fromIni's
 * `clientConfig`.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ConnectClient, GetFederationTokenCommand, type ConnectClientConfig } from '@aws-sdk/client-connect';
import { fromEnv, fromIni, fromProcess } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { RecordedRequest } from '../emulator/control';
import { CREDENTIAL_PROCESS_COMMAND } from '../emulator/credentialProcess';
import {
  CONNECT_ADMIN_MFA_ROLE,
  CONNECT_ADMIN_ROLE,
  DEMO_IDENTITY,
  DEMO_INSTANCE_ID,
  DEMO_REGION,
  MFA_CODE,
  MFA_SERIAL,
  NO_CONNECT_ROLE,
  PROCESS_IDENTITY,
  SSO_ACCOUNT_ID,
  SSO_REGION,
  SSO_ROLE,
  SSO_ROLE_NAME,
  SSO_START_URL,
  SSO_USER,
  WEB_IDENTITY_TOKEN,
  type Identity,
} from '../emulator/fixtures';
import { startEmulator, type Emulator } from '../emulator/server';
import { writeSsoTokenCache } from '../emulator/ssoCache';
import { TEST_CA_PATH } from '../emulator/tls';
import { TempAwsFiles } from '../support/awsFiles';

const ENDPOINT_VARIABLES = ['AWS_ENDPOINT_URL_CONNECT', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_SSO', 'AWS_ENDPOINT_URL_SSO_OIDC'];
const ROLE_SESSION = 'connect-federation';
const HOUR = 3600_000;

/** What the records show of a request: service, operation, signing key, HTTP status. */
type Call = [RecordedRequest['service'], RecordedRequest['operation'], string | undefined, number | undefined];

/** The token provider remembers refresh attempts per sso-session name for 30 s: each test gets its own name. */
let ssoSessionCount = 0;

function configFile(ssoSession: string, webIdentityTokenFile: string): string {
  const role = (name: string, roleArn: string, settings: string) =>
    `[profile ${name}]\nregion = ${DEMO_REGION}\nrole_arn = ${roleArn}\nrole_session_name = ${ROLE_SESSION}\n${settings}\n`;
  return [
    role('role', CONNECT_ADMIN_ROLE.arn, 'source_profile = keys'),
    role('role-mfa', CONNECT_ADMIN_MFA_ROLE.arn, `source_profile = keys\nmfa_serial = ${MFA_SERIAL}`),
    role('role-mfa-unset', CONNECT_ADMIN_MFA_ROLE.arn, 'source_profile = keys'),
    role('role-no-connect', NO_CONNECT_ROLE.arn, 'source_profile = keys'),
    role('role-env', CONNECT_ADMIN_ROLE.arn, 'credential_source = Environment'),
    role('role-ca-bundle', CONNECT_ADMIN_ROLE.arn, `source_profile = keys\nca_bundle = ${TEST_CA_PATH}`),
    role('web', CONNECT_ADMIN_ROLE.arn, `web_identity_token_file = ${webIdentityTokenFile}`),
    `[profile process]\ncredential_process = ${CREDENTIAL_PROCESS_COMMAND}\n`,
    `[profile sso]\nsso_session = ${ssoSession}\nsso_account_id = ${SSO_ACCOUNT_ID}\nsso_role_name = ${SSO_ROLE_NAME}\nregion = ${DEMO_REGION}\n`,
    `[sso-session ${ssoSession}]\nsso_start_url = ${SSO_START_URL}\nsso_region = ${SSO_REGION}\nsso_registration_scopes = sso:account:access\n`,
    `[profile sso-legacy]\nsso_start_url = ${SSO_START_URL}\nsso_region = ${SSO_REGION}\nsso_account_id = ${SSO_ACCOUNT_ID}\nsso_role_name = ${SSO_ROLE_NAME}\n`,
  ].join('\n');
}

const credentialsFile = `[keys]\naws_access_key_id = ${DEMO_IDENTITY.accessKeyId}\naws_secret_access_key = ${DEMO_IDENTITY.secretAccessKey}\n`;

interface AwsSetup {
  files: TempAwsFiles;
  ssoSession: string;
  webIdentityTokenFile: string;
}

/** Temporary AWS files with every profile kind, and the endpoint variables of all services set to `emulator`. */
function setUpAws(emulator: Emulator): AwsSetup {
  emulator.reset();
  const files = new TempAwsFiles();
  const ssoSession = `emulator-${++ssoSessionCount}`;
  const webIdentityTokenFile = path.join(files.dir, 'web-identity-token');
  files.write(configFile(ssoSession, webIdentityTokenFile), credentialsFile);
  for (const name of ENDPOINT_VARIABLES) {
    process.env[name] = emulator.url;
  }
  return { files, ssoSession, webIdentityTokenFile };
}

/** GetFederationToken through a real ConnectClient (endpoint from AWS_ENDPOINT_URL_CONNECT), one attempt. */
function federate(credentials: AwsCredentialIdentityProvider, config: ConnectClientConfig = {}) {
  const client = new ConnectClient({ region: DEMO_REGION, credentials, maxAttempts: 1, ...config });
  return client.send(new GetFederationTokenCommand({ InstanceId: DEMO_INSTANCE_ID })).finally(() => client.destroy());
}

function calls(emulator: Emulator): Call[] {
  return emulator.requests().map((request) => [request.service, request.operation, request.accessKeyId, request.status]);
}

/** The temporary credentials the emulator minted for a session, e.g. `ConnectAdmin/connect-federation`. */
function minted(emulator: Emulator, sessionName: string): Identity {
  const identity = emulator.identities().find((candidate) => candidate.name === sessionName);
  assert.ok(identity, `no credentials were minted for ${sessionName}`);
  assert.match(identity.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
  assert.ok(identity.sessionToken);
  return identity;
}

describe('Credential providers against the AWS emulator', function () {
  this.timeout(10_000);
  let emulator: Emulator;
  let files: TempAwsFiles;
  let ssoSession: string;
  let webIdentityTokenFile: string;

  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.close());
  beforeEach(() => {
    ({ files, ssoSession, webIdentityTokenFile } = setUpAws(emulator));
  });
  afterEach(() => files.restore());

  async function assertFederatedAs(answer: Promise<unknown>, principalArn: string): Promise<void> {
    await answer;
    const [token, ...others] = emulator.tokens();
    assert.equal(others.length, 0);
    assert.equal(token?.principalArn, principalArn);
  }

  describe('access keys', () => {
    it('signs with the keys of a credentials-file profile', async () => {
      await assertFederatedAs(federate(fromIni({ profile: 'keys' })), DEMO_IDENTITY.principalArn);
      assert.deepEqual(calls(emulator), [['connect', 'GetFederationToken', DEMO_IDENTITY.accessKeyId, 200]]);
    });

    it('signs with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (here: exported role credentials)', async () => {
      const exported = await fromIni({ profile: 'role' })();
      Object.assign(process.env, {
        AWS_ACCESS_KEY_ID: exported.accessKeyId,
        AWS_SECRET_ACCESS_KEY: exported.secretAccessKey,
        AWS_SESSION_TOKEN: exported.sessionToken,
      });
      emulator.clearRequests();
      await assertFederatedAs(federate(fromEnv()), `arn:aws:sts::123456789012:assumed-role/ConnectAdmin/${ROLE_SESSION}`);
      assert.match(exported.accessKeyId, /^ASIA/);
      assert.deepEqual(calls(emulator), [['connect', 'GetFederationToken', exported.accessKeyId, 200]]);
    });
  });

  describe('assumed roles (STS AssumeRole)', () => {
    it('role_arn + source_profile: AssumeRole signed with the source keys, Connect with the role session', async () => {
      await assertFederatedAs(
        federate(fromIni({ profile: 'role' })),
        `arn:aws:sts::123456789012:assumed-role/ConnectAdmin/${ROLE_SESSION}`,
      );
      const session = minted(emulator, `ConnectAdmin/${ROLE_SESSION}`);
      assert.deepEqual(calls(emulator), [
        ['sts', 'AssumeRole', DEMO_IDENTITY.accessKeyId, 200],
        ['connect', 'GetFederationToken', session.accessKeyId, 200],
      ]);
      const [assumeRole] = emulator.requests();
      assert.equal(assumeRole?.signingRegion, DEMO_REGION);
      assert.equal(assumeRole?.form?.RoleArn, CONNECT_ADMIN_ROLE.arn);
      assert.equal(assumeRole?.form?.DurationSeconds, '3600');
    });

    it('mfa_serial: asks the MFA callback for that device and sends its code', async () => {
      const asked: string[] = [];
      const mfaCodeProvider = async (serial: string): Promise<string> => {
        asked.push(serial);
        return MFA_CODE;
      };
      await assertFederatedAs(
        federate(fromIni({ profile: 'role-mfa', mfaCodeProvider })),
        `arn:aws:sts::123456789012:assumed-role/ConnectAdminMfa/${ROLE_SESSION}`,
      );
      assert.deepEqual(asked, [MFA_SERIAL]);
      const [assumeRole, connect] = emulator.requests();
      assert.equal(assumeRole?.form?.SerialNumber, MFA_SERIAL);
      assert.equal(assumeRole?.form?.TokenCode, MFA_CODE);
      assert.equal(connect?.accessKeyId, minted(emulator, `ConnectAdminMfa/${ROLE_SESSION}`).accessKeyId);
    });

    it('mfa_serial: a wrong code fails with STS’s AccessDenied, and Connect is never called', async () => {
      await assert.rejects(federate(fromIni({ profile: 'role-mfa', mfaCodeProvider: async () => '654321' })), {
        name: 'AccessDenied',
        message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
      });
      assert.deepEqual(calls(emulator), [['sts', 'AssumeRole', DEMO_IDENTITY.accessKeyId, 403]]);
    });

    it('mfa_serial without an MFA callback fails in the SDK before any request', async () => {
      await assert.rejects(federate(fromIni({ profile: 'role-mfa' })), {
        name: 'CredentialsProviderError',
        message: 'Profile role-mfa requires multi-factor authentication, but no MFA code callback was provided.',
      });
      assert.deepEqual(calls(emulator), []);
    });

    it('a role whose trust policy wants MFA refuses a profile without mfa_serial', async () => {
      await assert.rejects(federate(fromIni({ profile: 'role-mfa-unset' })), {
        name: 'AccessDenied',
        message: `User: ${DEMO_IDENTITY.principalArn} is not authorized to perform: sts:AssumeRole on resource: ${CONNECT_ADMIN_MFA_ROLE.arn}`,
      });
      assert.deepEqual(calls(emulator), [['sts', 'AssumeRole', DEMO_IDENTITY.accessKeyId, 403]]);
    });

    it('credential_source = Environment: AssumeRole signed with the environment keys', async () => {
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: DEMO_IDENTITY.accessKeyId, AWS_SECRET_ACCESS_KEY: DEMO_IDENTITY.secretAccessKey });
      await assertFederatedAs(
        federate(fromIni({ profile: 'role-env' })),
        `arn:aws:sts::123456789012:assumed-role/ConnectAdmin/${ROLE_SESSION}`,
      );
      assert.deepEqual(calls(emulator), [
        ['sts', 'AssumeRole', DEMO_IDENTITY.accessKeyId, 200],
        ['connect', 'GetFederationToken', minted(emulator, `ConnectAdmin/${ROLE_SESSION}`).accessKeyId, 200],
      ]);
    });

    it('a role session without a Connect user gets UserNotFoundException from Connect', async () => {
      await assert.rejects(federate(fromIni({ profile: 'role-no-connect' })), { name: 'UserNotFoundException' });
      assert.deepEqual(calls(emulator), [
        ['sts', 'AssumeRole', DEMO_IDENTITY.accessKeyId, 200],
        ['connect', 'GetFederationToken', minted(emulator, `NoConnect/${ROLE_SESSION}`).accessKeyId, 404],
      ]);
    });

    it('AWS_ENDPOINT_URL alone also routes the nested STS client', async () => {
      for (const name of ENDPOINT_VARIABLES) {
        delete process.env[name];
      }
      process.env.AWS_ENDPOINT_URL = emulator.url;
      await federate(fromIni({ profile: 'role' }));
      assert.deepEqual(
        calls(emulator).map(([service, operation, , status]) => [service, operation, status]),
        [
          ['sts', 'AssumeRole', 200],
          ['connect', 'GetFederationToken', 200],
        ],
      );
    });
  });

  describe('credential_process', () => {
    it('runs the process and signs with the temporary credentials it prints (fromIni and fromProcess)', async () => {
      for (const provider of [fromIni({ profile: 'process' }), fromProcess({ profile: 'process' })]) {
        emulator.reset();
        await assertFederatedAs(federate(provider), PROCESS_IDENTITY.principalArn);
        assert.deepEqual(calls(emulator), [['connect', 'GetFederationToken', PROCESS_IDENTITY.accessKeyId, 200]]);
      }
    });
  });

  describe('web identity (AssumeRoleWithWebIdentity)', () => {
    it('role_arn + web_identity_token_file: an unsigned STS call, then Connect signed with the role session', async () => {
      writeFileSync(webIdentityTokenFile, WEB_IDENTITY_TOKEN);
      await assertFederatedAs(
        federate(fromIni({ profile: 'web' })),
        `arn:aws:sts::123456789012:assumed-role/ConnectAdmin/${ROLE_SESSION}`,
      );
      assert.deepEqual(calls(emulator), [
        ['sts', 'AssumeRoleWithWebIdentity', undefined, 200],
        ['connect', 'GetFederationToken', minted(emulator, `ConnectAdmin/${ROLE_SESSION}`).accessKeyId, 200],
      ]);
    });

    it('a token STS does not accept fails with the modelled InvalidIdentityTokenException', async () => {
      writeFileSync(webIdentityTokenFile, 'forged');
      await assert.rejects(federate(fromIni({ profile: 'web' })), { name: 'InvalidIdentityTokenException' });
      assert.deepEqual(calls(emulator), [['sts', 'AssumeRoleWithWebIdentity', undefined, 400]]);
    });
  });

  describe('IAM Identity Center (SSO)', () => {
    const ssoPrincipal = `arn:aws:sts::123456789012:assumed-role/${SSO_ROLE.name}/${SSO_USER}`;

    for (const [kind, profile, sessionNamed] of [
      ['sso_session', 'sso', true],
      ['legacy sso_start_url', 'sso-legacy', false],
    ] as const) {
      it(`${kind}: the cached token gets role credentials from the portal, which sign the Connect call`, async () => {
        writeSsoTokenCache({ home: files.dir, sessionName: sessionNamed ? ssoSession : undefined });
        await assertFederatedAs(federate(fromIni({ profile })), ssoPrincipal);
        assert.deepEqual(calls(emulator), [
          ['sso', 'GetRoleCredentials', undefined, 200],
          ['connect', 'GetFederationToken', minted(emulator, `${SSO_ROLE.name}/${SSO_USER}`).accessKeyId, 200],
        ]);
        assert.deepEqual(emulator.requests()[0]?.query, { role_name: SSO_ROLE_NAME, account_id: SSO_ACCOUNT_ID });
      });
    }

    it('sso_session without a cached token: the SDK asks for `aws sso login`, no request is made', async () => {
      await assert.rejects(federate(fromIni({ profile: 'sso' })), {
        name: 'CredentialsProviderError',
        message: /^The SSO session token associated with profile=sso was not found or is invalid\. To refresh this SSO session run 'aws sso login'/,
      });
      assert.deepEqual(calls(emulator), []);
    });

    it('legacy sso_start_url without a cached token, or with an expired one: the SDK error, no request', async () => {
      await assert.rejects(federate(fromIni({ profile: 'sso-legacy' })), {
        name: 'CredentialsProviderError',
        message: /^The SSO session associated with this profile is invalid\./,
      });
      writeSsoTokenCache({ home: files.dir, expiresAt: new Date(Date.now() - 60_000) });
      await assert.rejects(federate(fromIni({ profile: 'sso-legacy' })), {
        name: 'CredentialsProviderError',
        message: /^The SSO session associated with this profile has expired\./,
      });
      assert.deepEqual(calls(emulator), []);
    });

    it('sso_session with an expired token: refreshed through SSO-OIDC CreateToken, and the cache rewritten', async () => {
      const cacheFile = writeSsoTokenCache({ home: files.dir, sessionName: ssoSession, expiresAt: new Date(Date.now() - 60_000) });
      await assertFederatedAs(federate(fromIni({ profile: 'sso' })), ssoPrincipal);
      assert.deepEqual(calls(emulator), [
        ['sso-oidc', 'CreateToken', undefined, 200],
        ['sso', 'GetRoleCredentials', undefined, 200],
        ['connect', 'GetFederationToken', minted(emulator, `${SSO_ROLE.name}/${SSO_USER}`).accessKeyId, 200],
      ]);
      const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { accessToken: string; expiresAt: string };
      assert.match(cached.accessToken, /^EMUSSO-/);
      assert.ok(Date.parse(cached.expiresAt) > Date.now() + 7 * HOUR);
    });

    it('sso_session with an expired token the OIDC service will not refresh: “Token is expired”, Connect never called', async () => {
      writeSsoTokenCache({ home: files.dir, sessionName: ssoSession, expiresAt: new Date(Date.now() - 60_000) });
      emulator.fail({ operation: 'CreateToken', error: 'InvalidGrantException', message: 'Refresh token has expired' });
      await assert.rejects(federate(fromIni({ profile: 'sso' })), {
        name: 'CredentialsProviderError',
        message: /^Token is expired\. To refresh this SSO session run 'aws sso login'/,
      });
      assert.deepEqual(calls(emulator), [['sso-oidc', 'CreateToken', undefined, 400]]);
    });

    it('a cached token the portal does not know: UnauthorizedException, Connect never called', async () => {
      writeSsoTokenCache({ home: files.dir, sessionName: ssoSession, accessToken: 'revoked' });
      await assert.rejects(federate(fromIni({ profile: 'sso' })), {
        name: 'CredentialsProviderError',
        message: /Session token not found or invalid/,
      });
      assert.deepEqual(calls(emulator), [['sso', 'GetRoleCredentials', undefined, 401]]);
    });
  });
});

describe('Credential providers against the AWS emulator over TLS', function () {
  this.timeout(20_000);
  let emulator: Emulator;
  let files: TempAwsFiles;
  const trustingHandler = () => ({ httpsAgent: new Agent({ ca: readFileSync(TEST_CA_PATH) }) });

  before(async () => {
    emulator = await startEmulator({ tls: true });
  });
  after(() => emulator.close());

  beforeEach(() => {
    const setup = setUpAws(emulator);
    files = setup.files;
    writeFileSync(setup.webIdentityTokenFile, WEB_IDENTITY_TOKEN);
  });
  afterEach(() => files.restore());

  it('serves https://127.0.0.1 with a certificate the SDK rejects unless it trusts the test CA', async () => {
    assert.match(emulator.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    await assert.rejects(federate(fromIni({ profile: 'keys' })), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    await federate(fromIni({ profile: 'keys' }), { requestHandler: trustingHandler() });
    assert.deepEqual(calls(emulator), [['connect', 'GetFederationToken', DEMO_IDENTITY.accessKeyId, 200]]);
  });

  it('the SDK for JavaScript reads neither AWS_CA_BUNDLE nor a profile’s ca_bundle', async () => {
    process.env.AWS_CA_BUNDLE = TEST_CA_PATH;
    await assert.rejects(federate(fromIni({ profile: 'role-ca-bundle' })), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    assert.deepEqual(emulator.requests(), [], 'no request got through the TLS handshake');
  });

  it('STS (AssumeRole, web identity) goes through the Connect client’s request handler, CA included', async () => {
    await federate(fromIni({ profile: 'role' }), { requestHandler: trustingHandler() });
    assert.deepEqual(calls(emulator), [
      ['sts', 'AssumeRole', DEMO_IDENTITY.accessKeyId, 200],
      ['connect', 'GetFederationToken', minted(emulator, `ConnectAdmin/${ROLE_SESSION}`).accessKeyId, 200],
    ]);
    emulator.reset();
    await federate(fromIni({ profile: 'web' }), { requestHandler: trustingHandler() });
    assert.deepEqual(calls(emulator), [
      ['sts', 'AssumeRoleWithWebIdentity', undefined, 200],
      ['connect', 'GetFederationToken', minted(emulator, `ConnectAdmin/${ROLE_SESSION}`).accessKeyId, 200],
    ]);
  });

  it('the SSO portal does not: it needs fromIni’s clientConfig.requestHandler', async () => {
    writeSsoTokenCache({ home: files.dir });
    await assert.rejects(federate(fromIni({ profile: 'sso-legacy' }), { requestHandler: trustingHandler() }), {
      name: 'CredentialsProviderError',
      message: /unable to verify the first certificate/,
    });
    assert.deepEqual(emulator.requests(), []);
    const credentials = fromIni({ profile: 'sso-legacy', clientConfig: { requestHandler: trustingHandler() } });
    await federate(credentials, { requestHandler: trustingHandler() });
    assert.deepEqual(calls(emulator), [
      ['sso', 'GetRoleCredentials', undefined, 200],
      ['connect', 'GetFederationToken', minted(emulator, `${SSO_ROLE.name}/${SSO_USER}`).accessKeyId, 200],
    ]);
  });

  it('NODE_EXTRA_CA_CERTS, read when Node starts, makes a fresh process trust the test CA', async () => {
    const script = `
      const { ConnectClient, GetFederationTokenCommand } = require('@aws-sdk/client-connect');
      new ConnectClient({ region: '${DEMO_REGION}', maxAttempts: 1 })
        .send(new GetFederationTokenCommand({ InstanceId: '${DEMO_INSTANCE_ID}' }))
        .then((answer) => console.log(answer.UserId));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      cwd: path.resolve(__dirname, '..', '..', '..'),
      env: {
        ...process.env,
        NODE_EXTRA_CA_CERTS: TEST_CA_PATH,
        AWS_ACCESS_KEY_ID: DEMO_IDENTITY.accessKeyId,
        AWS_SECRET_ACCESS_KEY: DEMO_IDENTITY.secretAccessKey,
      },
    });
    assert.equal(stdout.trim(), emulator.tokens()[0]?.userId);
  });
});
