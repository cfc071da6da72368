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
import { QuickInputs, accept, back, escape, stub, testApi, until } from './support';

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

  /** Records the quick inputs the extension creates during the test. */
  function quickInputs(): QuickInputs {
    const inputs = new QuickInputs();
    restores.push(() => inputs.restore());
    return inputs;
  }

  /** PATH for the test, given back after it. */
  function usePath(value: string): void {
    const saved = process.env.PATH;
    process.env.PATH = value;
    restores.push(() => (process.env.PATH = saved));
  }

  /** The error messages shown during the test, each answered with "Run aws sso login" where offered. */
  function errorsRunningSsoLogin(): string[] {
    const errors: string[] = [];
    restores.push(
      stub(vscode.window, 'showErrorMessage', async (message: string, ...actions: string[]) => {
        errors.push(message);
        return actions.find((action) => action === 'Run aws sso login');
      }),
    );
    return errors;
  }

  /** Types the code into the next MFA prompt and presses Enter. */
  async function answerMfa(inputs: QuickInputs, code: string): Promise<vscode.InputBox> {
    const box = await inputs.inputBox(/^MFA code for profile role-mfa/);
    box.value = code;
    await accept();
    return box;
  }

  async function outcomeOf(run: () => Thenable<unknown>, wanted: (o: FetchOutcome) => boolean = () => true): Promise<FetchOutcome> {
    const api = await testApi();
    return new Promise<FetchOutcome>((resolve, reject) => {
      const subscription = api.service.onDidFetch((outcome) => wanted(outcome) && (subscription.dispose(), resolve(outcome)));
      Promise.resolve(run()).catch(reject);
    });
  }

  it('asks for the MFA code of a role profile, titled with the profile and device, and checks it is six digits', async () => {
    const inputs = quickInputs();
    const outcome = outcomeOf(() =>
      vscode.commands.executeCommand('connectFederation.getFederationToken', { profile: 'role-mfa', instance: DEMO_INSTANCE_ID }),
    );
    const box = await answerMfa(inputs, '12a456');
    assert.match(String(box.title), /role-mfa.*mfa\/connect-admin/);
    await until(() => box.validationMessage !== undefined, 'the validation message');
    assert.equal(box.validationMessage, 'An MFA code is six digits.');
    assert.deepEqual(emulator.requests(), [], 'nothing sent for a malformed code');
    box.value = MFA_CODE;
    await accept();
    const result = await outcome;
    assert.ok(result.ok, !result.ok ? result.failure.message : '');
    const assumeRole = emulator.requests().find((r) => r.operation === 'AssumeRole');
    assert.equal(assumeRole?.form?.SerialNumber, MFA_SERIAL);
    assert.equal(assumeRole?.form?.TokenCode, MFA_CODE);
    // Who signed in is asked beside the fetch (GetCallerIdentity), in any order with it.
    assert.equal(emulator.requests().filter((r) => r.operation !== 'GetCallerIdentity').at(-1)?.operation, 'GetFederationToken');
  });

  it('sends nothing when the MFA prompt is escaped', async () => {
    const inputs = quickInputs();
    const outcome = outcomeOf(() =>
      vscode.commands.executeCommand('connectFederation.getFederationToken', { profile: 'role-mfa', instance: DEMO_INSTANCE_ID }),
    );
    await inputs.inputBox(/^MFA code for profile role-mfa/);
    await escape();
    const result = await outcome;
    assert.ok(!result.ok);
    assert.equal(result.failure.kind, 'cancelled');
    assert.deepEqual(emulator.requests(), []);
  });

  it('asks for the code as step 2 of 3, whose Back returns to the profile pick with the profile kept', async () => {
    const inputs = quickInputs();
    const command = vscode.commands.executeCommand('connectFederation.getFederationToken');
    const profiles = await inputs.pick(/AWS profile/);
    assert.deepEqual([profiles.step, profiles.buttons.length], [1, 0]);
    await inputs.choose(profiles, 'role-mfa');
    const box = await inputs.inputBox(/^MFA code for profile role-mfa/);
    assert.deepEqual([box.step, box.totalSteps], [2, 3]);
    assert.deepEqual(box.buttons, [vscode.QuickInputButtons.Back]);
    await back();
    const again = await inputs.pick(/AWS profile/);
    await until(() => again.activeItems[0]?.label === 'role-mfa', 'the earlier profile active');
    await inputs.choose(again, 'role-mfa');
    await answerMfa(inputs, MFA_CODE);
    const instances = await inputs.pick(/Connect instance \(profile role-mfa\)/);
    assert.deepEqual([instances.step, instances.totalSteps], [3, 3]);
    await escape();
    assert.equal(await command, undefined);
    const operations = emulator.requests().map((r) => r.operation);
    // The pick lists instances and asks who signed in (GetCallerIdentity) with the credentials of that one code.
    assert.deepEqual(operations.filter((op) => op !== 'ListInstances' && op !== 'GetCallerIdentity'), ['AssumeRole'], 'one code sent, after the Back; no fetch');
  });

  it('never prompts for an MFA code in the background: an automatic re-fetch fails quietly instead', async () => {
    const api = await testApi();
    const inputs = quickInputs();
    const firstOutcome = outcomeOf(() =>
      vscode.commands.executeCommand('connectFederation.getFederationToken', { profile: 'role-mfa', instance: DEMO_INSTANCE_ID }),
    );
    await answerMfa(inputs, MFA_CODE);
    const first = await firstOutcome;
    assert.ok(first.ok);
    assert.equal(inputs.created.length, 1);
    api.service.reset(); // the role's credentials are gone: a new fetch needs a new code
    const config = vscode.workspace.getConfiguration('connectFederation');
    await config.update('autoRefetch', true, vscode.ConfigurationTarget.Global);
    restores.push(() => void config.update('autoRefetch', undefined, vscode.ConfigurationTarget.Global), () => api.useClock(systemClock));
    const failed = outcomeOf(async () => api.useClock(new ManualClock(first.session.credentials.accessTokenExpiration - 5 * 60_000)));
    const outcome = await failed;
    assert.ok(!outcome.ok);
    assert.equal(outcome.failure.kind, 'needsInteraction');
    assert.equal(inputs.created.length, 1, 'no prompt in the background');
    assert.match(String(api.tree.getTreeItem(api.tree.getChildren()[0]).description), /auto re-fetch failing/);
  });

  it('reports an expired SSO session as soon as the profile is picked (the instance pick closes, no Connect request); without the AWS CLI, "Run aws sso login" says how to get it', async () => {
    const inputs = quickInputs();
    const empty = mkdtempSync(path.join(tmpdir(), 'connect-federation-no-aws-'));
    restores.push(() => rmSync(empty, { recursive: true, force: true }));
    usePath(empty);
    const errors = errorsRunningSsoLogin();
    const terminals = vscode.window.terminals.length;
    const done = vscode.commands.executeCommand('connectFederation.getFederationToken');
    await inputs.choose(await inputs.pick(/AWS profile/), 'sso');
    await inputs.pick(/Connect instance \(profile sso\)/);
    // The flow ends by itself: the instance pick closed when the credentials failed.
    assert.equal(await done, undefined);
    await until(() => errors.length === 2, 'the SSO message, then the missing AWS CLI').catch((e: Error) => assert.fail(`${e.message}: ${JSON.stringify(errors)}`));
    assert.match(errors[0], /SSO session of profile sso has expired/);
    assert.match(errors[1], /^The AWS CLI is not on PATH\. Install AWS CLI v2, run "aws sso login --profile sso" in a terminal, then fetch again\.$/);
    assert.equal(vscode.window.terminals.length, terminals, 'no terminal started');
    assert.deepEqual(emulator.requests().filter((r) => r.service === 'connect'), [], 'no Connect request');
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
    usePath(`${bin}${path.delimiter}${process.env.PATH}`);
    const errors = errorsRunningSsoLogin();
    restores.push(
      // The "Fetch Now" notice is left unanswered: the login's end must bring the fetch.
      stub(vscode.window, 'showInformationMessage', () => new Promise(() => undefined)),
    );
    const outcome = await outcomeOf(
      () => vscode.commands.executeCommand('connectFederation.getFederationToken', { profile: 'sso', instance: DEMO_INSTANCE_ID }),
      (o) => o.ok,
    );
    assert.ok(outcome.ok);
    assert.match(errors[0], /SSO session of profile sso has expired/);
    assert.equal(readFileSync(argsFile, 'utf8').trim(), 'sso login --profile sso');
    assert.deepEqual(
      emulator.requests().map((r) => r.operation).filter((op) => op !== 'GetCallerIdentity'),
      ['GetRoleCredentials', 'GetFederationToken'],
    );
  });
});
