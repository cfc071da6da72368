/**
 * One fresh process of `npm run bench`: loads the production SDK bundle the way the extension
 * does and times a token fetch against the endpoint given, printing the figures as JSON.
 *   node out/scripts/benchClient.js <dist/aws.js> <profile> <instanceId> <region> <endpoint> <warm|cold> <repeats>
 */
import { performance } from 'node:perf_hooks';
import type { Aws } from '../src/core/lazyAws';

async function main(): Promise<void> {
  const [bundle, profile, instanceId, region, endpoint, mode, repeats] = process.argv.slice(2);
  const start = performance.now();
  const aws = require(bundle) as Aws;
  const loadMs = performance.now() - start;
  const clients = new aws.ConnectClients();
  const target = { profile, region, endpoint };
  let listed = 0;
  if (mode === 'warm') {
    // What the extension does while the instance pick is open: resolve the credentials and
    // list the region's instances through the client the fetch will use.
    await clients.resolveCredentials({ profile });
    for await (const page of aws.listInstances(clients.get(target))) {
      listed += page.length;
    }
  }
  const fetchOnce = async (): Promise<number> => {
    const t0 = performance.now();
    await aws.fetchFederationToken(clients.get(target), instanceId);
    return performance.now() - t0;
  };
  const firstMs = await fetchOnce();
  const repeatedMs: number[] = [];
  for (let i = 0; i < Number(repeats); i++) {
    repeatedMs.push(await fetchOnce());
  }
  console.log(JSON.stringify({ loadMs, listed, firstMs, sinceStartMs: performance.now() - start, repeatedMs }));
  clients.reset();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
