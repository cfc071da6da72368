/**
 * A GetFederationToken answer without SignInUrl (the service model makes it optional): the session
 * is held with no sign-in URL, and nothing offers, opens or copies an empty one — each place says so.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { systemClock } from '../../src/core/clock';
import { FederationSession, sessionLabel } from '../../src/core/session';
import type { FieldNode } from '../../src/views/sessionsTree';
import { DEMO_INSTANCE_ID } from '../emulator/fixtures';
import { ManualClock } from '../support/manualClock';
import { Fixture, QuickInputs, escape, intercept, settle, stub, until } from './support';

const SENTINEL = 'clipboard before the command';
const NO_URL = /sent no sign-in URL with the federation token for .*there is no sign-in page to open or copy/;
const MINUTE = 60_000;

describe('a federation token without a sign-in URL in a real extension host', () => {
  let fixture: Fixture;
  let session: FederationSession;
  let opened: unknown[];
  let infos: { calls: unknown[][] };
  let warnings: { calls: unknown[][] };
  const restores: (() => void)[] = [];

  before(async () => {
    fixture = await Fixture.start();
    await fixture.fresh();
  });
  after(() => fixture.dispose());
  beforeEach(async () => {
    fixture.emulator.fault({ operation: 'GetFederationToken', fault: { kind: 'patch', body: { SignInUrl: null } }, count: -1 });
    opened = [];
    restores.push(stub(vscode.env, 'openExternal', async (target: unknown) => (opened.push(target), true)));
    const info = intercept('showInformationMessage');
    const warning = intercept('showWarningMessage');
    restores.push(info.restore, warning.restore);
    [infos, warnings] = [info, warning];
    const outcome = await fixture.getToken({ profile: 'demo', instance: DEMO_INSTANCE_ID });
    assert.ok(outcome?.ok, outcome && !outcome.ok ? outcome.failure.message : 'no fetch');
    session = outcome.session;
    await vscode.env.clipboard.writeText(SENTINEL);
    infos.calls.length = 0;
  });
  afterEach(async () => {
    restores.splice(0).forEach((restore) => restore());
    fixture.api.useClock(systemClock);
    await fixture.fresh();
  });

  const sessionRow = () => fixture.api.tree.getChildren()[0];
  const fieldRow = (field: string) => fixture.api.tree.getChildren(sessionRow()).find((node) => (node as FieldNode).field === field)!;
  const toldNoUrl = () => infos.calls.filter((call) => NO_URL.test(String(call[0]))).length;

  it('holds the session and announces it without an Open Sign-In Page button', async () => {
    assert.equal(session.signInUrl, '');
    assert.equal(fixture.api.store.get(session.id)?.signInUrl, '');
    infos.calls.length = 0;
    await fixture.getToken({ profile: 'demo', instance: DEMO_INSTANCE_ID });
    await until(() => infos.calls.length === 1, 'the success notification');
    assert.match(String(infos.calls[0][0]), /access token expires .*Amazon Connect sent no sign-in URL with it\.$/);
    assert.deepEqual(infos.calls[0].slice(1), [], 'no button');
  });

  it('Open Sign-In URL, from the row or by argument, opens nothing and says why, without asking first', async () => {
    assert.equal(await vscode.commands.executeCommand('connectFederation.openSignInUrl', sessionRow()), false);
    assert.equal(await vscode.commands.executeCommand('connectFederation.openSignInUrl', { sessionId: session.id }), false);
    assert.deepEqual(opened, []);
    assert.equal(toldNoUrl(), 2);
    assert.equal(warnings.calls.length, 0, 'no modal asks to open a page there is not');
  });

  it('Copy Sign-In URL and Copy Value copy nothing and say why', async () => {
    await vscode.commands.executeCommand('connectFederation.copySignInUrl', sessionRow());
    await vscode.commands.executeCommand('connectFederation.copySignInUrl', { sessionId: session.id });
    await vscode.commands.executeCommand('connectFederation.copyValue', fieldRow('signInUrl'));
    assert.equal(await vscode.env.clipboard.readText(), SENTINEL);
    assert.equal(toldNoUrl(), 2);
    assert.ok(infos.calls.some((call) => /^Sign-in URL: none\. .*nothing to copy/.test(String(call[0]))));
    assert.equal(warnings.calls.length, 0);
  });

  it('shows the row as (none), with no action, and no open or copy-URL action on the session', () => {
    const urlItem = fixture.api.tree.getTreeItem(fieldRow('signInUrl'));
    assert.equal(urlItem.description, '(none)');
    assert.equal(urlItem.contextValue, 'none');
    // package.json offers Open Sign-In URL and Copy Sign-In URL on `viewItem =~ /^session\b(?!.*\bnoSignInUrl\b)/`.
    assert.equal(fixture.api.tree.getTreeItem(sessionRow()).contextValue, 'session valid noSignInUrl');
  });

  it('the status menu offers no Open Sign-In Page for the session and says it has no sign-in URL', async () => {
    const inputs = new QuickInputs();
    restores.push(() => inputs.restore());
    const done = vscode.commands.executeCommand('connectFederation.showStatusMenu');
    const menu = await inputs.pick(/^Connect Federation$/);
    const row = menu.items.find((item) => item.label === `$(key) ${sessionLabel(session)}`)!;
    assert.match(row.description ?? '', / · no sign-in URL$/);
    assert.deepEqual(
      row.buttons?.map((b) => b.tooltip),
      ['Fetch Again'],
    );
    await inputs.choose(menu, row.label);
    const actions = await inputs.pick(/^Connect Federation: /);
    assert.ok(!actions.items.some((item) => /Open Sign-In Page/.test(item.label)), actions.items.map((i) => i.label).join(', '));
    assert.match(actions.placeholder ?? '', /no sign-in URL$/);
    await escape();
    await done;
  });

  it('the expiry notification offers Fetch Again only', async () => {
    const clock = new ManualClock(session.credentials.accessTokenExpiration - 6 * MINUTE);
    fixture.api.useClock(clock);
    await settle();
    clock.advance(MINUTE);
    await until(() => warnings.calls.length === 1, 'the expiry notification');
    assert.deepEqual(warnings.calls[0].slice(1), ['Fetch Again']);
  });
});
