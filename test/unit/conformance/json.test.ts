/**
 * Copy as JSON against the AWS CLI's own output for the same emulator response: the extension
 * fetches from the emulator through a relay that reshapes the answer (microseconds, `.9996 s`,
 * whole seconds, missing UserArn/UserId/SignInUrl), and the CLI prints those very bytes — in
 * several time zones, with `cli_timestamp_format = iso8601` (v2's default, set for v1).
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConnectClients } from '../../../src/core/aws/connectClients';
import { fetchFederationToken } from '../../../src/core/aws/federation';
import { listProfiles } from '../../../src/core/aws/sharedConfig';
import { cliJson } from '../../../src/core/exportFormats';
import { resolveConnection } from '../../../src/core/fetchPlan';
import { DEFAULT_CONNECTION_SETTINGS } from '../../../src/core/settingsTable';
import { sampleSession } from '../../support/sessions';
import { DEMO_IDENTITY, DEMO_INSTANCE_ID, DEMO_REGION } from '../../emulator/fixtures';
import { startEmulator, type Emulator } from '../../emulator/server';
import { AwsCli, ProbeJob, requireAwsCli, runProbe } from './awsCliProbe';
import { withEnv } from './extensionProbe';

type Answer = { Credentials: Record<string, unknown> } & Record<string, unknown>;

const RESHAPES: Record<string, (answer: Answer) => void> = {
  'as the emulator sends it': () => undefined,
  microseconds: (a) => {
    a.Credentials.AccessTokenExpiration = 1_752_000_000.123456;
    a.Credentials.RefreshTokenExpiration = 1_767_000_000.000001;
  },
  '.9996 s (the SDK rounds up)': (a) => {
    a.Credentials.AccessTokenExpiration = 1_767_000_000.9996;
    a.Credentials.RefreshTokenExpiration = 1_752_000_059.9999995;
  },
  'whole seconds': (a) => {
    a.Credentials.AccessTokenExpiration = 1_752_000_000;
    a.Credentials.RefreshTokenExpiration = 1_767_000_000;
  },
  'the hour a DST change repeats': (a) => {
    a.Credentials.AccessTokenExpiration = 1_761_438_600; // 2025-10-26T00:30Z
    a.Credentials.RefreshTokenExpiration = 1_761_442_200; // 2025-10-26T01:30Z
  },
  'no UserArn or UserId': (a) => {
    delete a.UserArn;
    delete a.UserId;
  },
  'no SignInUrl': (a) => {
    delete a.SignInUrl;
  },
};

const ZONES = ['UTC', 'Europe/Paris', 'America/St_Johns', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Los_Angeles'];

describe('conformance with the AWS CLI: Copy as JSON', function () {
  this.timeout(300_000);
  let cli: AwsCli;
  let emulator: Emulator;
  let relay: http.Server;
  let relayUrl: string;
  let home: string;
  let reshape: (answer: Answer) => void = () => undefined;
  let lastBody = '';

  before(async function () {
    cli = requireAwsCli(this);
    emulator = await startEmulator();
    // Forwards to the emulator (same Host header, so the signature holds) and reshapes its answer.
    relay = http.createServer((request, response) => {
      const target = new URL(request.url ?? '/', emulator.url);
      const forward = http.request(target, { method: request.method, headers: request.headers }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          let body = Buffer.concat(chunks).toString('utf8');
          if (answer.statusCode === 200) {
            const parsed = JSON.parse(body) as Answer;
            reshape(parsed);
            body = JSON.stringify(parsed);
            lastBody = body;
          }
          const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(body)) };
          response.writeHead(answer.statusCode ?? 500, headers).end(body);
        });
      });
      request.pipe(forward);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
    home = mkdtempSync(path.join(tmpdir(), 'connect-federation-json-'));
    writeFileSync(
      path.join(home, 'config'),
      `[profile demo]\nregion = ${DEMO_REGION}\noutput = json\ncli_timestamp_format = iso8601\naws_access_key_id = ${DEMO_IDENTITY.accessKeyId}\naws_secret_access_key = ${DEMO_IDENTITY.secretAccessKey}\n`,
    );
  });

  after(async () => {
    relay?.close();
    await emulator?.close();
    if (home) {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('prints what the CLI prints for the same response, in every time zone', async () => {
    const cases: { name: string; zone: string; env: Record<string, string>; body: string; copied: string }[] = [];
    for (const [name, reshapeWith] of Object.entries(RESHAPES)) {
      for (const zone of ZONES) {
        reshape = reshapeWith;
        const env = {
          HOME: home,
          PATH: process.env.PATH ?? '',
          TZ: zone,
          AWS_CONFIG_FILE: path.join(home, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
          AWS_ENDPOINT_URL_CONNECT: relayUrl,
          AWS_PAGER: '',
        };
        const copied = await withEnv(env, async () => {
          const profile = (await listProfiles()).find((p) => p.name === 'demo');
          const connection = resolveConnection({ profileName: 'demo', profile, settings: DEFAULT_CONNECTION_SETTINGS, env: process.env });
          assert.ok(connection.ok && connection.region);
          const clients = new ConnectClients();
          try {
            const client = clients.get({ profile: 'demo', region: connection.region.value, endpoint: connection.endpoint?.value, transport: connection.transport });
            const result = await fetchFederationToken(client, DEMO_INSTANCE_ID);
            return cliJson(sampleSession({ ...result, profile: 'demo', instanceId: DEMO_INSTANCE_ID }));
          } finally {
            clients.reset();
          }
        });
        cases.push({ name, zone, env, body: lastBody, copied });
      }
    }
    const jobs: ProbeJob[] = cases.map((c) => ({
      kind: 'cli',
      env: c.env,
      argv: ['connect', 'get-federation-token', '--instance-id', DEMO_INSTANCE_ID, '--profile', 'demo'],
      respond: { body: c.body },
    }));
    const printed = await runProbe(cli, jobs);
    const differences = cases
      .map((c, index) => ({ ...c, cli: printed[index] }))
      .filter((c) => c.cli.rc !== 0 || c.cli.stdout?.trimEnd() !== c.copied)
      .map((c) => `${c.name}, TZ=${c.zone}:\n--- CLI (exit ${c.cli.rc}) ---\n${c.cli.stdout}${c.cli.stderr}\n--- Copy as JSON ---\n${c.copied}`);
    console.log(`      ${cases.length} responses × time zones (${cli.version}): ${cases.length - differences.length} print the same, ${differences.length} differ`);
    assert.deepEqual(differences, []);
  });
});
