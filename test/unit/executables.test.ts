import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MAX_PATH_ENTRIES, findOnPath } from '../../src/core/executables';

describe('findOnPath', () => {
  it('finds a program in the first MAX_PATH_ENTRIES folders of PATH, and looks no further', async () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'find-on-path-'));
    try {
      const program = path.join(bin, 'aws');
      writeFileSync(program, '#!/bin/sh\n');
      chmodSync(program, 0o755);
      const missing = (n: number): string[] => Array.from({ length: n }, (_, i) => path.join(bin, `nowhere-${i}`));
      const search = (dirs: string[]) => findOnPath('aws', { PATH: dirs.join(path.delimiter) }, 'linux');
      assert.equal(await search([...missing(3), bin]), program);
      assert.equal(await search([...missing(MAX_PATH_ENTRIES - 1), bin]), program, 'the last folder looked at');
      assert.equal(await search([...missing(MAX_PATH_ENTRIES), bin]), undefined, 'beyond the bound');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
