/** What activation contributes, checked in the real extension host. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activated, testApi } from './support';

interface Manifest {
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, { default: unknown }> };
    views: Record<string, { id: string }[]>;
  };
}

describe('activation', () => {
  let extension: vscode.Extension<unknown>;
  let manifest: Manifest;

  before(async () => {
    extension = await activated();
    manifest = JSON.parse(readFileSync(path.join(extension.extensionPath, 'package.json'), 'utf8')) as Manifest;
  });

  it('activates without loading the AWS SDK bundle', () => {
    assert.equal(extension.isActive, true);
    const loaded = Object.keys(require.cache).filter((file) => file.startsWith(extension.extensionPath));
    assert.ok(loaded.some((file) => file.endsWith(path.join('dist', 'extension.js'))));
    assert.ok(!loaded.some((file) => file.endsWith(path.join('dist', 'aws.js'))), 'dist/aws.js must load on first use only');
  });

  it('registers every contributed command', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, []);
  });

  it('contributes the sessions view in its own container, which opens', async () => {
    assert.deepEqual(manifest.contributes.views.connectFederation.map((v) => v.id), ['connectFederation.sessions']);
    await vscode.commands.executeCommand('connectFederation.sessions.focus');
  });

  it('contributes every setting with its default', () => {
    const config = vscode.workspace.getConfiguration('connectFederation');
    for (const [key, spec] of Object.entries(manifest.contributes.configuration.properties)) {
      const name = key.replace(/^connectFederation\./, '');
      assert.deepEqual(config.inspect(name)?.defaultValue, spec.default, key);
    }
    assert.equal(config.get('expiryWarningMinutes'), 5);
  });

  it('reports its activation time and keeps the status bar hidden with no token', async () => {
    const api = await testApi();
    assert.ok(api.activationMs > 0 && api.activationMs < 1000, `activation took ${api.activationMs} ms`);
    console.log(`      activation in the extension host: ${api.activationMs.toFixed(1)} ms`);
    assert.equal(api.statusBar.visible, false);
  });
});
