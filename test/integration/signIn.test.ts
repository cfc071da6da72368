/** Signing in to AWS the ways Connect admins do, in a real extension host: MFA prompt, SSO login. */
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { systemClock } from '../../src/core/clock';
import type { FetchOutcome } from '../../src/core/federationService';
import {
  CONNECT_ADMIN_MFA_ROLE,
  DEMO_IDENTITY,
  DEMO_INSTANCE_ID,
  MFA_CODE,
  MFA_SERIAL,
  SSO_ACCOUNT_ID,
  SSO_REGION,
  SSO_ROLE_NAME,
  SSO_START_URL,
} from '../emulator/fixtures';
import { Emulator, startEmulator } from '../emulator/server';
import { TempAwsFiles } from '../support/awsFiles';
import { ManualClock } from '../support/manualClock';
import { testApi } from './support';

/** Replaces a `vscode.window` function for the duration of a test. */
function replace<K extends keyof typeof vscode.window>(name: K, value: unknown): () => void {
  const original = vscode.window[name];
  Object.defineProperty(vscode.window, name, { value, configurable: true });
  return () => Object.defineProperty(vscode.window, name, { value: original, configurable: true });
}

describe('signing in to AWS in a real extension host', () => {
  let emulator: Emulator;
  let files: TempAwsFiles;
  const restores: (() => void)[] = [];

  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    emulator.clearRequests();
    const api = await testApi();
    api.service.reset();
    await api.store.clear();
    files = new TempAwsFiles(
      [
        `[profile demo]\nregion = us-east-1\naws_access_key_id = ${DEMO_IDENTITY.accessKeyId}\naws_secret_access_key = ${DEMO_IDENTITY.secretAccessKey}\n`,
        `[profile role-mfa]\nregion = us-east-1\nendpoint_url = ${emulator.url}\nrole_arn = ${CONNECT_ADMIN_MFA_ROLE.arn}\nsource_profile = demo\nmfa_serial = ${MFA_SERIAL}\n`,
        `[profile sso]\nregion = us-east-1\nendpoint_url = ${emulator.url}\nsso_start_url = ${SSO_START_URL}\nsso_region = ${SSO_REGION}\nsso_account_id = ${SSO_ACCOUNT_ID}\nsso_role_name = ${SSO_ROLE_NAME}\n`,
      ].join('\n'),
    );
    // The SDK's STS and SSO clients find the emulator through the standard variables.
    process.env.AWS_ENDPOINT_URL_STS = emulator.url;
    process.env.AWS_ENDPOINT_URL_SSO = emulator.url;
  });
  afterEach(() => {
    restores.splice(0).forEach((restore) => restore());
    files.restore();
  });

  async function outcomeOf(run: () => Thenable<unknown>, wanted: (o: FetchOutcome) => boolean = () => true): Promise<FetchOutcome> {
    const api = await testApi();
    return new Promise<FetchOutcome>((resolve, reject) => {
      const subscription = api.service.onDidFetch((outcome) => wanted(outcome) && (subscription.dispose(), resolve(outcome)));
      Promise.resolve(run()).catch(reject);
    });
  }

  it('asks for the MFA code of a role profile, titled with the profile and device, and checks it is six digits', async () => {
    let asked: vscode.InputBoxOptions | undefined;
    restores.push(replace('showInputBox', async (options: vscode.InputBoxOptions) => ((asked = options), MFA_CODE)));
    const outcome = await outcomeOf(() =>
      vscode.commands.executeCommand('connectFederation.getFederationToken', { profile: 'role-mfa', instance: DEMO_INSTANCE_ID }),
    );
    assert.ok(outcome.ok, !outcome.ok ? outcome.failure.message : '');
    assert.match(String(asked?.title), /role-mfa.*mfa\/connect-admin/);
    assert.equal(typeof asked?.validateInput?.('12a456'), 'string');
    assert.equal(asked?.validateInput?.('654321'), undefined);
    const assumeRole = emulator.requests().find((r) => r.operation === 'AssumeRole');
    assert.equal(assumeRole?.form?.SerialNumber, MFA_SERIAL);
    assert.equal(assumeRole?.form?.TokenCode, MFA_CODE);
    assert.equal(emulator.requests().at(-1)?.operation, 'GetFederationToken');
  });

  it('sends nothing when the MFA prompt is escaped', async () => {
    restores.push(replace('showInputBox', async () => undefined));
    const outcome = await outcomeOf(() =>
      vscode.commands.executeCommand('connectFederation.getFederationToken', { profile: 'role-mfa', instance: DEMO_INSTANCE_ID }),
    );
    assert.ok(!outcome.ok);
    assert.equal(outcome.failure.kind, 'cancelled');
    assert.deepEqual(emulator.requests(), []);
  });

  it('never prompts for an MFA code in the background: an automatic re-fetch fails quietly instead', async () => {
    const api = await testApi();
    let prompts = 0;
    restores.push(replace('showInputBox', async () => (prompts++, MFA_CODE)));
    const first = await outcomeOf(() =>
      vscode.commands.executeCommand('connectFederation.getFederationToken', { profile: 'role-mfa', instance: DEMO_INSTANCE_ID }),
    );
    assert.ok(first.ok);
    assert.equal(prompts, 1);
    api.service.reset(); // the role's credentials are gone: a new fetch needs a new code
    const config = vscode.workspace.getConfiguration('connectFederation');
    await config.update('autoRefetch', true, vscode.ConfigurationTarget.Global);
    restores.push(() => void config.update('autoRefetch', undefined, vscode.ConfigurationTarget.Global), () => api.useClock(systemClock));
    const failed = outcomeOf(async () => api.useClock(new ManualClock(first.session.credentials.accessTokenExpiration - 5 * 60_000)));
    const outcome = await failed;
    assert.ok(!outcome.ok);
    assert.equal(outcome.failure.kind, 'needsInteraction');
    assert.equal(prompts, 1, 'no prompt in the background');
    assert.match(String(api.tree.getTreeItem(api.tree.getChildren()[0]).description), /auto re-fetch failing/);
  });

  it('offers "Run aws sso login" for an expired SSO session, runs it in a terminal, then fetches', async () => {
    // A stand-in `aws` on PATH: it records its arguments and, like `aws sso login`, leaves a token in the cache.
    const bin = mkdtempSync(path.join(tmpdir(), 'connect-federation-fake-aws-'));
    restores.push(() => rmSync(bin, { recursive: true, force: true }));
    const argsFile = path.join(bin, 'args');
    const cacheModule = require.resolve('../emulator/ssoCache');
    writeFileSync(
      path.join(bin, 'aws'),
      // ELECTRON_RUN_AS_NODE: under @vscode/test-electron, the extension host's executable is Electron's.
      `#!/bin/sh\necho "$@" > '${argsFile}'\nELECTRON_RUN_AS_NODE=1 exec '${process.execPath}' -e "require('${cacheModule}').writeSsoTokenCache({ home: process.env.HOME })"\n`,
    );
    chmodSync(path.join(bin, 'aws'), 0o755);
    const savedPath = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${savedPath}`;
    restores.push(() => (process.env.PATH = savedPath));
    const errors: string[] = [];
    restores.push(
      replace('showErrorMessage', async (message: string, ...actions: string[]) => {
        errors.push(message);
        return actions.find((action) => action === 'Run aws sso login');
      }),
      // The "Fetch Now" notice is left unanswered: the login's end must bring the fetch.
      replace('showInformationMessage', () => new Promise(() => undefined)),
    );
    const outcome = await outcomeOf(
      () => vscode.commands.executeCommand('connectFederation.getFederationToken', { profile: 'sso', instance: DEMO_INSTANCE_ID }),
      (o) => o.ok,
    );
    assert.ok(outcome.ok);
    assert.match(errors[0], /SSO session of profile sso has expired/);
    assert.equal(readFileSync(argsFile, 'utf8').trim(), 'sso login --profile sso');
    assert.deepEqual(
      emulator.requests().map((r) => r.operation),
      ['GetRoleCredentials', 'GetFederationToken'],
    );
  });
});
