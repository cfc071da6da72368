import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConnectFederationApi } from '../../src/extension';

/** `${publisher}.${name}` of package.json. */
const EXTENSION_ID = 'connect-federation.connect-federation';

async function activated(): Promise<vscode.Extension<ConnectFederationApi>> {
  const extension = vscode.extensions.getExtension<ConnectFederationApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  await extension.activate();
  return extension;
}

describe('harness smoke test', () => {
  it('loads and activates the extension', async () => {
    const extension = await activated();
    assert.equal(extension.isActive, true);
  });

  it('registers the Get Federation Token command', async () => {
    await activated();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('connectFederation.getFederationToken'));
  });

  it("exposes activate()'s API as the extension's exports", async () => {
    const api = (await activated()).exports;
    assert.equal(typeof api.useClock, 'function');
    assert.ok(Array.isArray(api.store.list()));
    assert.ok(api.activationMs >= 0);
  });
});
