/**
 * Every region of the SDK's partition data, plain, FIPS, dual-stack and both — set in the picked
 * profile, and in the environment — against botocore's endpoint resolution for the same files:
 * the same host and signing region, or both refusing. `[default]` asks for FIPS and dual-stack, and
 * must not leak into the other profiles.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEMO_IDENTITY, DEMO_INSTANCE_ID } from '../../emulator/fixtures';
import { AwsCli, ProbeJob, requireAwsCli, runProbe } from './awsCliProbe';
import { ANSWER, agree, clientOutcome, extensionOutcome, intended } from './compare';
import { resolveLikeTheExtension, withEnv } from './extensionProbe';
import { sdkPartitionRegions } from './generatedFiles';
import { IntendedDifference, readmeListed } from './intendedDifferences';

const KEYS = `aws_access_key_id = ${DEMO_IDENTITY.accessKeyId}\naws_secret_access_key = ${DEMO_IDENTITY.secretAccessKey}`;
const VARIANTS = [
  { name: 'plain', fips: false, dualstack: false },
  { name: 'fips', fips: true, dualstack: false },
  { name: 'dualstack', fips: false, dualstack: true },
  { name: 'both', fips: true, dualstack: true },
] as const;

describe('conformance with the AWS CLI: endpoints of every region', function () {
  this.timeout(300_000);
  let cli: AwsCli;
  let home: string;

  before(function () {
    cli = requireAwsCli(this);
    home = mkdtempSync(path.join(tmpdir(), 'connect-federation-regions-'));
  });
  after(() => home && rmSync(home, { recursive: true, force: true }));

  it('agrees on host and signing region for FIPS and dual-stack from the profile and from the environment', async () => {
    const regions = sdkPartitionRegions().map((r) => r.region);
    const sections = [`[default]\nregion = us-east-1\nuse_fips_endpoint = true\nuse_dualstack_endpoint = true\n${KEYS}`];
    const cases: { profile: string; env: Record<string, string> }[] = [];
    const base = { HOME: home, PATH: process.env.PATH ?? '', AWS_CONFIG_FILE: path.join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials') };
    for (const region of regions) {
      for (const v of VARIANTS) {
        const profile = `${region}.${v.name}`;
        sections.push(`[profile ${profile}]\nregion = ${region}\n${v.fips ? 'use_fips_endpoint = true\n' : ''}${v.dualstack ? 'use_dualstack_endpoint = true\n' : ''}${KEYS}`);
        cases.push({ profile, env: base });
      }
      sections.push(`[profile ${region}]\nregion = ${region}\n${KEYS}`);
      for (const v of VARIANTS.slice(1)) {
        cases.push({ profile: region, env: { ...base, AWS_USE_FIPS_ENDPOINT: String(v.fips), AWS_USE_DUALSTACK_ENDPOINT: String(v.dualstack) } });
      }
    }
    writeFileSync(base.AWS_CONFIG_FILE, `${sections.join('\n\n')}\n`);
    writeFileSync(base.AWS_SHARED_CREDENTIALS_FILE, '');
    const jobs: ProbeJob[] = cases.map((c) => ({ kind: 'client', env: c.env, profile: c.profile, instanceId: DEMO_INSTANCE_ID }));
    const answers = await runProbe(cli, jobs);
    const disagreements: string[] = [];
    const intendedSeen = new Map<IntendedDifference, number>();
    let agreements = 0;
    for (const [index, c] of cases.entries()) {
      const resolution = await withEnv(c.env, () => resolveLikeTheExtension(c.profile, DEMO_INSTANCE_ID, ANSWER));
      const botocore = clientOutcome(answers[index]);
      const extension = { ...extensionOutcome(resolution), kind: undefined };
      if (agree(botocore, JSON.parse(JSON.stringify(extension)))) {
        agreements++;
        continue;
      }
      const why = intended(botocore, extension, resolution);
      if (why) {
        intendedSeen.set(why, (intendedSeen.get(why) ?? 0) + 1);
      } else {
        const env = Object.entries(c.env).filter(([name]) => name.startsWith('AWS_USE')).map(([n, v]) => `${n}=${v}`).join(' ');
        disagreements.push(`${c.profile} ${env}\n    botocore:  ${JSON.stringify(botocore)}\n    extension: ${JSON.stringify(extension)}`);
      }
    }
    console.log(
      `      ${regions.length} regions, ${cases.length} cases (${cli.version}): ${agreements} agree, ` +
        `${[...intendedSeen].map(([id, n]) => `${n} ${id}`).join(', ') || 'no'} intended differences, ${disagreements.length} disagree`,
    );
    assert.deepEqual(disagreements, [], `disagreements with botocore:\n${disagreements.join('\n')}`);
    const listed = readmeListed();
    for (const id of intendedSeen.keys()) {
      assert.ok(listed.has(id), `intended difference ${id} is not listed in the README`);
    }
  });
});
