// Bundles the extension in two halves: dist/extension.js (activation: no AWS SDK) and
// dist/aws.js (the SDK and everything that uses it), which the first half requires on first use.
//   node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Keeps src/core/lazyAws.ts's require('./aws') as a require of the sibling bundle. */
const lazyAwsBundle = {
  name: 'lazy-aws-bundle',
  setup(build) {
    build.onResolve({ filter: /^\.\/aws$/ }, (args) =>
      args.importer.endsWith('lazyAws.ts') ? { path: './aws.js', external: true } : undefined,
    );
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // ES module builds of the SDK tree-shake far better than its CommonJS ones (≈ half the size).
  mainFields: ['module', 'main'],
  minify: production,
  sourcemap: !production,
  metafile: true,
  logLevel: 'warning',
};

const builds = [
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode'], plugins: [lazyAwsBundle] },
  { ...common, entryPoints: { aws: 'src/core/aws/index.ts' }, outdir: 'dist' },
];

if (watch) {
  for (const options of builds) {
    await (await esbuild.context(options)).watch();
  }
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  checkSharedModulesAreStateless(results.map((r) => r.metafile));
  // The metafiles feed `npm run bench` (bundle sizes).
  await writeFile('dist/meta.json', JSON.stringify(results.map((r) => r.metafile)));
}

/**
 * A module bundled into both halves exists twice at run time: module-level state in it (a `let`, a
 * Map, an AsyncLocalStorage) would silently split in two. Such modules belong to one half only.
 */
function checkSharedModulesAreStateless([extension, aws]) {
  const stateful = /^(export )?(let|var) |^(export )?const \w+ = new (Map|Set|WeakMap|AsyncLocalStorage)\b/m;
  const shared = Object.keys(extension.inputs).filter((file) => file.startsWith('src/') && file in aws.inputs);
  const offenders = shared.filter((file) => stateful.test(readFileSync(file, 'utf8')));
  if (offenders.length > 0) {
    throw new Error(`Modules with state are in both bundles (move them to one side): ${offenders.join(', ')}`);
  }
}
