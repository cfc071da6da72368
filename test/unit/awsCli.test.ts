import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEMO_IDENTITY, DEMO_INSTANCE_ARN, DEMO_INSTANCE_ID, DEMO_REGION } from '../emulator/fixtures';
import { startEmulator, type Emulator } from '../emulator/server';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function awsOnPath(): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((directory) => {
    try {
      accessSync(path.join(directory, 'aws'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

describe('AWS CLI against the Connect emulator', function () {
  this.timeout(60_000);
  let emulator: Emulator | undefined;
  let home: string | undefined;

  before(async function () {
    if (!awsOnPath()) {
      console.warn('      aws CLI not on PATH: skipping the AWS CLI tests (CI installs it)');
      this.skip();
    }
    emulator = await startEmulator();
    home = await mkdtemp(path.join(tmpdir(), 'connect-emulator-aws-'));
    await writeFile(
      path.join(home, 'config'),
      `[default]\nregion = ${DEMO_REGION}\noutput = json\n[profile wrong-secret]\nregion = ${DEMO_REGION}\n`,
    );
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

  beforeEach(() => emulator?.reset());

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

  function endpointEnv(): Record<string, string> {
    return { AWS_ENDPOINT_URL_CONNECT: emulator?.url ?? '' };
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
});
