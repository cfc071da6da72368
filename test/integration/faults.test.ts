/**
 * The fault suite where VS Code's behaviour matters (issue 9): corrupted stored state under the
 * real tree and status bar, hostile strings in what they render, and two windows sharing the
 * secret, the lock and the claims of the extension's global storage.
 */
import * as assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { systemClock } from '../../src/core/clock';
import { ExpiryCoordinator } from '../../src/core/expiryCoordinator';
import { ExpiryPlanner } from '../../src/core/expiryPlanner';
import { crossWindowState } from '../../src/core/fileLock';
import { FederationSession } from '../../src/core/session';
import { SESSIONS_SECRET_KEY, SessionStore } from '../../src/core/sessionStore';
import type { SessionsTreeNode } from '../../src/views/sessionsTree';
import { DEMO_IDENTITY, DEMO_INSTANCE_ID, LONDON_INSTANCE } from '../emulator/fixtures';
import { ManualClock } from '../support/manualClock';
import { Fixture, intercept, settle, until } from './support';

const MINUTE = 60_000;
const LONDON_ARN = `arn:aws:connect:eu-west-2:123456789012:instance/${LONDON_INSTANCE.id}`;
const HOSTILE_PROFILE = '$(alert) [x](command:workbench.action.terminal.new) ![i](https://x.example/i.png)';

