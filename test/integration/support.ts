import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FetchOutcome } from '../../src/core/federationService';
import type { ConnectFederationApi } from '../../src/extension';
import { DEMO_IDENTITY, DENIED_IDENTITY, Identity, NOUSER_IDENTITY, ROOT_IDENTITY } from '../emulator/fixtures';
import { Emulator, startEmulator } from '../emulator/server';
import { TempAwsFiles } from '../support/awsFiles';

/** `${publisher}.${name}` of package.json. */
export const EXTENSION_ID = 'connect-federation.connect-federation';

export async function activated(): Promise<vscode.Extension<ConnectFederationApi | undefined>> {
  const extension = vscode.extensions.getExtension<ConnectFederationApi | undefined>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  await extension.activate();
  return extension;
}

export async function testApi(): Promise<ConnectFederationApi> {
  const api = (await activated()).exports;
  assert.ok(api, 'the extension returns its test API when run for tests');
  return api;
}

/**
 * The emulator and temp AWS files the extension under test talks to, in this very process:
 * the extension reads process.env (AWS_CONFIG_FILE …) at each request.
 */
export class Fixture {
  private constructor(
    readonly api: ConnectFederationApi,
    readonly emulator: Emulator,
    readonly files: TempAwsFiles,
  ) {}

  static async start(): Promise<Fixture> {
    const emulator = await startEmulator();
    const files = new TempAwsFiles(awsConfig(emulator.url), '');
    return new Fixture(await testApi(), emulator, files);
  }

  async dispose(): Promise<void> {
    await this.api.store.clear();
    this.api.service.reset();
    this.files.restore();
    await this.emulator.close();
  }

  /** Runs the command with arguments and resolves with the fetch's outcome. */
  async getToken(args: { profile: string; instance: string; region?: string }): Promise<FetchOutcome | undefined> {
    return this.outcomeOf(() => vscode.commands.executeCommand('connectFederation.getFederationToken', args));
  }

  /** The outcome of the fetch a command starts, or undefined when it starts none. */
  async outcomeOf(run: () => Thenable<unknown>): Promise<FetchOutcome | undefined> {
    let outcome: FetchOutcome | undefined;
    const subscription = this.api.service.onDidFetch((o) => (outcome = o));
    try {
      await run();
    } finally {
      subscription.dispose();
    }
    return outcome;
  }
}

function awsConfig(endpoint: string): string {
  const profile = (name: string, identity: Identity, region = 'us-east-1') =>
    `[profile ${name}]\nregion = ${region}\nendpoint_url = ${endpoint}\naws_access_key_id = ${identity.accessKeyId}\naws_secret_access_key = ${identity.secretAccessKey}\n`;
  return [
    profile('demo', DEMO_IDENTITY),
    profile('root', ROOT_IDENTITY),
    profile('nouser', NOUSER_IDENTITY),
    profile('denied', DENIED_IDENTITY),
    `[profile sso]\nregion = us-east-1\nendpoint_url = ${endpoint}\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\n`,
    '[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n',
  ].join('\n');
}
