/**
 * Files the AWS CLI refuses as a whole: the CLI's session cannot even list profiles, while the
 * extension reads them as the SDK does — and says, on every profile, that the CLI refuses the file.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { listProfiles } from '../../../src/core/aws/sharedConfig';
import { AwsCli, requireAwsCli, runProbe } from './awsCliProbe';
import { withEnv } from './extensionProbe';
import { readmeListed } from './intendedDifferences';

const CASES: Record<string, Buffer | string> = {
  'a byte-order mark': '\ufeff[profile dev]\nregion = eu-west-2\n',
  'a duplicate section': '[profile dev]\nregion = eu-west-2\n[profile dev]\noutput = json\n',
  'a duplicate key': '[profile dev]\nregion = eu-west-2\nregion = eu-west-1\n',
  'a line that is no key = value': '[profile dev]\nregion = eu-west-2\njust words\n',
  'a key before any section': 'region = eu-west-2\n[profile dev]\nregion = eu-west-2\n',
  'an indented line without = under a nested key': '[profile dev]\nregion = eu-west-2\ns3 =\n  no equals here\n',
  'text that is not UTF-8': Buffer.concat([Buffer.from('[profile dev]\nregion = eu-west-2\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
};

describe('conformance with the AWS CLI: files it refuses', function () {
  this.timeout(120_000);
  let cli: AwsCli;
  let home: string;

  before(function () {
    cli = requireAwsCli(this);
    home = mkdtempSync(path.join(tmpdir(), 'connect-federation-refused-'));
  });
  after(() => home && rmSync(home, { recursive: true, force: true }));

  it('lists the profiles the SDK reads, each saying that the CLI refuses the file (conformance: refused-file)', async () => {
    assert.ok(readmeListed().has('refused-file'));
    const envs = Object.keys(CASES).map((_, index) => ({
      HOME: home,
      PATH: process.env.PATH ?? '',
      AWS_CONFIG_FILE: path.join(home, `config-${index}`),
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none'),
    }));
    Object.values(CASES).forEach((text, index) => writeFileSync(envs[index].AWS_CONFIG_FILE, text));
    const answers = await runProbe(cli, envs.map((env) => ({ kind: 'profiles' as const, env })));
    for (const [index, name] of Object.keys(CASES).entries()) {
      assert.match(answers[index].error ?? '', /ConfigParseError|Unable to parse config file/, `the CLI should refuse ${name}: ${JSON.stringify(answers[index])}`);
      const profiles = await withEnv(envs[index], () => listProfiles());
      const dev = profiles.find((p) => p.name === 'dev');
      // As the SDK reads it: of a duplicate key, the last one.
      assert.equal(dev?.region, name === 'a duplicate key' ? 'eu-west-1' : 'eu-west-2', name);
      assert.match((dev?.cliNotes ?? []).join('\n'), /the AWS CLI refuses this file/, name);
    }
  });
});
