/** A token's life in a real extension host: several sessions, expiry notices, auto re-fetch, copy, reveal. */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { systemClock } from '../../src/core/clock';
import { FederationSession } from '../../src/core/session';
import type { FieldNode } from '../../src/views/sessionsTree';
import { DEMO_INSTANCE_ARN, DEMO_INSTANCE_ID, LONDON_INSTANCE } from '../emulator/fixtures';
import { ManualClock } from '../support/manualClock';
import { Fixture, activated, intercept, sessionNode, settle, stub, until } from './support';

const MINUTE = 60_000;
const LONDON_ARN = `arn:aws:connect:eu-west-2:123456789012:instance/${LONDON_INSTANCE.id}`;

describe("a token's life in a real extension host", () => {
  let fixture: Fixture;
  const config = () => vscode.workspace.getConfiguration('connectFederation');

  before(async () => (fixture = await Fixture.start()));
  after(() => fixture.dispose());
  beforeEach(() => fixture.fresh());
  afterEach(async () => {
    fixture.api.useClock(systemClock);
    for (const key of ['autoRefetch', 'expiryNotificationMinutes', 'maxAttempts']) {
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
  });

  async function fetch(instance: string): Promise<FederationSession> {
    const outcome = await fixture.getToken({ profile: 'demo', instance });
    assert.ok(outcome?.ok, outcome && !outcome.ok ? outcome.failure.message : 'no fetch');
    return outcome.session;
  }

  it('holds sessions side by side; the status bar shows the soonest and how many', async () => {
    fixture.emulator.configure({ tokenLifetimeSeconds: 1800 });
    await fetch(LONDON_ARN);
    fixture.emulator.configure({ tokenLifetimeSeconds: 3600 });
    await fetch(DEMO_INSTANCE_ARN);
    assert.equal(fixture.api.store.size, 2);
    assert.match(fixture.api.statusBar.item.text, new RegExp(`^\\$\\(watch\\) ${LONDON_INSTANCE.id} 29 min \\+1$`));
    await fetch(LONDON_ARN);
    assert.equal(fixture.api.store.size, 2, 'fetching the same pair again replaces it');
    assert.match(fixture.api.statusBar.item.text, new RegExp(`^\\$\\(watch\\) ${DEMO_INSTANCE_ID} 59 min \\+1$`));
  });

  it('counts down by the service clock on a machine whose clock is 20 minutes off', async () => {
    fixture.emulator.configure({ clockOffsetMs: 20 * MINUTE });
    await fetch(DEMO_INSTANCE_ARN);
    // An hour by the service's clock, give or take the Date header's one-second resolution.
    assert.match(fixture.api.statusBar.item.text, / (59 min|1 h 00 min)$/);
    const [session] = fixture.api.tree.getChildren();
    // The row's tooltip, as a hover resolves it.
    const tooltip = fixture.api.tree.resolveTreeItem(fixture.api.tree.getTreeItem(session), session).tooltip;
    assert.match(String(tooltip && (tooltip as vscode.MarkdownString).value), /20 min behind/);
  });

  it('notifies once before expiry, with Fetch Again and Open Sign-In Page', async () => {
    const session = await fetch(DEMO_INSTANCE_ARN);
    const warnings = intercept('showWarningMessage');
    try {
      const clock = new ManualClock(session.credentials.accessTokenExpiration - 6 * MINUTE);
      fixture.api.useClock(clock);
      await settle();
      assert.equal(warnings.calls.length, 0);
      clock.advance(MINUTE);
      // The notification is claimed across windows first (a lock file): it comes a moment later.
      await until(() => warnings.calls.length === 1, 'the notification');
      assert.match(String(warnings.calls[0][0]), new RegExp(`${DEMO_INSTANCE_ID} · demo · us-east-1 expires in 5 min`));
      assert.deepEqual(warnings.calls[0].slice(1), ['Fetch Again', 'Open Sign-In Page']);
      clock.advance(4 * MINUTE);
      await settle();
      assert.equal(warnings.calls.length, 1, 'once per token');
      clock.advance(2 * MINUTE);
      assert.match(fixture.api.statusBar.item.text, /expired$/);
      assert.equal(fixture.api.store.size, 1, 'an expired session stays until cleared');
    } finally {
      warnings.restore();
    }
  });

  it('re-fetches automatically before expiry when asked to', async () => {
    await config().update('autoRefetch', true, vscode.ConfigurationTarget.Global);
    const first = await fetch(DEMO_INSTANCE_ARN);
    const warnings = intercept('showWarningMessage');
    try {
      const refetched = new Promise<FederationSession>((resolve) => {
        const subscription = fixture.api.service.onDidFetch((outcome) => outcome.ok && (subscription.dispose(), resolve(outcome.session)));
      });
      fixture.api.useClock(new ManualClock(first.credentials.accessTokenExpiration - 5 * MINUTE));
      const second = await refetched;
      assert.notEqual(second.credentials.accessToken, first.credentials.accessToken);
      assert.equal(fixture.api.store.get(first.id)?.credentials.accessToken, second.credentials.accessToken);
      assert.equal(warnings.calls.length, 0, 'no notification when the re-fetch works');
    } finally {
      warnings.restore();
    }
  });

  it('backs off a failing auto re-fetch and shows it passively, with one notification', async () => {
    await config().update('autoRefetch', true, vscode.ConfigurationTarget.Global);
    await config().update('maxAttempts', 1, vscode.ConfigurationTarget.Global);
    const session = await fetch(DEMO_INSTANCE_ARN);
    fixture.emulator.fail({ operation: 'GetFederationToken', error: 'ThrottlingException', count: -1 });
    fixture.emulator.clearRequests();
    const warnings = intercept('showWarningMessage');
    const errors = intercept('showErrorMessage');
    try {
      const clock = new ManualClock(session.credentials.accessTokenExpiration - 5 * MINUTE);
      fixture.api.useClock(clock);
      await until(() => /auto re-fetch failing/.test(String(fixture.api.tree.getTreeItem(fixture.api.tree.getChildren()[0]).description)), 'the failure in the tree');
      assert.equal(fixture.connectRequests().length, 1);
      clock.advance(29_000);
      assert.equal(fixture.connectRequests().length, 1, 'no retry before the backoff');
      clock.advance(1_000);
      await until(() => fixture.connectRequests().length === 2, 'the retry after 30 s');
      assert.equal(errors.calls.length, 0, 'failures do not pop up');
      await until(() => warnings.calls.length === 1, 'one notification');
      assert.match(String(fixture.api.statusBar.item.tooltip), /Automatic re-fetch failed/);
      assert.equal(fixture.api.store.get(session.id)?.credentials.accessToken, session.credentials.accessToken, 'the held token is kept');
    } finally {
      warnings.restore();
      errors.restore();
    }
  });

  it('logs a background re-fetch whose planning throws, shows it once with Show Log, and retries it by its backoff', async () => {
    await config().update('autoRefetch', true, vscode.ConfigurationTarget.Global);
    const session = await fetch(DEMO_INSTANCE_ARN);
    fixture.emulator.clearRequests();
    const warnings = intercept('showWarningMessage');
    const errors = intercept('showErrorMessage');
    const logged: { level: string; text: string }[] = [];
    const logging = fixture.api.onDidLog((line) => logged.push(line));
    // Planning reads the environment first: make that throw, as a bug there would.
    fixture.api.useEnvironment(() => new Proxy({}, { get: () => assert.fail('environment unreadable') }));
    try {
      const clock = new ManualClock(session.credentials.accessTokenExpiration - 5 * MINUTE);
      fixture.api.useClock(clock);
      await until(() => /auto re-fetch failing/.test(String(fixture.api.tree.getTreeItem(fixture.api.tree.getChildren()[0]).description)), 'the failure in the tree');
      assert.ok(
        logged.some((line) => line.level === 'error' && /^Automatic re-fetch failed unexpectedly: AssertionError.*environment unreadable/s.test(line.text)),
        'logged at error level, with the stack',
      );
      await until(() => errors.calls.length === 1, 'the failure shown');
      assert.deepEqual(errors.calls[0], ['Automatic re-fetch failed unexpectedly: environment unreadable', 'Show Log']);
      assert.deepEqual(fixture.connectRequests(), []);

      fixture.api.useEnvironment(undefined);
      clock.advance(29_000);
      assert.deepEqual(fixture.connectRequests(), [], 'no retry before the backoff');
      clock.advance(1_000);
      await until(() => fixture.api.store.get(session.id)?.credentials.accessToken !== session.credentials.accessToken, 'the retry, with a new token');
      assert.equal(errors.calls.length, 1, 'shown once');
    } finally {
      fixture.api.useEnvironment(undefined);
      logging.dispose();
      warnings.restore();
      errors.restore();
    }
  });

  it("warns before opening an expired token's sign-in page and offers to fetch first: the new token's page opens, or nothing", async () => {
    await config().update('expiryNotificationMinutes', 0, vscode.ConfigurationTarget.Global);
    const expired = await fetch(DEMO_INSTANCE_ARN);
    // An hour later (the service, like the emulator, never sends a token that is expired already).
    fixture.api.useClock(new ManualClock(expired.credentials.accessTokenExpiration + MINUTE));
    const targets: unknown[] = [];
    const restoreOpen = stub(vscode.env, 'openExternal', async (target: unknown) => (targets.push(target), true));
    let answer: string | undefined;
    const warnings = intercept('showWarningMessage', (message) => {
      if (!/will probably be refused/.test(String(message))) {
        return undefined;
      }
      if (answer) {
        fixture.api.useClock(systemClock); // the new token is fetched now, and valid now
      }
      return answer;
    });
    const open = (): Thenable<boolean> => vscode.commands.executeCommand('connectFederation.openSignInUrl', sessionNode(fixture.api, expired.id));
    try {
      assert.equal(await open(), false, 'dismissed');
      assert.match(String(warnings.calls[0][0]), /expired .*: its sign-in URL will probably be refused\.$/);
      assert.deepEqual(warnings.calls[0].slice(1), ['Fetch Again and Open', 'Open Anyway']);
      assert.deepEqual(targets, [], 'nothing opened');
      assert.equal(fixture.api.store.get(expired.id)?.credentials.accessToken, expired.credentials.accessToken, 'nothing fetched');

      answer = 'Fetch Again and Open';
      assert.equal(await open(), true);
      const fresh = fixture.api.store.get(expired.id);
      assert.ok(fresh && fresh.credentials.accessToken !== expired.credentials.accessToken, 'fetched again');
      assert.deepEqual(targets.map(String), [fresh.signInUrl], "the new token's page, not the expired one's");
      assert.equal(warnings.calls.length, 2, 'the new token is not asked about');
    } finally {
      warnings.restore();
      restoreOpen();
    }
  });

  it('copies a session as the AWS CLI prints it, as environment variables, and as a CLI command', async () => {
    const session = await fetch(DEMO_INSTANCE_ARN);
    const arg = fixture.api.tree.getChildren()[0]; // the session's row, as its context menu passes it
    await vscode.commands.executeCommand('connectFederation.copySessionJson', arg);
    const json = JSON.parse(await vscode.env.clipboard.readText());
    assert.deepEqual(Object.keys(json), ['Credentials', 'SignInUrl', 'UserArn', 'UserId']);
    assert.equal(json.Credentials.AccessToken, session.credentials.accessToken);
    assert.equal(Date.parse(json.Credentials.AccessTokenExpiration), session.credentials.accessTokenExpiration);
    await vscode.commands.executeCommand('connectFederation.copySessionEnv', arg);
    assert.match(await vscode.env.clipboard.readText(), new RegExp(`^export CONNECT_ACCESS_TOKEN='${session.credentials.accessToken}'$`, 'm'));
    await vscode.commands.executeCommand('connectFederation.copyCliCommand', arg);
    assert.equal(
      await vscode.env.clipboard.readText(),
      `aws connect get-federation-token --instance-id ${DEMO_INSTANCE_ID} --region us-east-1 --profile demo --endpoint-url ${fixture.emulator.url}`,
    );
  });

  it('reveals a masked token for a few seconds, then masks it again', async () => {
    const session = await fetch(DEMO_INSTANCE_ARN);
    const clock = new ManualClock(Date.now());
    fixture.api.useClock(clock);
    const node = fixture.api.tree.getChildren(fixture.api.tree.getChildren()[0]).find((n) => n.type === 'field' && n.field === 'accessToken') as FieldNode;
    const shown = () => fixture.api.tree.getTreeItem(node);
    assert.match(String(shown().contextValue), /\bmasked\b/);
    await vscode.commands.executeCommand('connectFederation.revealValue', node);
    assert.equal(shown().description, session.credentials.accessToken);
    assert.match(String(shown().contextValue), /\brevealed\b/);
    clock.advance(15_000);
    assert.equal(shown().description, `••••${session.credentials.accessToken.slice(-4)}`);
  });

  it('contributes a walkthrough whose media exist', async () => {
    const extension = await activated();
    const manifest = JSON.parse(readFileSync(path.join(extension.extensionPath, 'package.json'), 'utf8'));
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.ok(walkthrough.steps.length >= 4);
    for (const step of walkthrough.steps) {
      assert.ok(existsSync(path.join(extension.extensionPath, step.media.markdown)), step.media.markdown);
    }
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extension.id}#${walkthrough.id}`, false);
  });
});
