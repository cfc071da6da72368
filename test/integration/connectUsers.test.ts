/**
 * Signing in as a chosen Connect user, in a real extension host: one role profile (ConnectAgent,
 * whose role session name is the Connect user), alice by the profile's role_session_name and bob by
 * the roleSessionName argument or by "Sign in as another Connect user…" after UserNotFoundException;
 * both side by side, each with the identity that signed in.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sessionId, type FederationSession } from '../../src/core/session';
import { ACCOUNT_ID, CONNECT_AGENT_ROLE, DEMO_INSTANCE_ID, UNMAPPED_SESSION_NAME } from '../emulator/fixtures';
import { StandInBrowser } from '../support/standInBrowser';
import { Fixture, QuickInputs, accept, intercept, sessionItem, sessionNode, until } from './support';

const ALICE = sessionId({ profile: 'agents', instanceId: DEMO_INSTANCE_ID });
const BOB = sessionId({ profile: 'agents', instanceId: DEMO_INSTANCE_ID, roleSessionName: 'bob' });
const agentArn = (name: string): string => `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${CONNECT_AGENT_ROLE.name}/${name}`;
const ANOTHER_USER = 'Sign in as another Connect user…';
const RECENTS_KEY = 'connectFederation.recentRoleSessionNames';

describe('signing in as a chosen Connect user, in a real extension host', () => {
  let fixture: Fixture;
  const restores: (() => void)[] = [];

  before(async () => {
    fixture = await Fixture.start();
    const config = readFileSync(fixture.files.configFile, 'utf8');
    fixture.files.write(
      `${config}\n[profile agents]\nregion = us-east-1\nendpoint_url = ${fixture.emulator.url}\nrole_arn = ${CONNECT_AGENT_ROLE.arn}\nsource_profile = demo\nrole_session_name = alice\n`,
      '',
    );
    // The SDK's STS client (AssumeRole) finds the emulator through the standard variable.
    process.env.AWS_ENDPOINT_URL_STS = fixture.emulator.url;
  });
  after(async () => {
    delete process.env.AWS_ENDPOINT_URL_STS;
    await fixture.dispose();
  });
  beforeEach(async () => {
    // The emulator forgets the role sessions it minted: so must the extension.
    fixture.api.service.reset();
    await fixture.fresh();
    await fixture.api.globalState.update(RECENTS_KEY, undefined);
  });
  afterEach(async () => {
    restores.splice(0).forEach((restore) => restore());
    await vscode.commands.executeCommand('connectFederation.clearTokens');
  });

  async function fetch(args: { profile: string; instance: string; roleSessionName?: string }): Promise<FederationSession> {
    const outcome = await fixture.outcomeOf(() => vscode.commands.executeCommand('connectFederation.getFederationToken', args));
    assert.ok(outcome?.ok, outcome && !outcome.ok ? outcome.failure.message : 'no fetch happened');
    return outcome.session;
  }

  /** The identity line of a session's row, once GetCallerIdentity has answered. */
  async function identityLine(id: string): Promise<string> {
    await until(() => fixture.api.store.get(id)?.callerArn !== undefined, `the identity of ${id}`);
    const row = fixture.api.tree.getChildren(sessionNode(fixture.api, id)).find((child) => child.type === 'field' && child.field === 'callerArn');
    assert.ok(row, 'a "Signed in as" row');
    const item = fixture.api.tree.getTreeItem(row);
    assert.equal(item.label, 'Signed in as');
    return String(item.description);
  }

  function assumedNames(): unknown[] {
    return fixture.emulator.requests().filter((r) => r.operation === 'AssumeRole').map((r) => r.form?.RoleSessionName);
  }

  it('signs in as alice and bob through one role side by side: the profile’s role_session_name, and the roleSessionName argument', async () => {
    const alice = await fetch({ profile: 'agents', instance: DEMO_INSTANCE_ID });
    const bob = await fetch({ profile: 'agents', instance: DEMO_INSTANCE_ID, roleSessionName: 'bob' });
    assert.deepEqual([alice.id, bob.id], [ALICE, BOB]);
    assert.deepEqual(assumedNames(), ['alice', 'bob']);
    assert.deepEqual(fixture.emulator.tokens().map((t) => t.userName), ['alice', 'bob']);
    assert.deepEqual(fixture.api.store.list().map((s) => s.id).sort(), [ALICE, BOB].sort());

    assert.match(String(sessionItem(fixture.api, ALICE).description), /^agents · us-east-1 · valid/);
    assert.match(String(sessionItem(fixture.api, BOB).description), /^agents as bob · us-east-1 · valid/);
    assert.equal(await identityLine(ALICE), `Connect user alice · ${agentArn('alice')}`);
    assert.equal(await identityLine(BOB), `Connect user bob · ${agentArn('bob')}`);
    const node = sessionNode(fixture.api, BOB);
    const tooltip = fixture.api.tree.resolveTreeItem(fixture.api.tree.getTreeItem(node), node).tooltip as vscode.MarkdownString;
    const text = tooltip.value.replace(/\\(.)/g, '$1');
    assert.ok(text.includes(`Signed in as ${agentArn('bob')} → Connect user bob`), text);
    assert.ok(text.includes('Profile agents as bob · us-east-1'), text);
  });

  it('names sessions of a chosen user in session commands by roleSessionName or "#name", and re-fetches each as its user', async () => {
    await fetch({ profile: 'agents', instance: DEMO_INSTANCE_ID });
    await fetch({ profile: 'agents', instance: DEMO_INSTANCE_ID, roleSessionName: 'bob' });
    const again = await fixture.outcomeOf(() => vscode.commands.executeCommand('connectFederation.fetchAgain', { sessionId: BOB }));
    assert.ok(again?.ok);
    assert.equal(again.session.id, BOB);
    assert.equal(fixture.emulator.tokens().at(-1)?.userName, 'bob', 'fetched again as bob');
    const notes = intercept('showInformationMessage');
    restores.push(notes.restore);
    const command = await vscode.commands.executeCommand<string>('connectFederation.copyCliCommand', sessionNode(fixture.api, BOB));
    assert.match(command, /--profile agents/);
    assert.match(String(notes.calls[0]?.[0]), /^The AWS CLI takes the role session name from the profile: .*not as bob\./);
    await vscode.commands.executeCommand('connectFederation.removeSession', { profile: 'agents', instance: DEMO_INSTANCE_ID, roleSessionName: 'bob' });
    assert.deepEqual(fixture.api.store.list().map((s) => s.id), [ALICE], "only bob's session went");
  });

  it('says why a roleSessionName cannot apply to a profile that assumes no role, and sends nothing', async () => {
    const errors = intercept('showErrorMessage');
    restores.push(errors.restore);
    const outcome = await fixture.outcomeOf(() =>
      vscode.commands.executeCommand('connectFederation.getFederationToken', { profile: 'demo', instance: DEMO_INSTANCE_ID, roleSessionName: 'bob' }),
    );
    assert.equal(outcome, undefined);
    assert.match(String(errors.calls[0]?.[0]), /^Get Federation Token: Profile demo signs in with access keys, not by assuming a role/);
    assert.deepEqual(fixture.emulator.requests(), []);
  });

  it('after UserNotFoundException, "Sign in as another Connect user…" takes a name typed over the one that failed: bob beside alice', async () => {
    await fetch({ profile: 'agents', instance: DEMO_INSTANCE_ID });
    const inputs = new QuickInputs();
    restores.push(() => inputs.restore());
    const errors = intercept('showErrorMessage', (_message, ...actions) => actions.find((action) => action === ANOTHER_USER));
    restores.push(errors.restore);
    const bobFetched = new Promise<FederationSession>((resolve) => {
      const subscription = fixture.api.service.onDidFetch((o) => o.ok && o.session.id === BOB && (subscription.dispose(), resolve(o.session)));
    });

    const failed = await fixture.outcomeOf(() =>
      vscode.commands.executeCommand('connectFederation.getFederationToken', { profile: 'agents', instance: DEMO_INSTANCE_ID, roleSessionName: UNMAPPED_SESSION_NAME }),
    );
    assert.ok(failed && !failed.ok);
    assert.equal(failed.failure.kind, 'userNotFound');
    const [message, ...buttons] = errors.calls[0] as string[];
    assert.match(message, new RegExp(`has no Connect user named ${UNMAPPED_SESSION_NAME}: profile agents signed in as ${agentArn(UNMAPPED_SESSION_NAME)}`));
    assert.deepEqual(buttons, [ANOTHER_USER, 'Show Log']);

    // The profile's own name (alice) is offered, and another name can be typed.
    const pick = await inputs.pick(/as another Connect user \(profile agents\)/);
    await until(() => pick.items.length === 2, 'the names to pick from');
    assert.deepEqual(pick.items.map((item) => item.label), ['$(person) alice', '$(edit) Another Connect user name…']);
    await inputs.choose(pick, '$(edit) Another Connect user name…');
    const box = await inputs.inputBox(/as another Connect user/);
    assert.equal(box.value, UNMAPPED_SESSION_NAME, 'starts on the name that failed');
    box.value = 'b';
    await accept();
    await until(() => box.validationMessage !== undefined, 'the validation message');
    assert.match(String(box.validationMessage), /2 to 64 letters/);
    box.value = 'bob';
    await accept();

    const bob = await bobFetched;
    assert.equal(bob.roleSessionName, 'bob');
    assert.deepEqual(fixture.api.store.list().map((s) => s.id).sort(), [ALICE, BOB].sort(), 'beside the first');
    assert.deepEqual(assumedNames(), ['alice', UNMAPPED_SESSION_NAME, 'bob']);
    assert.equal(await identityLine(BOB), `Connect user bob · ${agentArn('bob')}`);
    assert.deepEqual(fixture.api.globalState.get(RECENTS_KEY), { [JSON.stringify(['agents', DEMO_INSTANCE_ID])]: ['bob'] }, 'remembered, non-secret');
  });

  it('offers the names used before with the profile and instance in the pick after UserNotFoundException', async () => {
    await fetch({ profile: 'agents', instance: DEMO_INSTANCE_ID, roleSessionName: 'bob' });
    await fixture.api.store.clear();
    const inputs = new QuickInputs();
    restores.push(() => inputs.restore());
    const errors = intercept('showErrorMessage', (_message, ...actions) => actions.find((action) => action === ANOTHER_USER));
    restores.push(errors.restore);
    const bobFetched = new Promise<void>((resolve) => {
      const subscription = fixture.api.service.onDidFetch((o) => o.ok && o.session.id === BOB && (subscription.dispose(), resolve()));
    });
    await fixture.outcomeOf(() =>
      vscode.commands.executeCommand('connectFederation.getFederationToken', { profile: 'agents', instance: DEMO_INSTANCE_ID, roleSessionName: UNMAPPED_SESSION_NAME }),
    );
    const pick = await inputs.pick(/as another Connect user/);
    await until(() => pick.items.length === 3, 'the names to pick from');
    assert.deepEqual(
      pick.items.map((item) => [item.label, item.description]),
      [
        ['$(person) bob', 'signed in as before'],
        ['$(person) alice', "the profile's role_session_name"],
        ['$(edit) Another Connect user name…', undefined],
      ],
    );
    await inputs.choose(pick, '$(person) bob');
    await bobFetched;
    assert.deepEqual(fixture.api.store.list().map((s) => s.id), [BOB]);
  });

  it("keeps each user's browser profile folder and terminal state apart: Sign Out and Remove find the right one", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'connect-federation-users-'));
    const browser = new StandInBrowser(dir);
    const config = vscode.workspace.getConfiguration('connectFederation');
    const settings = { browser: browser.executable, browserIsolation: 'perSession', browserOnRemoteHost: 'host' };
    for (const [key, value] of Object.entries(settings)) {
      await config.update(key, value, vscode.ConfigurationTarget.Global);
    }
    restores.push(() => {
      void fixture.api.launcher?.stopAll();
      browser.killAll();
      rmSync(dir, { recursive: true, force: true });
      for (const key of Object.keys(settings)) {
        void config.update(key, undefined, vscode.ConfigurationTarget.Global);
      }
    });
    await fetch({ profile: 'agents', instance: DEMO_INSTANCE_ID });
    await fetch({ profile: 'agents', instance: DEMO_INSTANCE_ID, roleSessionName: 'bob' });
    for (const [index, id] of [ALICE, BOB].entries()) {
      assert.equal(await vscode.commands.executeCommand('connectFederation.openSignInUrl', sessionNode(fixture.api, id)), true);
      await browser.waitForLaunches(index + 1);
    }
    const [aliceFolder, bobFolder] = [ALICE, BOB].map((id) => fixture.api.launcher?.profileDir(id) ?? '');
    assert.notEqual(aliceFolder, bobFolder);
    assert.ok(existsSync(aliceFolder) && existsSync(bobFolder));

    await vscode.commands.executeCommand('connectFederation.useInTerminals', sessionNode(fixture.api, BOB));
    assert.equal(fixture.api.terminals.statusOf(fixture.api.store.get(BOB)!), 'active');
    assert.equal(fixture.api.terminals.statusOf(fixture.api.store.get(ALICE)!), undefined);

    assert.equal(await vscode.commands.executeCommand('connectFederation.signOut', sessionNode(fixture.api, ALICE)), true);
    assert.ok(!existsSync(aliceFolder) && existsSync(bobFolder), "Sign Out of alice forgets alice's folder only");
    await vscode.commands.executeCommand('connectFederation.removeSession', sessionNode(fixture.api, BOB));
    assert.ok(!existsSync(bobFolder), "Remove of bob forgets bob's folder");
    assert.equal(fixture.api.terminals.statusOf(fixture.api.store.get(ALICE)!), undefined);
    assert.deepEqual(fixture.api.store.list().map((s) => s.id), [ALICE]);
  });
});
