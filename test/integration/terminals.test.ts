/** The token in terminals and tasks, in a real extension host: what a shell started there sees. */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { systemClock } from '../../src/core/clock';
import { FederationSession } from '../../src/core/session';
import { DEMO_INSTANCE_ID, TEST_INSTANCE } from '../emulator/fixtures';
import { ManualClock } from '../support/manualClock';
import { Fixture, intercept, sessionItem, sessionNode, stub } from './support';

/** What a shell saw: the SHA-256 of CONNECT_ACCESS_TOKEN (the token itself never goes to a file) and two plain variables. */
interface Seen {
  readonly tokenHash: string;
  readonly instanceId: string;
  readonly region: string;
}

/**
 * A POSIX shell line that writes what it sees to `file`, whole (renamed into place). Its own `sh -c`:
 * in an interactive terminal, shell integration's hooks would write into the redirection.
 */
function reportTo(file: string): string {
  const script = `{ printf '%s' "$CONNECT_ACCESS_TOKEN" | sha256sum | cut -c1-64; printf '%s\\n%s\\n' "$CONNECT_INSTANCE_ID" "$CONNECT_REGION"; } > "$1.tmp" && mv "$1.tmp" "$1"`;
  return `/bin/sh -c '${script.replace(/'/g, `'\\''`)}' report '${file}'`;
}

async function readReport(file: string): Promise<Seen> {
  for (let i = 0; i < 500 && !existsSync(file); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const [tokenHash, instanceId, region] = readFileSync(file, 'utf8').split('\n');
  return { tokenHash, instanceId, region };
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const NOTHING: Seen = { tokenHash: sha256(''), instanceId: '', region: '' };

describe('the token in terminals, in a real extension host', () => {
  let fixture: Fixture;
  let dir: string;
  let reports = 0;
  const terminals: vscode.Terminal[] = [];
  const restores: (() => void)[] = [];

  before(async () => {
    fixture = await Fixture.start();
  });
  after(() => fixture.dispose());
  beforeEach(async () => {
    await fixture.api.store.clear();
    fixture.emulator.reset();
    dir = mkdtempSync(path.join(tmpdir(), 'connect-federation-terminals-'));
  });
  afterEach(async () => {
    restores.splice(0).forEach((restore) => restore());
    fixture.api.useClock(systemClock);
    terminals.splice(0).forEach((terminal) => terminal.dispose());
    await vscode.commands.executeCommand('connectFederation.clearTokens');
    rmSync(dir, { recursive: true, force: true });
  });

  async function fetch(instance = DEMO_INSTANCE_ID): Promise<FederationSession> {
    const outcome = await fixture.getToken({ profile: 'demo', instance });
    assert.ok(outcome?.ok, outcome && !outcome.ok ? outcome.failure.message : 'no fetch happened');
    return outcome.session;
  }

  /** What a terminal started now sees (a shell that reports, then exits). */
  async function newTerminalSees(): Promise<Seen> {
    const file = path.join(dir, `report-${++reports}`);
    terminals.push(vscode.window.createTerminal({ name: 'report', shellPath: '/bin/sh', shellArgs: ['-c', reportTo(file)] }));
    return readReport(file);
  }

  function seen(session: FederationSession): Seen {
    return { tokenHash: sha256(session.credentials.accessToken), instanceId: session.instanceId, region: session.region };
  }


  it('gives terminals started after "Use in Terminals" the CONNECT_* variables, and takes them away on removal', async () => {
    const session = await fetch();
    const other = await fetch(TEST_INSTANCE.id);
    assert.deepEqual(await newTerminalSees(), NOTHING, 'nothing before');
    assert.equal(await vscode.commands.executeCommand('connectFederation.useInTerminals', sessionNode(fixture.api, session.id)), true);
    assert.deepEqual(await newTerminalSees(), seen(session));
    assert.match(String(fixture.api.terminals.description), new RegExp(`^Amazon Connect federation token of ${DEMO_INSTANCE_ID} · demo · us-east-1 \\(CONNECT_\\* variables\\), access token valid until \\d`));
    assert.match(String(sessionItem(fixture.api, session.id).description), / · in terminals$/);
    assert.match(String(sessionItem(fixture.api, session.id).contextValue), /^session valid terminals$/);
    assert.doesNotMatch(String(sessionItem(fixture.api, other.id).description), /in terminals/);

    await vscode.commands.executeCommand('connectFederation.removeSession', sessionNode(fixture.api, session.id));
    assert.deepEqual(await newTerminalSees(), NOTHING, 'removal takes them away');
    assert.equal(fixture.api.terminals.description, undefined);
    await fetch();
    assert.deepEqual(await newTerminalSees(), NOTHING, 'a removed session is no longer the one terminals get, even fetched again');
  });

  it('updates them when the session is fetched again, takes them away on expiry and Clear', async () => {
    const first = await fetch();
    await vscode.commands.executeCommand('connectFederation.useInTerminals', sessionNode(fixture.api, first.id));
    const again = await fixture.outcomeOf(() => vscode.commands.executeCommand('connectFederation.fetchAgain', sessionNode(fixture.api, first.id)));
    assert.ok(again?.ok);
    assert.deepEqual(await newTerminalSees(), seen(again.session), 'the new token');

    fixture.api.useClock(new ManualClock(again.session.credentials.accessTokenExpiration + 1000));
    assert.deepEqual(await newTerminalSees(), NOTHING, 'an expired token is taken away');
    assert.match(String(sessionItem(fixture.api, first.id).description), /expired .* · in terminals$/);
    fixture.api.useClock(systemClock);
    assert.deepEqual(await newTerminalSees(), seen(again.session));

    await vscode.commands.executeCommand('connectFederation.clearTokens');
    assert.deepEqual(await newTerminalSees(), NOTHING, 'Clear takes them away');
  });

  it('with an argument from elsewhere (a keybinding, another extension), asks first and gives terminals nothing unless confirmed', async () => {
    const session = await fetch();
    let answer: string | undefined;
    const asked = intercept('showWarningMessage', (_message, options, ...items) => ((options as vscode.MessageOptions).modal ? answer : items[0]));
    restores.push(asked.restore);
    for (const command of ['connectFederation.useInTerminals', 'connectFederation.newTerminalWithToken']) {
      assert.ok(!(await vscode.commands.executeCommand(command, { sessionId: session.id })), command);
    }
    assert.deepEqual(
      asked.calls.map(([message]) => String(message)),
      [
        `Give new terminals and tasks the federation token of ${DEMO_INSTANCE_ID} · demo · us-east-1?`,
        `Open a terminal with the federation token of ${DEMO_INSTANCE_ID} · demo · us-east-1?`,
      ],
    );
    assert.match(String((asked.calls[0][1] as vscode.MessageOptions).detail), /run with arguments, by a keybinding or by another extension.*can read the CONNECT_\* variables/);
    assert.deepEqual(await newTerminalSees(), NOTHING);
    answer = 'Use in Terminals';
    assert.equal(await vscode.commands.executeCommand('connectFederation.useInTerminals', { profile: 'demo', instance: DEMO_INSTANCE_ID }), true);
    assert.deepEqual(await newTerminalSees(), seen(session));
  });

  it('gives tasks the variables too', async () => {
    const session = await fetch();
    await vscode.commands.executeCommand('connectFederation.useInTerminals', sessionNode(fixture.api, session.id));
    const file = path.join(dir, 'task-report');
    const task = new vscode.Task({ type: 'shell' }, vscode.TaskScope.Workspace, 'report', 'test', new vscode.ShellExecution(reportTo(file)));
    await vscode.tasks.executeTask(task);
    assert.deepEqual(await readReport(file), seen(session));
  });

  it('Stop Using in Terminals: new terminals get nothing', async () => {
    const session = await fetch();
    await vscode.commands.executeCommand('connectFederation.useInTerminals', sessionNode(fixture.api, session.id));
    await vscode.commands.executeCommand('connectFederation.stopUsingInTerminals');
    assert.deepEqual(await newTerminalSees(), NOTHING);
    assert.match(String(sessionItem(fixture.api, session.id).contextValue), /^session valid$/);
  });

  it('"New Terminal with Token" opens one terminal with the variables, after stopping another session\'s use if the user agrees', async () => {
    const session = await fetch();
    const other = await fetch(TEST_INSTANCE.id);
    const terminal = await vscode.commands.executeCommand<vscode.Terminal>('connectFederation.newTerminalWithToken', sessionNode(fixture.api, session.id));
    terminals.push(terminal);
    const options = terminal.creationOptions as vscode.TerminalOptions;
    assert.equal(terminal.name, `Connect: ${DEMO_INSTANCE_ID} · demo · us-east-1`);
    assert.equal(options.env?.CONNECT_ACCESS_TOKEN, session.credentials.accessToken);
    assert.equal(options.strictEnv, false);
    terminal.sendText(reportTo(path.join(dir, 'own')));
    assert.deepEqual(await readReport(path.join(dir, 'own')), seen(session), 'its shell sees them');

    await vscode.commands.executeCommand('connectFederation.useInTerminals', sessionNode(fixture.api, other.id));
    const questions: string[] = [];
    restores.push(stub(vscode.window, 'showWarningMessage', async (message: string) => (questions.push(message), undefined)));
    assert.equal(await vscode.commands.executeCommand('connectFederation.newTerminalWithToken', sessionNode(fixture.api, session.id)), undefined);
    assert.match(questions[0], new RegExp(`^Terminals get the token of ${TEST_INSTANCE.id} · demo · us-east-1 \\("Use in Terminals"\\)`));
    assert.equal(fixture.api.terminals.state().sessionId, other.id, 'declined: nothing changed');

    restores.push(stub(vscode.window, 'showWarningMessage', async (_message: string, _options: unknown, agree: string) => agree));
    const agreed = await vscode.commands.executeCommand<vscode.Terminal>('connectFederation.newTerminalWithToken', sessionNode(fixture.api, session.id));
    terminals.push(agreed);
    assert.equal(fixture.api.terminals.state().sessionId, undefined, 'agreed: terminals no longer get the other token');
    agreed.sendText(reportTo(path.join(dir, 'agreed')));
    assert.deepEqual(await readReport(path.join(dir, 'agreed')), seen(session));
  });
});
