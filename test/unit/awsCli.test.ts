import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CONNECT_ADMIN_ROLE,
  DEMO_IDENTITY,
  DEMO_INSTANCE_ARN,
  DEMO_INSTANCE_ID,
  DEMO_REGION,
  SSO_ACCOUNT_ID,
  SSO_REGION,
  SSO_ROLE_NAME,
  SSO_START_URL,
} from '../emulator/fixtures';
import { startEmulator, type Emulator } from '../emulator/server';
import { writeSsoTokenCache } from '../emulator/ssoCache';
import { TEST_CA_PATH } from '../emulator/tls';
import { requireAwsCommand } from './conformance/awsCliProbe';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

describe('AWS CLI against the Connect emulator', function () {
  this.timeout(60_000);
  let emulator: Emulator | undefined;
  let home: string | undefined;

  before(async function () {
    requireAwsCommand(this);
    emulator = await startEmulator();
    home = await mkdtemp(path.join(tmpdir(), 'connect-emulator-aws-'));
    const sso = `sso_account_id = ${SSO_ACCOUNT_ID}\nsso_role_name = ${SSO_ROLE_NAME}\nregion = ${DEMO_REGION}\noutput = json`;
    await writeFile(
      path.join(home, 'config'),
      [
        `[default]\nregion = ${DEMO_REGION}\noutput = json`,
        `[profile wrong-secret]\nregion = ${DEMO_REGION}`,
        `[profile role]\nrole_arn = ${CONNECT_ADMIN_ROLE.arn}\nsource_profile = default\nrole_session_name = cli\nregion = ${DEMO_REGION}\noutput = json`,
        `[profile sso]\nsso_session = cli\n${sso}`,
        `[sso-session cli]\nsso_start_url = ${SSO_START_URL}\nsso_region = ${SSO_REGION}`,
        `[profile sso-legacy]\nsso_start_url = ${SSO_START_URL}\nsso_region = ${SSO_REGION}\n${sso}`,
        '',
      ].join('\n'),
    );
    writeSsoTokenCache({ home, sessionName: 'cli' });
    writeSsoTokenCache({ home });
    await writeFile(
      path.join(home, 'credentials'),
      [
        '[default]',
        `aws_access_key_id = ${DEMO_IDENTITY.accessKeyId}`,
        `aws_secret_access_key = ${DEMO_IDENTITY.secretAccessKey}`,
        '[wrong-secret]',
        `aws_access_key_id = ${DEMO_IDENTITY.accessKeyId}`,
        `aws_secret_access_key = ${'x'.repeat(40)}`,
        '',
      ].join('\n'),
    );
  });

  after(async () => {
    await emulator?.close();
    if (home) {
      await rm(home, { recursive: true, force: true });
    }
  });

  beforeEach(async () => {
    emulator?.reset();
    // The CLI caches role credentials from STS and the SSO portal here; each test starts without.
    await rm(path.join(home ?? '', '.aws', 'cli', 'cache'), { recursive: true, force: true });
  });

  /** Runs `aws` with a temporary HOME and config files only: never the developer's ~/.aws or AWS_* variables. */
  function aws(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
    const directory = home ?? '';
    return new Promise((resolve) => {
      execFile(
        'aws',
        args,
        {
          env: {
            ...inherited,
            HOME: directory,
            AWS_CONFIG_FILE: path.join(directory, 'config'),
            AWS_SHARED_CREDENTIALS_FILE: path.join(directory, 'credentials'),
            AWS_PAGER: '',
            ...env,
          },
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  function endpointEnv(url = emulator?.url ?? ''): Record<string, string> {
    return { AWS_ENDPOINT_URL_CONNECT: url };
  }

  /** Connect, STS and IAM Identity Center all at the emulator. */
  function allEndpointsEnv(url = emulator?.url ?? ''): Record<string, string> {
    return { AWS_ENDPOINT_URL_CONNECT: url, AWS_ENDPOINT_URL_STS: url, AWS_ENDPOINT_URL_SSO: url, AWS_ENDPOINT_URL_SSO_OIDC: url };
  }

  function federate(profile: string, env: Record<string, string>): Promise<CliResult> {
    return aws(['connect', 'get-federation-token', '--instance-id', DEMO_INSTANCE_ID, '--profile', profile], env);
  }

  /** Service, operation, whether signed with a temporary key, and status of each recorded request. */
  function calls(recorded: Emulator | undefined = emulator): [string, string, string, number | undefined][] {
    return (recorded?.requests() ?? []).map((request) => [
      request.service,
      request.operation,
      request.accessKeyId?.slice(0, 4) ?? 'unsigned',
      request.status,
    ]);
  }

  function succeeded(result: CliResult): unknown {
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout);
  }

  it('lists instances through AWS_ENDPOINT_URL_CONNECT', async () => {
    const answer = succeeded(await aws(['connect', 'list-instances'], endpointEnv())) as {
      InstanceSummaryList: { InstanceAlias: string }[];
    };
    assert.deepEqual(
      answer.InstanceSummaryList.map((instance) => instance.InstanceAlias),
      ['demo-prod', 'demo-test', 'demo-staging'],
    );
  });

  it('follows NextToken through all 23 Sydney instances', async () => {
    const answer = succeeded(
      await aws(['connect', 'list-instances', '--region', 'ap-southeast-2', '--page-size', '10'], endpointEnv()),
    ) as { InstanceSummaryList: unknown[] };
    assert.equal(answer.InstanceSummaryList.length, 23);
    assert.equal(emulator?.requests().length, 3);
  });

  it('gets a federation token through AWS_ENDPOINT_URL_CONNECT', async () => {
    const answer = succeeded(
      await aws(['connect', 'get-federation-token', '--instance-id', DEMO_INSTANCE_ID], endpointEnv()),
    ) as { Credentials: { AccessToken: string; AccessTokenExpiration: number } };
    const [issued] = emulator?.tokens() ?? [];
    assert.equal(answer.Credentials.AccessToken, issued?.accessToken);
    assert.equal(answer.Credentials.AccessTokenExpiration * 1000, Date.parse(issued?.accessTokenExpiration ?? ''));
  });

  it('gets a federation token for an instance ARN through --endpoint-url', async () => {
    const answer = succeeded(
      await aws(['connect', 'get-federation-token', '--instance-id', DEMO_INSTANCE_ARN, '--endpoint-url', emulator?.url ?? '']),
    ) as { UserArn: string };
    assert.ok(answer.UserArn.startsWith(`${DEMO_INSTANCE_ARN}/agent/`));
    assert.equal(emulator?.requests()[0]?.path, `/user/federate/${encodeURIComponent(DEMO_INSTANCE_ARN)}`);
  });

  it('exits nonzero with the signature error for a wrong secret', async () => {
    const result = await aws(
      ['connect', 'get-federation-token', '--instance-id', DEMO_INSTANCE_ID, '--profile', 'wrong-secret'],
      endpointEnv(),
    );
    assert.notEqual(result.code, 0);
    assert.match(
      result.stderr,
      /An error occurred \(InvalidSignatureException\) when calling the GetFederationToken operation: The request signature we calculated does not match the signature you provided\./,
    );
    assert.equal(emulator?.tokens().length, 0);
  });

  it('assumes a role_arn + source_profile role through AWS_ENDPOINT_URL_STS', async () => {
    succeeded(await federate('role', allEndpointsEnv()));
    assert.deepEqual(calls(), [
      ['sts', 'AssumeRole', 'AKIA', 200],
      ['connect', 'GetFederationToken', 'ASIA', 200],
    ]);
    assert.equal(emulator?.tokens()[0]?.principalArn, 'arn:aws:sts::123456789012:assumed-role/ConnectAdmin/cli');
  });

  it('gets SSO role credentials through AWS_ENDPOINT_URL_SSO for sso_session and legacy profiles', async () => {
    succeeded(await federate('sso', allEndpointsEnv()));
    succeeded(await federate('sso-legacy', allEndpointsEnv()));
    const ssoThenConnect = [
      ['sso', 'GetRoleCredentials', 'unsigned', 200],
      ['connect', 'GetFederationToken', 'ASIA', 200],
    ];
    assert.deepEqual(calls(), [...ssoThenConnect, ...ssoThenConnect]);
  });

  it('trusts the TLS emulator with AWS_CA_BUNDLE, for STS as well, and refuses it without', async () => {
    const tls = await startEmulator({ tls: true });
    try {
      // One attempt: the CLI retries TLS failures with backoff.
      const refused = await federate('role', { ...allEndpointsEnv(tls.url), AWS_MAX_ATTEMPTS: '1' });
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /SSL validation failed for https:\/\/127\.0\.0\.1:\d+\/ \[SSL: CERTIFICATE_VERIFY_FAILED\]/);
      succeeded(await federate('role', { ...allEndpointsEnv(tls.url), AWS_CA_BUNDLE: TEST_CA_PATH }));
      assert.deepEqual(calls(tls), [
        ['sts', 'AssumeRole', 'AKIA', 200],
        ['connect', 'GetFederationToken', 'ASIA', 200],
      ]);
    } finally {
      await tls.close();
    }
  });
});
