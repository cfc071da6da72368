/**
 * A stand-in `vscode` module for the bench's plain-Node processes: every API name of @types/vscode,
 * each a value that absorbs any use (property access, calls and `new` give itself back; as a
 * primitive it is 0); settings read as unset (their defaults apply), and messages shown resolve
 * with no choice. Enough to load dist/extension.js and run its own code outside VS Code.
 */
import { readFileSync } from 'node:fs';
import Module = require('node:module');

const inert: object = new Proxy(function inert() {}, {
  get: (_target, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => 0 : inert),
  set: () => true,
  apply: () => inert,
  construct: () => inert,
});

/** A namespace whose members are `member(key)`, or inert. */
function namespace(member: (key: string) => unknown): object {
  return new Proxy(inert, { get: (_target, key) => (key === 'then' ? undefined : ((typeof key === 'string' && member(key)) ?? inert)) });
}

/** Makes `require('vscode')` return the stand-in from now on, and returns it. */
export function installVscodeStub(): Record<string, unknown> {
  const dts = readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  const names = new Set([...dts.matchAll(/^\texport (?:declare )?(?:class|namespace|enum|const|function|let) (\w+)/gm)].map((m) => m[1]));
  const stub: Record<string, unknown> = Object.fromEntries([...names].map((name) => [name, inert]));
  const configuration = { get: () => undefined, has: () => false, inspect: () => undefined, update: async () => undefined };
  stub.workspace = namespace((key) => (key === 'getConfiguration' ? () => configuration : undefined));
  stub.window = namespace((key) => (key.startsWith('show') && key.endsWith('Message') ? async () => undefined : undefined));
  const moduleWithLoad = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const load = moduleWithLoad._load;
  moduleWithLoad._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stub : load.call(this, request, ...rest);
  };
  return stub;
}

/**
 * The ExtensionContext activate() is given: no subscriptions yet, secrets and globalState as asked,
 * global storage that is not on disk (so one window's lock, no lock folder, no browser profiles), an
 * empty workspaceState and a terminal environment collection that keeps nothing.
 */
export function extensionContext(parts: { secrets: object; globalState: object; extensionMode?: unknown }): object {
  return {
    subscriptions: [],
    globalStorageUri: { scheme: 'memory', fsPath: '' },
    workspaceState: { get: () => undefined, update: async () => undefined, keys: () => [] },
    environmentVariableCollection: { persistent: true, description: undefined, clear: () => undefined, replace: () => undefined },
    ...parts,
  };
}
