/**
 * One fresh process of `npm run bench`: loads dist/extension.js with the stand-in `vscode` module
 * and calls activate(), timing the module's load and activate() and checking that the AWS SDK
 * bundle was not loaded.
 *   node out/scripts/benchActivation.js <dist/extension.js>
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { extensionContext, installVscodeStub } from './vscodeStub';

installVscodeStub();
const t0 = performance.now();
const extension = require(process.argv[2]) as { activate(context: unknown): unknown };
const t1 = performance.now();
extension.activate(
  extensionContext({
    secrets: { get: async () => undefined, onDidChange: () => ({ dispose() {} }) },
    globalState: { get: () => undefined, update: async () => undefined },
  }),
);
const t2 = performance.now();
const sdkLoaded = Object.keys(require.cache).some((file) => file.endsWith(`${path.sep}aws.js`));
console.log(JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1, sdkLoaded }));
