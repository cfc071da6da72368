/**
 * Same files, same answer as the AWS CLI: for every profile of generated config and credentials
 * files, what the extension resolves — listed or not, kind of credentials, endpoint host,
 * signing region, access key — against what the real AWS CLI resolves and signs for
 * `aws connect get-federation-token --profile <name>`.
 */
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEMO_IDENTITY, DEMO_INSTANCE_ID } from '../../emulator/fixtures';
import { startEmulator, type Emulator } from '../../emulator/server';
import { writeSsoTokenCache } from '../../emulator/ssoCache';
import { TEST_CA_PATH } from '../../emulator/tls';
import { AwsCli, requireAwsCli, runProbe } from './awsCliProbe';
import { ANSWER, agree, cliOutcome, extensionOutcome, intended } from './compare';
import { resolveLikeTheExtension, withEnv } from './extensionProbe';
import { GeneratedFiles, WEB_IDENTITY_TOKEN, generateFiles } from './generatedFiles';
import { INTENDED_DIFFERENCES, IntendedDifference, readmeListed } from './intendedDifferences';

const GENERATED = 90;

describe('conformance with the AWS CLI: profiles of generated files', function () {
  this.timeout(300_000);
  let cli: AwsCli;
  let emulator: Emulator;
  let home: string;
  let files: GeneratedFiles;
  let env: Record<string, string>;

  before(async function () {
    cli = requireAwsCli(this);
    emulator = await startEmulator();
    home = mkdtempSync(path.join(tmpdir(), 'connect-federation-conformance-'));
    const tokenFile = path.join(home, 'web-identity-token');
    writeFileSync(tokenFile, WEB_IDENTITY_TOKEN);
    copyFileSync(TEST_CA_PATH, path.join(home, 'ca.pem'));
    files = generateFiles({ webIdentityTokenFile: tokenFile, caFile: '~/ca.pem', generatedCount: GENERATED });
    const extra = [
      `[profile commented]\nregion = eu-west-2 # London\naws_access_key_id = ${DEMO_IDENTITY.accessKeyId}\naws_secret_access_key = ${DEMO_IDENTITY.secretAccessKey}`,
      `[profile continued]\nregion = eu-west-2\n  eu-west-1\naws_access_key_id = ${DEMO_IDENTITY.accessKeyId}\naws_secret_access_key = ${DEMO_IDENTITY.secretAccessKey}`,
      `[profile mixed]\nsso_session = my-sso\nsso_account_id = 123456789012\nsso_role_name = ConnectAdmin\nregion = us-east-1\naws_access_key_id = ${DEMO_IDENTITY.accessKeyId}\naws_secret_access_key = ${DEMO_IDENTITY.secretAccessKey}`,
    ];
    files = { ...files, config: `${files.config}\n${extra.join('\n\n')}\n`, names: [...files.names, 'commented', 'continued', 'mixed'] };
    writeFileSync(path.join(home, 'config'), files.config);
    writeFileSync(path.join(home, 'credentials'), files.credentials);
    writeSsoTokenCache({ home, sessionName: 'my-sso' });
    writeSsoTokenCache({ home });
    env = {
      HOME: home,
      PATH: process.env.PATH ?? '',
      AWS_CONFIG_FILE: path.join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
      AWS_ENDPOINT_URL_STS: emulator.url,
      AWS_ENDPOINT_URL_SSO: emulator.url,
      AWS_ENDPOINT_URL_SSO_OIDC: emulator.url,
      // For credential_source = Environment; an explicit --profile never uses them otherwise.
      AWS_ACCESS_KEY_ID: DEMO_IDENTITY.accessKeyId,
      AWS_SECRET_ACCESS_KEY: DEMO_IDENTITY.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
    };
  });

  after(async () => {
    await emulator?.close();
    if (home) {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it(`agrees on every profile (the user guide's, the issue's and ${GENERATED} generated ones), but for the differences the README lists`, async () => {
    const [listing, ...runs] = await runProbe(cli, [
      { kind: 'profiles', env },
      ...files.names.map((name) => ({
        kind: 'cli' as const,
        env,
        argv: ['connect', 'get-federation-token', '--instance-id', DEMO_INSTANCE_ID, `--profile=${name}`, '--output', 'json'],
      })),
    ]);
    assert.equal(listing.error, undefined, `the CLI refuses the generated files: ${listing.error}`);
    const cliProfiles = new Set(listing.profiles);
    const disagreements: string[] = [];
    const intendedSeen = new Map<IntendedDifference, string[]>();
    let agreements = 0;
    for (const [index, name] of files.names.entries()) {
      const resolution = await withEnv(env, () => resolveLikeTheExtension(name, DEMO_INSTANCE_ID, ANSWER));
      const c = cliOutcome(cliProfiles.has(name), runs[index]);
      const e = extensionOutcome(resolution);
      if (agree(c, e)) {
        agreements++;
        continue;
      }
      const why = intended(c, e, resolution);
      if (why) {
        intendedSeen.set(why, [...(intendedSeen.get(why) ?? []), name]);
      } else {
        disagreements.push(`${JSON.stringify(name)}\n    CLI:       ${JSON.stringify(c)}\n    extension: ${JSON.stringify(e)}`);
      }
    }
    const listed = readmeListed();
    console.log(
      `      ${files.names.length} profiles (${cli.version}): ${agreements} agree, ` +
        `${[...intendedSeen].map(([id, names]) => `${names.length} ${id}`).join(', ') || 'no'} intended differences, ${disagreements.length} disagree`,
    );
    assert.deepEqual(disagreements, [], `disagreements with the AWS CLI:\n${disagreements.join('\n')}`);
    for (const id of intendedSeen.keys()) {
      assert.ok(listed.has(id), `intended difference ${id} is not listed in the README (${INTENDED_DIFFERENCES[id]})`);
    }
    assert.ok(files.names.length >= 100);
  });
});
