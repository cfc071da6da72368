/**
 * How requests travel, through the real SDK: proxy, timeouts, attempts, partitions, debug log,
 * and dropping cached credentials when the config files change.
 */
import * as assert from 'node:assert/strict';
import { createServer, Server, Socket, connect } from 'node:net';
import type { ConnectClient } from '@aws-sdk/client-connect';
import { ConnectClients } from '../../src/core/aws/connectClients';
import { fetchFederationToken } from '../../src/core/aws/federation';
import { explainFailure } from '../../src/core/errors';
import { DEFAULT_TRANSPORT, Transport } from '../../src/core/transport';
import { CONNECT_ADMIN_ROLE, DEMO_IDENTITY, DEMO_INSTANCE_ID, ROOT_IDENTITY, SSO_ACCOUNT_ID, SSO_REGION, SSO_ROLE_NAME, SSO_START_URL } from '../emulator/fixtures';
import { writeSsoTokenCache } from '../emulator/ssoCache';
import { TEST_CA_PATH } from '../emulator/tls';
import { Emulator, startEmulator } from '../emulator/server';
import { TempAwsFiles } from '../support/awsFiles';

const keys = (identity: { accessKeyId: string; secretAccessKey: string }) =>
  `aws_access_key_id = ${identity.accessKeyId}\naws_secret_access_key = ${identity.secretAccessKey}\n`;

