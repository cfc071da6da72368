import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FetchOutcome } from '../../src/core/federationService';
import type { ConnectFederationApi } from '../../src/extension';
import type { SessionNode } from '../../src/views/sessionsTree';
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

  /** No session held, the emulator as it started, no request recorded: each test's starting point. */
  async fresh(): Promise<void> {
    await this.api.store.clear();
    this.emulator.reset();
    this.emulator.clearRequests();
  }

  async dispose(): Promise<void> {
    await this.api.store.clear();
    this.api.service.reset();
    this.files.restore();
    await this.emulator.close();
  }

  /** The requests Amazon Connect got (a fetch also asks STS who signed in, beside them). */
  connectRequests(): ReturnType<Emulator['requests']> {
    return this.emulator.requests().filter((r) => r.service === 'connect');
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
    // No region anywhere: the flow asks for one.
    `[profile noregion]\nendpoint_url = ${endpoint}\naws_access_key_id = ${DEMO_IDENTITY.accessKeyId}\naws_secret_access_key = ${DEMO_IDENTITY.secretAccessKey}\n`,
    `[profile sso]\nregion = us-east-1\nendpoint_url = ${endpoint}\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\n`,
    '[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n',
  ].join('\n');
}

/** A session's row in the view: what a click there hands a command (a row of the tree's own needs no confirmation). */
export function sessionNode(api: ConnectFederationApi, sessionId: string): SessionNode {
  const node = api.tree.getChildren().find((child): child is SessionNode => child.type === 'session' && child.session.id === sessionId);
  assert.ok(node, `no row for ${sessionId}`);
  return node;
}

/** How the view shows a session's row. */
export function sessionItem(api: ConnectFederationApi, sessionId: string): vscode.TreeItem {
  return api.tree.getTreeItem(sessionNode(api, sessionId));
}

/** Replaces a function of a VS Code API namespace (`vscode.window`, `vscode.env` …) until the returned restore runs. */
export function stub<T extends object>(namespace: T, name: keyof T & string, value: unknown): () => void {
  const original = namespace[name];
  Object.defineProperty(namespace, name, { value, configurable: true });
  return () => Object.defineProperty(namespace, name, { value: original, configurable: true });
}

/** Replaces a `vscode.window` message function, recording its calls and answering with `answer` (nothing by default). */
export function intercept<K extends 'showWarningMessage' | 'showErrorMessage' | 'showInformationMessage'>(
  name: K,
  answer: (...args: unknown[]) => unknown = () => undefined,
): { calls: unknown[][]; restore(): void } {
  const calls: unknown[][] = [];
  const restore = stub(vscode.window, name, async (...args: unknown[]) => (calls.push(args), answer(...args)));
  return { calls, restore };
}

export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The quick picks and input boxes the extension creates, recorded as they are made (they are the
 * real ones, shown in the workbench), and driven the way a keyboard would: through the workbench's
 * quick-input commands.
 */
export class QuickInputs {
  readonly created: (vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox)[] = [];
  private readonly restores: (() => void)[] = [];
  /** How many of `created` a test has already waited for: the next wait looks after them. */
  private seen = 0;

  constructor() {
    for (const factory of ['createQuickPick', 'createInputBox'] as const) {
      const original = vscode.window[factory].bind(vscode.window) as () => vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox;
      this.restores.push(
        stub(vscode.window, factory, () => {
          const input = original();
          this.created.push(input);
          return input;
        }),
      );
    }
  }

  /** The next quick pick created, after those already waited for, whose title matches. */
  async pick(title: RegExp): Promise<vscode.QuickPick<vscode.QuickPickItem>> {
    return (await this.next(title)) as vscode.QuickPick<vscode.QuickPickItem>;
  }

  async inputBox(title: RegExp): Promise<vscode.InputBox> {
    return (await this.next(title)) as vscode.InputBox;
  }

  private async next(title: RegExp): Promise<vscode.QuickInput> {
    let index = -1;
    await until(() => (index = this.created.findIndex((input, i) => i >= this.seen && title.test(input.title ?? ''))) >= 0, `a quick input titled ${title}`);
    this.seen = index + 1;
    await settle();
    return this.created[index];
  }

  /** Moves to the row whose label is `label`, then presses Enter. */
  async choose(pick: vscode.QuickPick<vscode.QuickPickItem>, label: string): Promise<void> {
    await until(() => pick.items.some((item) => item.label === label), `the row ${label}`);
    pick.activeItems = [pick.items.find((item) => item.label === label)!];
    await accept();
  }

  restore(): void {
    this.restores.splice(0).forEach((restore) => restore());
  }
}

/** Lets the extension host send the quick input's pending updates before a workbench command acts on it. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 100));
}

/** Enter in the open quick input. */
export async function accept(): Promise<void> {
  await settle();
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

/** The quick input's Back (Alt+Left on Linux). */
export async function back(): Promise<void> {
  await settle();
  await vscode.commands.executeCommand('workbench.action.quickInputBack');
}

/** Escape in the open quick input. */
export async function escape(): Promise<void> {
  await settle();
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
}
