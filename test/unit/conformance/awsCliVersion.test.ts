import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { findAwsCommand, unusableAwsCli } from './awsCliProbe';

describe('which AWS CLI the CLI tests can use', () => {
  it('takes v1 from 1.29.0 and v2 from 2.13.0, the releases with per-service endpoint settings', () => {
    for (const version of ['1.29.0', '1.45.11', '1.100.0', '2.13.0', '2.13.1', '2.27.50']) {
      assert.equal(unusableAwsCli(version), undefined, version);
    }
    for (const version of ['1.28.9', '1.9.99', '2.9.19', '2.12.7', '0.9.0', '3.0.0', 'dev']) {
      assert.ok(unusableAwsCli(version), version);
    }
    assert.match(unusableAwsCli('2.9.19') ?? '', /AWS CLI 2\.9\.19 predates per-service endpoint settings .* install 2\.13\.0 or later/);
  });

  it("reads the version of the aws on PATH, and refuses Debian bookworm's 2.9.19", () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'aws-version-'));
    const savedPath = process.env.PATH;
    try {
      const aws = path.join(bin, 'aws');
      const answer = (words: string): void => {
        writeFileSync(aws, `#!/bin/sh\necho '${words}'\n`);
        chmodSync(aws, 0o755);
      };
      process.env.PATH = bin;
      answer('aws-cli/2.9.19 Python/3.11.2 Linux/6.1 source/x86_64.debian.12 prompt/off');
      assert.match(String(findAwsCommand()), /^AWS CLI 2\.9\.19 predates/);
      answer('aws-cli/1.45.11 Python/3.11.7 Linux/6.1 botocore/1.43.11');
      assert.deepEqual(findAwsCommand(), { path: aws, version: '1.45.11' });
      answer('something else');
      assert.match(String(findAwsCommand()), /--version says "something else"/);
      process.env.PATH = path.join(bin, 'nowhere');
      assert.equal(findAwsCommand(), 'no aws on PATH');
    } finally {
      process.env.PATH = savedPath;
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