/** A forward proxy that only tunnels (CONNECT), recording each target. */
async function startTunnelProxy(): Promise<{ url: string; targets: string[]; close(): Promise<void> }> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.once('data', (head) => {
      const [, target] = /^CONNECT (\S+) HTTP/.exec(head.toString()) ?? [];
      if (!target) {
        client.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
        return;
      }
      targets.push(target);
      const [host, port] = target.split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client).pipe(upstream);
      });
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
    });
    client.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    targets,
    close: () => {
      sockets.forEach((s) => s.destroy());
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Stops a request after signing and keeps what would have been sent. */
function captureSignedRequest(client: ConnectClient): Promise<{ hostname: string; authorization: string }> {
  return new Promise((resolve) => {
    client.middlewareStack.add(
      () => async (args) => {
        const request = args.request as { hostname: string; headers: Record<string, string> };
        resolve({ hostname: request.hostname, authorization: request.headers.authorization });
        throw Object.assign(new Error('captured'), { name: 'Captured' });
      },
      { step: 'finalizeRequest', priority: 'low', name: 'capture' },
    );
  });
}

describe('ConnectClients: how requests travel', function () {
  this.timeout(20_000);
  let emulator: Emulator;
  let files: TempAwsFiles;
  let clients: ConnectClients;
  const transport = (changes: Partial<Transport>): Transport => ({ ...DEFAULT_TRANSPORT, ...changes });

  before(async () => (emulator = await startEmulator()));
  after(() => emulator.close());
  beforeEach(() => {
    emulator.reset();
    emulator.clearRequests();
    files = new TempAwsFiles(`[profile demo]\nregion = us-east-1\n${keys(DEMO_IDENTITY)}`);
    clients = new ConnectClients();
  });
  afterEach(() => {
    clients.reset();
    files.restore();
  });

  it('tunnels through the proxy it is given', async () => {
    const proxy = await startTunnelProxy();
    try {
      const client = clients.get({ profile: 'demo', region: 'us-east-1', endpoint: emulator.url, transport: transport({ proxy: { value: proxy.url, source: 'test' } }) });
      await fetchFederationToken(client, DEMO_INSTANCE_ID);
      assert.deepEqual(proxy.targets, [`127.0.0.1:${emulator.port}`]);
      assert.equal(emulator.tokens().length, 1);
    } finally {
      await proxy.close();
    }
  });

  it('decides NO_PROXY per request, for STS as for Connect: a host it names goes direct, the others through the proxy', async () => {
    const proxy = await startTunnelProxy();
    const savedSts = process.env.AWS_ENDPOINT_URL_STS;
    try {
      files.write(
        `[profile demo]\nregion = us-east-1\n${keys(DEMO_IDENTITY)}\n[profile role]\nregion = us-east-1\nrole_arn = ${CONNECT_ADMIN_ROLE.arn}\nsource_profile = demo\n`,
        '',
      );
      // STS by name, Connect by address: one emulator, two hosts NO_PROXY can tell apart.
      process.env.AWS_ENDPOINT_URL_STS = `http://localhost:${emulator.port}`;
      const through = (noProxy?: string) =>
        clients.get({ profile: 'role', region: 'us-east-1', endpoint: emulator.url, transport: transport({ proxy: { value: proxy.url, source: 'test' }, noProxy }) });
      await fetchFederationToken(through('localhost'), DEMO_INSTANCE_ID);
      assert.deepEqual(proxy.targets, [`127.0.0.1:${emulator.port}`], 'STS went direct');
      clients.reset();
      proxy.targets.length = 0;
      await fetchFederationToken(through('127.0.0.1'), DEMO_INSTANCE_ID);
      assert.deepEqual(proxy.targets, [`localhost:${emulator.port}`], 'Connect went direct');
      assert.deepEqual(
        emulator.requests().map((r) => `${r.service} ${r.operation} ${r.status}`),
        ['sts AssumeRole 200', 'connect GetFederationToken 200', 'sts AssumeRole 200', 'connect GetFederationToken 200'],
      );
    } finally {
      process.env.AWS_ENDPOINT_URL_STS = savedSts;
      if (savedSts === undefined) {
        delete process.env.AWS_ENDPOINT_URL_STS;
      }
      await proxy.close();
    }
  });

  it('gives up on a silent endpoint after the read timeout, as many times as attempts allow', async () => {
    emulator.delay({ operation: 'GetFederationToken', ms: 5_000 });
    const client = clients.get({ profile: 'demo', region: 'us-east-1', endpoint: emulator.url, transport: transport({ readTimeoutMs: 300, maxAttempts: 2 }) });
    const started = Date.now();
    await assert.rejects(fetchFederationToken(client, DEMO_INSTANCE_ID), { name: 'TimeoutError' });
    assert.ok(Date.now() - started < 4_000, 'well before the 5 s answer');
    assert.equal(emulator.requests().length, 2);
  });

  it('makes as many attempts as configured', async () => {
    emulator.fail({ operation: 'GetFederationToken', error: 'InternalServiceException', count: -1 });
    const client = clients.get({ profile: 'demo', region: 'us-east-1', endpoint: emulator.url, transport: transport({ maxAttempts: 1 }) });
    await assert.rejects(fetchFederationToken(client, DEMO_INSTANCE_ID), { name: 'InternalServiceException' });
    assert.equal(emulator.requests().length, 1);
  });

  for (const [region, host] of [
    ['us-gov-west-1', 'connect.us-gov-west-1.amazonaws.com'],
    ['cn-north-1', 'connect.cn-north-1.amazonaws.com.cn'],
    ['eu-west-2', 'connect.eu-west-2.amazonaws.com'],
  ]) {
    it(`signs for ${region} and sends to ${host}`, async () => {
      const client = clients.get({ profile: 'demo', region });
      const captured = captureSignedRequest(client);
      await assert.rejects(fetchFederationToken(client, DEMO_INSTANCE_ID), { name: 'Captured' });
      const request = await captured;
      assert.equal(request.hostname, host);
      assert.match(request.authorization, new RegExp(`Credential=${DEMO_IDENTITY.accessKeyId}/\\d{8}/${region}/connect/aws4_request`));
    });
  }

  /** A fetch, then profile demo's keys edited to the root user's: the next fetch signs with those (and is refused). */
  async function followsKeyEdit(): Promise<void> {
    const target = { profile: 'demo', region: 'us-east-1', endpoint: emulator.url };
    await fetchFederationToken(clients.get(target), DEMO_INSTANCE_ID);
    files.write(`[profile demo]\nregion = us-east-1\n${keys(ROOT_IDENTITY)}\n# edited\n`, '');
    await assert.rejects(fetchFederationToken(clients.get(target), DEMO_INSTANCE_ID), { name: 'InvalidRequestException' });
    assert.deepEqual(
      emulator.requests().map((r) => r.accessKeyId),
      [DEMO_IDENTITY.accessKeyId, ROOT_IDENTITY.accessKeyId],
    );
  }

  it('follows an edit of the credentials in the config file without a restart', followsKeyEdit);

  it('follows an edit of a config file named with ~ and $VAR, as the AWS CLI expands them', async () => {
    process.env.AWS_CONFIG_FILE = '~/config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '$HOME/credentials';
    await followsKeyEdit();
  });

  it('trusts the CA bundle for the SSO portal too, explains an untrusted certificate, and checks none with verifyTls off', async () => {
    const tls = await startEmulator({ tls: true });
    try {
      files.write(
        `[profile sso]\nregion = us-east-1\nsso_start_url = ${SSO_START_URL}\nsso_region = ${SSO_REGION}\nsso_account_id = ${SSO_ACCOUNT_ID}\nsso_role_name = ${SSO_ROLE_NAME}\n`,
        '',
      );
      writeSsoTokenCache({ home: files.dir });
      process.env.AWS_ENDPOINT_URL_SSO = tls.url;
      const target = { profile: 'sso', region: 'us-east-1', endpoint: tls.url };
      const untrusted = await fetchFederationToken(clients.get({ ...target, transport: transport({ maxAttempts: 1 }) }), DEMO_INSTANCE_ID).catch((e: unknown) => e);
      assert.equal(explainFailure(untrusted, { operation: 'GetFederationToken', profile: 'sso', profileExists: true, region: 'us-east-1' }).kind, 'tlsUntrusted');
      const trusted = transport({ caBundle: { value: TEST_CA_PATH, source: 'test' } });
      const token = await fetchFederationToken(clients.get({ ...target, transport: trusted }), DEMO_INSTANCE_ID);
      assert.ok(token.credentials.accessToken);
      // connectFederation.verifyTls off: no CA bundle, and the certificate is not checked (for the SSO portal either).
      const unchecked = await fetchFederationToken(clients.get({ ...target, transport: transport({ verifyTls: false }) }), DEMO_INSTANCE_ID);
      assert.ok(unchecked.credentials.accessToken);
      assert.deepEqual(
        tls.requests().map((r) => `${r.service} ${r.operation} ${r.status}`),
        ['sso GetRoleCredentials 200', 'connect GetFederationToken 200', 'sso GetRoleCredentials 200', 'connect GetFederationToken 200'],
      );
    } finally {
      await tls.close();
    }
  });

  it('writes each attempt to the debug log, without secrets', async () => {
    const lines: string[] = [];
    const logging = new ConnectClients({ debugLog: { enabled: () => true, write: (line) => lines.push(line) } });
    try {
      emulator.fail({ operation: 'GetFederationToken', error: 'ThrottlingException', count: 1 });
      const token = await fetchFederationToken(logging.get({ profile: 'demo', region: 'us-east-1', endpoint: emulator.url }), DEMO_INSTANCE_ID);
      assert.equal(lines.length, 4, lines.join('\n'));
      assert.match(lines[0], /^→ GetFederationTokenCommand GET http:\/\/127\.0\.0\.1:\d+\/user\/federate\//);
      assert.match(lines[1], /^✗ GetFederationTokenCommand ThrottlingException HTTP 429/);
      assert.match(lines[3], /^← GetFederationTokenCommand HTTP 200 in \d+ ms/);
      const text = lines.join('\n');
      assert.match(text, /Credential=AKIA••••\/\d{8}\/us-east-1\/connect\/aws4_request/);
      for (const secret of [DEMO_IDENTITY.accessKeyId, DEMO_IDENTITY.secretAccessKey, token.credentials.accessToken, token.signInUrl]) {
        assert.ok(!text.includes(secret), `the debug log shows a secret: ${secret.slice(0, 6)}…`);
      }
      assert.doesNotMatch(text, /Signature=[0-9a-f]{16}/);
    } finally {
      logging.reset();
    }
  });
});
