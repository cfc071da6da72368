/**
 * Commands run with arguments from elsewhere (a keybinding, another extension's executeCommand):
 * wrong shapes are explained, and no secret leaves without the user's action.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FederationSession } from '../../src/core/session';
import type { FieldNode } from '../../src/views/sessionsTree';
import { DEMO_INSTANCE_ID } from '../emulator/fixtures';
import { Fixture, QuickInputs, accept, escape, intercept, stub } from './support';

const SENTINEL = 'clipboard before the command';
const SESSION_SHAPE =
  'expected { "profile": "<profile name>", "instance": "<instance ID or ARN>", "roleSessionName": "<name, when chosen>" } or { "sessionId": "<profile>/<instance ID>[#<role session name>]" }.';

describe('command arguments from elsewhere in a real extension host', () => {
  let fixture: Fixture;
  let session: FederationSession;
  const restores: (() => void)[] = [];

  before(async () => {
    fixture = await Fixture.start();
    const outcome = await fixture.getToken({ profile: 'demo', instance: DEMO_INSTANCE_ID });
    assert.ok(outcome?.ok);
    session = outcome.session;
  });
  after(() => fixture.dispose());
  beforeEach(() => vscode.env.clipboard.writeText(SENTINEL));
  afterEach(() => restores.splice(0).forEach((restore) => restore()));

  /** Answers modal dialogs with `answer`, recording them; other warnings are recorded and left unanswered. */
  function modals(answer: string | undefined): { message: string; detail?: string; items: unknown[] }[] {
    const shown: { message: string; detail?: string; items: unknown[] }[] = [];
    const warnings = intercept('showWarningMessage', (message, options, ...items) => {
      const modal = typeof options === 'object' && options !== null && (options as vscode.MessageOptions).modal === true;
      if (modal) {
        shown.push({ message: String(message), detail: (options as vscode.MessageOptions).detail, items });
      }
      return modal ? answer : undefined;
    });
    restores.push(warnings.restore);
    return shown;
  }

  function errors(): unknown[][] {
    const intercepted = intercept('showErrorMessage');
    restores.push(intercepted.restore);
    return intercepted.calls;
  }

  function opened(): unknown[] {
    const targets: unknown[] = [];
    restores.push(stub(vscode.env, 'openExternal', async (target: unknown) => (targets.push(target), true)));
    return targets;
  }

  const clipboard = (): Thenable<string> => vscode.env.clipboard.readText();
  const sessionRow = () => fixture.api.tree.getChildren()[0];
  const fieldRow = (field: string) => fixture.api.tree.getChildren(sessionRow()).find((node) => (node as FieldNode).field === field)!;

  const copies: [string, (s: FederationSession) => string][] = [
    ['connectFederation.copySessionJson', (s) => s.credentials.accessToken],
    ['connectFederation.copySessionEnv', (s) => s.credentials.refreshToken],
    ['connectFederation.copySignInUrl', (s) => s.signInUrl],
  ];
  for (const [command, secret] of copies) {
    it(`${command} with a forged argument asks first (modal, naming what and where) and copies nothing unless confirmed`, async () => {
      const asked = modals(undefined);
      for (const forged of [{ sessionId: session.id }, { profile: 'demo', instance: DEMO_INSTANCE_ID }]) {
        await vscode.commands.executeCommand(command, forged);
      }
      assert.equal(asked.length, 2);
      assert.match(asked[0].message, new RegExp(`^Copy .* ${DEMO_INSTANCE_ID} · demo · us-east-1 to the clipboard`));
      assert.match(String(asked[0].detail), /run with arguments, by a keybinding or by another extension.*Any application can read the clipboard/);
      assert.deepEqual(asked[0].items, ['Copy']);
      assert.equal(await clipboard(), SENTINEL, 'the clipboard is untouched');
    });

    it(`${command} with a forged argument copies once the user confirms`, async () => {
      modals('Copy');
      await vscode.commands.executeCommand(command, { sessionId: session.id });
      assert.ok((await clipboard()).includes(secret(session)));
    });

    it(`${command} from the tree's own row copies without asking`, async () => {
      const asked = modals(undefined);
      await vscode.commands.executeCommand(command, sessionRow());
      assert.equal(asked.length, 0);
      assert.ok((await clipboard()).includes(secret(session)));
    });
  }

  it('without an argument, a copy waits for the user to pick the session, even the only one', async () => {
    const inputs = new QuickInputs();
    restores.push(() => inputs.restore());
    const escaped = vscode.commands.executeCommand('connectFederation.copySessionJson');
    await inputs.pick(/^Copy as JSON$/);
    await escape();
    await escaped;
    assert.equal(await clipboard(), SENTINEL);
    const accepted = vscode.commands.executeCommand('connectFederation.copySessionJson');
    await inputs.pick(/^Copy as JSON$/);
    await accept();
    await accepted;
    assert.ok((await clipboard()).includes(session.credentials.accessToken));
  });

  it('copyValue copies nothing from a made-up node, whatever it claims, and asks nothing', async () => {
    const asked = modals('Copy');
    const shown = errors();
    const forgeries: unknown[] = [
      { type: 'field', session, field: 'accessToken' },
      { type: 'field', session: { id: session.id }, field: 'refreshToken' },
      { ...fieldRow('accessToken') },
      'accessToken',
      undefined,
    ];
    for (const forged of forgeries) {
      await vscode.commands.executeCommand('connectFederation.copyValue', forged);
    }
    assert.equal(await clipboard(), SENTINEL);
    assert.equal(asked.length, 0);
    assert.equal(shown.length, forgeries.length);
    assert.match(String(shown[0][0]), /^Copy Value works on a row of the Federation Sessions view/);
    await vscode.commands.executeCommand('connectFederation.copyValue', fieldRow('accessToken'));
    assert.equal(await clipboard(), session.credentials.accessToken, "the tree's own row copies");
  });

  it('copies nothing for a forged reference to a tree row, routed through the workbench (runCommands)', async () => {
    const asked = modals('Copy');
    errors();
    fieldRow('accessToken'); // the rows exist in the view
    // VS Code turns { $treeViewId, $treeItemHandle } into the tree's own element for commands that reach the
    // extension host from the workbench; a handle is "1/" + the item's ID, which must not be guessable.
    const forged = (id: string) => ({ $treeViewId: 'connectFederation.sessions', $treeItemHandle: `1/${id}` });
    const inputs = new QuickInputs();
    restores.push(() => inputs.restore());
    const run = vscode.commands.executeCommand('runCommands', {
      commands: [
        { command: 'connectFederation.copyValue', args: forged(`${session.id}/accessToken`) },
        { command: 'connectFederation.copySessionJson', args: forged(session.id) },
      ],
    });
    // The unknown handle arrives as no argument: the user is asked to pick.
    await inputs.pick(/^Copy as JSON$/);
    await escape();
    await run;
    assert.equal(await clipboard(), SENTINEL);
    assert.equal(asked.length, 0);
  });

  it('openSignInUrl with a forged argument opens nothing unless the user confirms', async () => {
    const targets = opened();
    const asked = modals(undefined);
    await vscode.commands.executeCommand('connectFederation.openSignInUrl', { sessionId: session.id });
    assert.deepEqual(targets, []);
    assert.match(asked[0].message, /^Open the sign-in page of .* in your browser\?$/);
    assert.deepEqual(asked[0].items, ['Open']);
    restores.splice(0).forEach((restore) => restore());
    const confirmedTargets = opened();
    modals('Open');
    await vscode.commands.executeCommand('connectFederation.openSignInUrl', { sessionId: session.id });
    assert.deepEqual(confirmedTargets.map(String), [session.signInUrl]);
  });

  it('openSignInUrl from the tree (the session row, or its sign-in URL row) opens without asking', async () => {
    const targets = opened();
    const asked = modals(undefined);
    await vscode.commands.executeCommand('connectFederation.openSignInUrl', sessionRow());
    await vscode.commands.executeCommand('connectFederation.openSignInUrl', fieldRow('signInUrl'));
    assert.equal(asked.length, 0);
    assert.deepEqual(targets.map(String), [session.signInUrl, session.signInUrl]);
  });

  it('refuses wrong shapes with a message naming the shape, never a TypeError', async () => {
    const shown = errors();
    const wrong: unknown[] = [{ profile: 'demo' }, `demo/${DEMO_INSTANCE_ID}`, { profile: 'demo', instance: 42 }, [session.id], { __proto__: null, sessionId: 7 }];
    for (const command of ['connectFederation.fetchAgain', 'connectFederation.removeSession', 'connectFederation.copyCliCommand', 'connectFederation.openSignInUrl']) {
      for (const arg of wrong) {
        assert.equal(await vscode.commands.executeCommand(command, arg), command.endsWith('openSignInUrl') ? false : undefined);
      }
    }
    assert.equal(shown.length, 4 * wrong.length);
    for (const [message] of shown) {
      assert.ok(String(message).endsWith(SESSION_SHAPE), String(message));
      assert.doesNotMatch(String(message), /TypeError|failed unexpectedly/);
    }
    assert.equal(fixture.api.store.size, 1, 'nothing removed');
  });

  it('names a session that is not held', async () => {
    const shown = errors();
    await vscode.commands.executeCommand('connectFederation.fetchAgain', { profile: 'ghost', instance: DEMO_INSTANCE_ID });
    assert.match(String(shown[0][0]), new RegExp(`^No federation token is held for ghost/${DEMO_INSTANCE_ID}: get one first\\.$`));
  });
});
