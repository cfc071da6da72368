/** Keep-alive connections end with the clients: what deactivation (FederationService.reset) relies on. */
import * as assert from 'node:assert/strict';
import { Server, Socket, connect, createServer } from 'node:net';
import { ConnectClients } from '../../src/core/aws/connectClients';
import { fetchFederationToken } from '../../src/core/aws/federation';
import { CONNECT_ADMIN_ROLE, DEMO_IDENTITY, DEMO_INSTANCE_ID, DEMO_REGION } from '../emulator/fixtures';
import { Emulator, startEmulator } from '../emulator/server';
import { TempAwsFiles } from '../support/awsFiles';

/** A TCP pass-through to the emulator that counts the connections open through it. */
async function startCountingRelay(target: number): Promise<{ url: string; open: () => number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const upstream = connect(target, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    open: () => sockets.size,
    close: () => {
      sockets.forEach((socket) => socket.destroy());
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('ConnectClients.reset', () => {
  let emulator: Emulator;
  let relay: Awaited<ReturnType<typeof startCountingRelay>>;
  let files: TempAwsFiles;

  before(async () => {
    emulator = await startEmulator();
    relay = await startCountingRelay(emulator.port);
  });
  after(async () => {
    await relay.close();
    await emulator.close();
  });
  beforeEach(() => {
    files = new TempAwsFiles(
      `[profile role]\nregion = ${DEMO_REGION}\nrole_arn = ${CONNECT_ADMIN_ROLE.arn}\nsource_profile = keys\nendpoint_url = ${relay.url}\n`,
      `[keys]\naws_access_key_id = ${DEMO_IDENTITY.accessKeyId}\naws_secret_access_key = ${DEMO_IDENTITY.secretAccessKey}\n`,
    );
    process.env.AWS_ENDPOINT_URL_STS = relay.url;
  });
  afterEach(() => files.restore());

  it("closes the keep-alive connections of the Connect clients and of the credential providers' STS calls", async () => {
    const clients = new ConnectClients();
    await clients.resolveCredentials({ profile: 'role' });
    await fetchFederationToken(clients.get({ profile: 'role', region: DEMO_REGION, endpoint: relay.url }), DEMO_INSTANCE_ID);
    assert.deepEqual(
      emulator.requests().map((r) => r.operation),
      ['AssumeRole', 'GetFederationToken'],
    );
    assert.equal(relay.open(), 2, 'one kept-alive connection each for STS and Connect');
    clients.reset();
    await until(() => relay.open() === 0, 'every connection closed');
  });
});
