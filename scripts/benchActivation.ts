/**
 * One fresh process of `npm run bench`: loads dist/extension.js with a stand-in `vscode` module
 * (every API name of @types/vscode, each a do-nothing callable) and calls activate(), timing the
 * module's load and activate() and checking that the AWS SDK bundle was not loaded.
 *   node out/scripts/benchActivation.js <dist/extension.js>
 */
import { readFileSync } from 'node:fs';
import Module = require('node:module');
import { performance } from 'node:perf_hooks';

/** A value that absorbs any use: property access, calls and `new` all give itself back; as a primitive it is 0. */
const inert: object = new Proxy(function inert() {}, {
  get: (_target, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => 0 : inert),
  set: () => true,
  apply: () => inert,
  construct: () => inert,
});

function vscodeStub(): Record<string, unknown> {
  const dts = readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  const names = new Set([...dts.matchAll(/^\texport (?:declare )?(?:class|namespace|enum|const|function|let) (\w+)/gm)].map((m) => m[1]));
  return Object.fromEntries([...names].map((name) => [name, inert]));
}

const stub = vscodeStub();
const moduleWithLoad = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
const load = moduleWithLoad._load;
moduleWithLoad._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? stub : load.call(this, request, ...rest);
};

const t0 = performance.now();
const extension = require(process.argv[2]) as { activate(context: unknown): unknown };
const t1 = performance.now();
extension.activate({
  subscriptions: [],
  secrets: { get: async () => undefined },
  globalState: { get: () => undefined, update: async () => undefined },
});
const t2 = performance.now();
const sdkLoaded = Object.keys(require.cache).some((file) => file.endsWith(`${require('node:path').sep}aws.js`));
console.log(JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1, sdkLoaded }));