describe('fault suite in a real extension host', () => {
  let fixture: Fixture;
  const config = () => vscode.workspace.getConfiguration('connectFederation');

  before(async () => {
    fixture = await Fixture.start();
    // In the credentials file: the SDK's loader keeps only plain names for `[profile …]` sections of the config file.
    appendFileSync(
      fixture.files.credentialsFile,
      `\n[${HOSTILE_PROFILE}]\nregion = us-east-1\nendpoint_url = ${fixture.emulator.url}\naws_access_key_id = ${DEMO_IDENTITY.accessKeyId}\naws_secret_access_key = ${DEMO_IDENTITY.secretAccessKey}\n`,
    );
  });
  after(() => fixture.dispose());
  beforeEach(() => fixture.fresh());
  afterEach(async () => {
    fixture.api.useClock(systemClock);
    await config().update('autoRefetch', undefined, vscode.ConfigurationTarget.Global);
  });

  async function fetch(profile: string, instance = DEMO_INSTANCE_ID): Promise<FederationSession> {
    const outcome = await fixture.getToken({ profile, instance });
    assert.ok(outcome?.ok, outcome && !outcome.ok ? outcome.failure.message : 'no fetch');
    return outcome.session;
  }

  /** Every row of the tree, rendered: this is what would throw on data it cannot handle. */
  function renderTree(node?: SessionsTreeNode): vscode.TreeItem[] {
    return fixture.api.tree.getChildren(node).flatMap((child) => [fixture.api.tree.getTreeItem(child), ...renderTree(child)]);
  }

  it('loads corrupted stored sessions without a crash: the tree, the status bar and the commands see only valid ones (item 3)', async () => {
    const valid = await fetch('demo');
    await until(() => fixture.api.store.get(valid.id)?.callerArn !== undefined, 'who signed in');
    const stored = JSON.parse((await fixture.api.secrets.get(SESSIONS_SECRET_KEY)) ?? '[]') as Record<string, unknown>[];
    const broken = (changes: Record<string, unknown>) => ({ ...stored[0], instanceId: LONDON_INSTANCE.id, ...changes });
    const corrupted = [
      ...stored,
      broken({ credentials: { accessToken: 'EMUAT-no-refresh', accessTokenExpiration: Date.now() + MINUTE } }),
      broken({ credentials: { ...valid.credentials, accessTokenExpiration: 1e20 } }),
      broken({ signInUrl: 'command:workbench.action.terminal.new' }),
      broken({ profile: { toString: 'x' } }),
      null,
      'junk',
      [1, 2, 3],
    ];
    await fixture.api.secrets.store(SESSIONS_SECRET_KEY, JSON.stringify(corrupted));
    // Read as SecretStorage's change event has the extension read it (a reload that leaves the same
    // valid sessions changes nothing shown, so it tells no listener: awaited here instead).
    await fixture.api.store.load();
    assert.deepEqual(fixture.api.store.list().map((s) => s.id), [valid.id]);
    assert.equal(renderTree().length, 9, 'one session row, its seven fields and who signed in');
    fixture.api.statusBar.update();
    assert.match(fixture.api.statusBar.item.text, new RegExp(`^\\$\\(watch\\) ${DEMO_INSTANCE_ID} `));
    // The session's row, as its context menu passes it (an argument naming it would ask first).
    await vscode.commands.executeCommand('connectFederation.copySessionJson', fixture.api.tree.getChildren()[0]);
    assert.equal(JSON.parse(await vscode.env.clipboard.readText()).Credentials.AccessToken, valid.credentials.accessToken);

    await fixture.api.secrets.store(SESSIONS_SECRET_KEY, '{not json');
    await until(() => fixture.api.store.size === 0, 'the unreadable secret to read as no sessions');
    assert.deepEqual(renderTree(), []);
  });

  it('fetches and reports a stored token as such with recent picks of the wrong type in globalState (item 3)', async () => {
    for (const junk of ['x', { demo: 'x' }, { demo: [null, { instanceId: 7 }] }, { constructor: 1 }]) {
      await fixture.api.globalState.update('connectFederation.recentInstances', junk);
      const session = await fetch('demo');
      assert.equal(fixture.api.store.get(session.id)?.credentials.accessToken, session.credentials.accessToken);
    }
  });

  it('renders a hostile profile name as text: escaped in the markdown tooltip, no link in a notification (item 5)', async () => {
    const session = await fetch(HOSTILE_PROFILE);
    const [row] = fixture.api.tree.getChildren();
    // The row's tooltip, as a hover resolves it.
    const tooltip = fixture.api.tree.resolveTreeItem(fixture.api.tree.getTreeItem(row), row).tooltip as vscode.MarkdownString;
    assert.equal(tooltip.isTrusted, false);
    assert.equal(tooltip.supportHtml, false);
    assert.ok(tooltip.value.includes('\\$\\(alert\\) \\[x\\]\\(command\\:workbench\\.action\\.terminal\\.new\\) \\!\\[i\\]'), tooltip.value);
    // The status bar's tooltip is plain text: whatever the name holds shows as written, on one line.
    const statusTooltip = fixture.api.statusBar.item.tooltip;
    assert.equal(typeof statusTooltip, 'string');
    assert.ok(String(statusTooltip).split('\n')[0].includes('$(alert) [x](command:workbench.action.terminal.new) ![i]'), String(statusTooltip));
    // A failure for this profile: the notification's message carries no [label](command:…) link.
    fixture.emulator.fail({ operation: 'GetFederationToken', error: 'InvalidParameterException', message: 'see [details](command:workbench.action.terminal.new)' });
    const outcome = await fixture.getToken({ profile: HOSTILE_PROFILE, instance: DEMO_INSTANCE_ID });
    assert.ok(outcome && !outcome.ok);
    assert.doesNotMatch(outcome.failure.message, /\]\(/);
    assert.equal(fixture.api.store.get(session.id)?.credentials.accessToken, session.credentials.accessToken, 'the held token is kept');
  });

  describe('two windows (item 7)', () => {
    /** A second window: its own store, planner and claims over the same secret and global storage folder. */
    function secondWindow() {
      const shared = crossWindowState(fixture.api.crossWindowFolder);
      return { store: new SessionStore(fixture.api.secrets, shared.lock), claims: shared.claims };
    }

    it('shares one lock folder on disk', () => {
      assert.ok(fixture.api.crossWindowFolder, 'the extension host has a global storage folder on disk');
    });

    it('loses no session when both windows store at once', async () => {
      const session = await fetch('demo');
      const other = { ...session, id: `other/${session.instanceId}`, profile: 'other' };
      const window2 = secondWindow();
      const london = { ...session, id: `demo/${LONDON_INSTANCE.id}`, instanceId: LONDON_INSTANCE.id };
      await Promise.all([fixture.api.store.put(london), window2.store.put(other)]);
      await window2.store.load();
      await until(() => fixture.api.store.size === 3, 'the other window\'s session in this one');
      assert.deepEqual(window2.store.list().map((s) => s.id).sort(), [london.id, other.id, session.id].sort());
    });

    it('notifies once per token across windows', async () => {
      const session = await fetch('demo');
      const warnings = intercept('showWarningMessage');
      try {
        const window2 = secondWindow();
        const clock = new ManualClock(session.credentials.accessTokenExpiration - 5 * MINUTE);
        let notifiedThere = 0;
        const coordinator = new ExpiryCoordinator(new ExpiryPlanner(), window2.claims, clock);
        // Both windows reach the threshold at the same moment.
        fixture.api.useClock(clock);
        await coordinator.run([session], { notifyBeforeMs: 5 * MINUTE, autoRefetch: false }, {
          notify: () => notifiedThere++,
          refetch: async () => assert.fail('no re-fetch'),
        });
        await settle();
        assert.equal(warnings.calls.length + notifiedThere, 1, `this window ${warnings.calls.length}, the other ${notifiedThere}`);
      } finally {
        warnings.restore();
      }
    });

    it('re-fetches once per token across windows', async () => {
      await config().update('autoRefetch', true, vscode.ConfigurationTarget.Global);
      // Not the demo session of the other suites: the floor between its automatic re-fetches outlives this test.
      const session = await fetch('demo', LONDON_ARN);
      fixture.emulator.clearRequests();
      const window2 = secondWindow();
      const clock = new ManualClock(session.credentials.accessTokenExpiration - 5 * MINUTE);
      let refetchedThere = 0;
      const coordinator = new ExpiryCoordinator(new ExpiryPlanner(), window2.claims, clock);
      const refetched = new Promise<void>((resolve) => {
        const subscription = fixture.api.service.onDidFetch((outcome) => outcome.ok && (subscription.dispose(), resolve()));
      });
      fixture.api.useClock(clock);
      await coordinator.run([session], { notifyBeforeMs: 5 * MINUTE, autoRefetch: true }, {
        notify: () => undefined,
        refetch: async () => (refetchedThere++, { ok: true }),
      });
      if (refetchedThere === 0) {
        await refetched;
      }
      await settle();
      assert.equal(fixture.connectRequests().length + refetchedThere, 1);
    });
  });
});
