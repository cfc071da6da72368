/** Fetching tokens through the commands, and what the tree, the status bar and the stores show. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { systemClock } from '../../src/core/clock';
import { FederationSession } from '../../src/core/session';
import type { FieldNode, SessionsTreeNode } from '../../src/views/sessionsTree';
import { DEMO_IDENTITY, DEMO_INSTANCE_ID, LONDON_INSTANCE } from '../emulator/fixtures';
import { ManualClock } from '../support/manualClock';
import { Fixture, intercept, until } from './support';

const MINUTE = 60_000;

describe('tokens in a real extension host', () => {
  let fixture: Fixture;

  before(async () => {
    fixture = await Fixture.start();
  });
  after(() => fixture.dispose());
  beforeEach(() => fixture.fresh());
  afterEach(() => fixture.api.useClock(systemClock));

  async function fetchDemo(instance = DEMO_INSTANCE_ID): Promise<FederationSession> {
    const outcome = await fixture.getToken({ profile: 'demo', instance });
    assert.ok(outcome?.ok, outcome && !outcome.ok ? outcome.failure.message : 'no fetch happened');
    return outcome.session;
  }

  function treeItems(node?: SessionsTreeNode): { node: SessionsTreeNode; item: vscode.TreeItem }[] {
    const tree = fixture.api.tree;
    return tree.getChildren(node).map((child) => ({ node: child, item: tree.getTreeItem(child) }));
  }

  it('fetches with command arguments, without pickers, and returns no secret', async () => {
    let result: unknown;
    await fixture.outcomeOf(async () => {
      result = await vscode.commands.executeCommand('connectFederation.getFederationToken', { profile: 'demo', instance: DEMO_INSTANCE_ID });
    });
    const issued = fixture.emulator.tokens()[0];
    assert.deepEqual(Object.keys(result as object).sort(), ['accessTokenExpiration', 'instanceId', 'region', 'sessionId']);
    assert.ok(!JSON.stringify(result).includes(issued.accessToken));
    assert.equal(fixture.api.store.list()[0].credentials.accessToken, issued.accessToken);
  });

  it('refreshes the view once per fetch: writing the secret and reading it back refresh nothing more', async () => {
    // VS Code holds back a tree refresh that follows another within 200 ms: a second one would delay the view.
    // Time stands still meanwhile, so that no countdown tick refreshes the view.
    fixture.api.useClock(new ManualClock(Date.now()));
    let refreshes = 0;
    const subscription = fixture.api.tree.onDidChangeTreeData(() => refreshes++);
    try {
      await fetchDemo();
      // Long enough for SecretStorage to report the write back (it takes milliseconds).
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.equal(refreshes, 1);
      await fetchDemo();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.equal(refreshes, 2, 'a new token of the same session refreshes once');
    } finally {
      subscription.dispose();
    }
  });

  it('shows the session in the tree with its fields, secrets masked, and who signed in once STS says', async () => {
    const session = await fetchDemo();
    await until(() => fixture.api.store.get(session.id)?.callerArn !== undefined, 'the identity line');
    const [sessionRow] = treeItems();
    assert.equal(sessionRow.item.label, DEMO_INSTANCE_ID);
    assert.match(String(sessionRow.item.description), /^demo · us-east-1 · valid · expires in (59|60) min$/);
    assert.match(String(sessionRow.item.contextValue), /^session valid$/);
    const fields = treeItems(sessionRow.node);
    assert.deepEqual(
      fields.map((f) => f.item.label),
      ['Access token', 'Access token expires', 'Refresh token', 'Refresh token expires', 'Sign-in URL', 'User ARN', 'User ID', 'Signed in as'],
    );
    assert.equal(fields[7].item.description, `Connect user connect-admin · ${DEMO_IDENTITY.principalArn}`);
    const tooltip = fixture.api.tree.resolveTreeItem(sessionRow.item, sessionRow.node).tooltip as vscode.MarkdownString;
    assert.ok(tooltip.value.replace(/\\(.)/g, '$1').includes(`Signed in as ${DEMO_IDENTITY.principalArn} → Connect user connect-admin`), tooltip.value);
    const shown = fields.map((f) => `${f.item.description} ${f.item.tooltip}`).join('\n');
    for (const secret of [session.credentials.accessToken, session.credentials.refreshToken, session.signInUrl]) {
      assert.ok(!shown.includes(secret), 'a secret is shown in the tree');
    }
    assert.equal(fields[0].item.description, `••••${session.credentials.accessToken.slice(-4)}`);
    assert.equal(fields[5].item.description, session.userArn);
  });

  it('uses the region of an instance ARN over the profile\'s', async () => {
    const session = await fetchDemo(`arn:aws:connect:eu-west-2:123456789012:instance/${LONDON_INSTANCE.id}`);
    assert.equal(session.region, 'eu-west-2');
    assert.equal(fixture.emulator.requests()[0].signingRegion, 'eu-west-2');
  });

  it('counts down in the status bar, warns below the threshold and shows expiry', async () => {
    const session = await fetchDemo();
    const expiry = session.credentials.accessTokenExpiration;
    const clock = new ManualClock(expiry - 30 * MINUTE);
    fixture.api.useClock(clock);
    const item = fixture.api.statusBar.item;
    assert.equal(fixture.api.statusBar.visible, true);
    assert.equal(item.text, `$(watch) ${DEMO_INSTANCE_ID} 30 min`);
    assert.equal(item.backgroundColor, undefined);
    clock.advance(25 * MINUTE);
    assert.equal(item.text, `$(watch) ${DEMO_INSTANCE_ID} 5:00`);
    assert.deepEqual(item.backgroundColor, new vscode.ThemeColor('statusBarItem.warningBackground'));
    clock.advance(4 * MINUTE + 59_000);
    assert.equal(item.text, `$(watch) ${DEMO_INSTANCE_ID} 0:01`);
    clock.advance(1_000);
    assert.equal(item.text, `$(error) ${DEMO_INSTANCE_ID} expired`);
    assert.deepEqual(item.backgroundColor, new vscode.ThemeColor('statusBarItem.errorBackground'));
    assert.match(String(treeItems()[0].item.description), /· expired 1 s ago$/);
    assert.equal(clock.pendingTimers, 1, 'only the refresh-token deadline is still ahead');
  });

  it('applies a changed warning threshold at once', async () => {
    const session = await fetchDemo();
    const clock = new ManualClock(session.credentials.accessTokenExpiration - 20 * MINUTE);
    fixture.api.useClock(clock);
    const config = vscode.workspace.getConfiguration('connectFederation');
    try {
      assert.equal(fixture.api.statusBar.item.backgroundColor, undefined);
      await config.update('expiryWarningMinutes', 30, vscode.ConfigurationTarget.Global);
      assert.deepEqual(fixture.api.statusBar.item.backgroundColor, new vscode.ThemeColor('statusBarItem.warningBackground'));
    } finally {
      await config.update('expiryWarningMinutes', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('uses the default for a setting of the wrong type, and says so once, with Open Settings', async () => {
    await fetchDemo();
    const config = vscode.workspace.getConfiguration('connectFederation');
    const warnings = intercept('showWarningMessage');
    const logged: string[] = [];
    const logging = fixture.api.onDidLog((line) => line.level === 'warn' && logged.push(line.text));
    try {
      await config.update('connectTimeoutSeconds', 'abc', vscode.ConfigurationTarget.Global);
      const command = await vscode.commands.executeCommand<string>('connectFederation.copyCliCommand', treeItems()[0].node);
      await vscode.commands.executeCommand('connectFederation.copyCliCommand', treeItems()[0].node);
      assert.doesNotMatch(command, /NaN|--cli-connect-timeout/, 'the default (60 s) applies, as the AWS CLI\'s own');
      const said = 'connectFederation.connectTimeoutSeconds is a string, not a whole number from 0 to 86400: the default, 60, is used.';
      assert.deepEqual(warnings.calls, [[said, 'Open Settings']]);
      assert.deepEqual(logged, [said]);
      await config.update('connectTimeoutSeconds', 5, vscode.ConfigurationTarget.Global);
      assert.match(await vscode.commands.executeCommand<string>('connectFederation.copyCliCommand', treeItems()[0].node), / --cli-connect-timeout 5$/);
    } finally {
      logging.dispose();
      warnings.restore();
      await config.update('connectTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('keeps tokens in SecretStorage only: they survive a reload, and globalState holds none', async () => {
    const session = await fetchDemo();
    await fixture.api.store.load();
    assert.equal(fixture.api.store.get(session.id)?.credentials.refreshToken, session.credentials.refreshToken);
    const state = JSON.stringify(fixture.api.globalState.keys().map((key) => [key, fixture.api.globalState.get(key)]));
    assert.match(state, new RegExp(DEMO_INSTANCE_ID), 'the instance is remembered as a recent one');
    for (const secret of [session.credentials.accessToken, session.credentials.refreshToken, session.signInUrl]) {
      assert.ok(!state.includes(secret), 'a secret is in globalState');
    }
  });

  it('opens the exact sign-in URL with openExternal', async () => {
    const session = await fetchDemo();
    const opened: unknown[] = [];
    const original = vscode.env.openExternal;
    Object.defineProperty(vscode.env, 'openExternal', { value: async (target: unknown) => opened.push(target) && true, configurable: true });
    try {
      await vscode.commands.executeCommand('connectFederation.openSignInUrl', treeItems()[0].node);
    } finally {
      Object.defineProperty(vscode.env, 'openExternal', { value: original, configurable: true });
    }
    assert.deepEqual(opened.map(String), [session.signInUrl]);
  });

  it('fetches again in place: same session, new token', async () => {
    const first = await fetchDemo();
    const outcome = await fixture.outcomeOf(() => vscode.commands.executeCommand('connectFederation.fetchAgain', { sessionId: first.id }));
    assert.ok(outcome?.ok);
    assert.equal(outcome.session.id, first.id);
    assert.notEqual(outcome.session.credentials.accessToken, first.credentials.accessToken);
    assert.equal(fixture.api.store.size, 1);
  });

  it('copies a field\'s real value', async () => {
    const session = await fetchDemo();
    const field = treeItems(treeItems()[0].node).find((row) => (row.node as FieldNode).field === 'userArn')!.node;
    await vscode.commands.executeCommand('connectFederation.copyValue', field);
    assert.equal(await vscode.env.clipboard.readText(), session.userArn);
  });

  it('removes one session, and clears all, for good', async () => {
    const session = await fetchDemo();
    await fetchDemo(`arn:aws:connect:eu-west-2:123456789012:instance/${LONDON_INSTANCE.id}`);
    const [first] = treeItems().filter((row) => row.node.session.id === session.id);
    await vscode.commands.executeCommand('connectFederation.removeSession', first.node);
    assert.deepEqual(fixture.api.store.list().map((s) => s.region), ['eu-west-2']);
    await vscode.commands.executeCommand('connectFederation.clearTokens');
    await fixture.api.store.load();
    assert.equal(fixture.api.store.size, 0, 'cleared sessions stay gone after a reload');
    assert.equal(fixture.api.statusBar.visible, false);
    assert.deepEqual(fixture.api.tree.getChildren(), []);
  });
});
