/**
 * One fresh process of `npm run bench`: how the cost of held sessions grows. Loads dist/extension.js
 * with the stand-in `vscode` module and activates it as for tests (so it hands back its store, tree
 * and status bar), over an in-memory SecretStorage that records what is written. With 1, 10 and 100
 * sessions held it times, median of RUNS:
 *   - adding one session: the store's put (the listeners, the read-merge-write of the secret) and
 *     then what the view pulls (every node's getChildren and getTreeItem);
 *   - one tick: the refresh the expiry ticker runs (status bar, expiry actions, next wake-up) and
 *     the view's pull;
 * and the size of the secret written. Prints JSON.
 *   node out/scripts/benchScale.js <dist/extension.js> <runs>
 */
import { performance } from 'node:perf_hooks';
import type { ConnectFederationApi } from '../src/extension';
import { systemClock } from '../src/core/clock';
import type { FederationSession } from '../src/core/session';
import type { SessionsTreeNode } from '../src/views/sessionsTree';
import { MemorySecrets, MemoryState } from '../test/support/memoryBackends';
import { extensionContext, installVscodeStub } from './vscodeStub';

export const SESSION_COUNTS = [1, 10, 100] as const;
/** Tokens and sign-in URLs of about this many characters (the emulator's are shorter than real ones). */
const SECRET_CHARS = 1024;

export interface ScaleFigures {
  readonly sessions: number;
  readonly addMs: number;
  readonly addSpreadMs: readonly [number, number];
  readonly tickMs: number;
  readonly tickSpreadMs: readonly [number, number];
  /** Bytes of the one secret holding every session, as written when the session was added. */
  readonly secretBytes: number;
  /** SecretStorage calls per added session. */
  readonly secretWrites: number;
  readonly secretReads: number;
}

/** Counts calls and keeps the size of the last value stored. */
class RecordingSecrets extends MemorySecrets {
  reads = 0;
  writes = 0;
  lastBytes = 0;
  override async get(key: string): Promise<string | undefined> {
    this.reads++;
    return super.get(key);
  }
  override async store(key: string, value: string): Promise<void> {
    this.writes++;
    this.lastBytes = Buffer.byteLength(value);
    return super.store(key, value);
  }
  onDidChange(): { dispose(): void } {
    return { dispose() {} };
  }
}

function session(index: number): FederationSession {
  const instanceId = `${index.toString(16).padStart(8, '0')}-1111-4a2b-9c3d-0123456789ab`;
  const now = Date.now();
  const secret = (kind: string): string => `${kind}-${index}-`.padEnd(SECRET_CHARS, 'x');
  return {
    id: `bench/${instanceId}`,
    profile: 'bench',
    instanceId,
    instanceAlias: `instance-${index}`,
    region: 'us-east-1',
    fetchedAt: now,
    // Spread over the hour, so that the list's order and the soonest expiry are real work.
    credentials: {
      accessToken: secret('AT'),
      accessTokenExpiration: now + 3_600_000 - ((index * 7919) % 3_000_000),
      refreshToken: secret('RT'),
      refreshTokenExpiration: now + 43_200_000,
    },
    signInUrl: `https://instance-${index}.my.connect.aws/auth/sign-in?token=${secret('SI')}`,
    userArn: `arn:aws:connect:us-east-1:123456789012:instance/${instanceId}/agent/bench`,
    userId: 'bench',
  };
}

/** Everything VS Code asks the tree for after a refresh: every node's children and item. */
function pullTree(api: ConnectFederationApi): number {
  let nodes = 0;
  const visit = (node?: SessionsTreeNode): void => {
    for (const child of api.tree.getChildren(node)) {
      api.tree.getTreeItem(child);
      nodes++;
      visit(child);
    }
  };
  visit();
  return nodes;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The 10th and 90th percentiles. */
function spread(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return [at(0.1), at(0.9)];
}

async function main(): Promise<void> {
  const [bundle, runsArgument] = process.argv.slice(2);
  const runs = Number(runsArgument);
  const vscode = installVscodeStub();
  const secrets = new RecordingSecrets();
  const extension = require(bundle) as { activate(context: unknown): ConnectFederationApi | undefined };
  const api = extension.activate(
    extensionContext({ secrets, globalState: new MemoryState(), extensionMode: (vscode.ExtensionMode as Record<string, unknown>).Test }),
  );
  if (!api) {
    throw new Error('The extension did not return its test API');
  }
  const figures: ScaleFigures[] = [];
  let next = 0;
  for (const count of SESSION_COUNTS) {
    await api.store.clear();
    for (let i = 0; i < count; i++) {
      await api.store.put(session(next++));
    }
    const add: number[] = [];
    const tick: number[] = [];
    let reads = 0;
    let writes = 0;
    let bytes = 0;
    for (let run = 0; run < runs; run++) {
      const extra = session(next++);
      secrets.reads = secrets.writes = 0;
      const t0 = performance.now();
      await api.store.put(extra);
      pullTree(api);
      add.push(performance.now() - t0);
      reads = Math.max(reads, secrets.reads);
      writes = Math.max(writes, secrets.writes);
      bytes = secrets.lastBytes;
      await api.store.remove(extra.id);
      const t1 = performance.now();
      // What the expiry ticker runs at each wake-up (useClock refreshes everything, as a tick does).
      api.useClock(systemClock);
      const nodes = pullTree(api);
      tick.push(performance.now() - t1);
      if (nodes < count * 2) {
        throw new Error(`The tree shows ${nodes} nodes for ${count} sessions and their fields`);
      }
    }
    figures.push({
      sessions: count,
      addMs: median(add),
      addSpreadMs: spread(add),
      tickMs: median(tick),
      tickSpreadMs: spread(tick),
      secretBytes: bytes,
      secretWrites: writes,
      secretReads: reads,
    });
  }
  console.log(JSON.stringify(figures));
  // The expiry ticker's timer would keep the process alive for an hour.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
