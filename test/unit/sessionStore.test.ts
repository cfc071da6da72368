import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ClaimBoard, MAX_CLAIMS_BYTES, MAX_CLAIM_MS } from '../../src/core/crossWindow';
import { FileClaimStorage, FileLock, crossWindowState } from '../../src/core/fileLock';
import { Recents } from '../../src/core/recents';
import { SESSIONS_SECRET_KEY, SessionStore } from '../../src/core/sessionStore';
import { MemorySecrets, MemoryState } from '../support/memoryBackends';
import { SAMPLE_FETCHED_AT, sampleSession } from '../support/sessions';

async function until(condition: () => boolean, what: string): Promise<void> {
  for (const giveUpAt = Date.now() + 5_000; !condition(); await new Promise((resolve) => setTimeout(resolve, 10))) {
    assert.ok(Date.now() < giveUpAt, `timed out waiting for ${what}`);
  }
}

describe('SessionStore', () => {
  it('persists sessions in the secret backend and restores them in a new store', async () => {
    const secrets = new MemorySecrets();
    const store = new SessionStore(secrets);
    await store.put(sampleSession());
    const other = '0e0e0e0e-2222-4a2b-9c3d-0123456789ab';
    await store.put(sampleSession({ instanceId: other, credentials: { ...sampleSession().credentials, accessTokenExpiration: SAMPLE_FETCHED_AT + 60_000 } }));
    const restored = new SessionStore(secrets);
    await restored.load();
    assert.deepEqual(
      restored.list().map((s) => s.instanceId),
      [other, '5d5c4f2e-1111-4a2b-9c3d-0123456789ab'],
      'sorted by access token expiry, soonest first',
    );
    assert.equal(restored.get(sampleSession().id)?.credentials.refreshToken, 'EMURT-secret-refresh');
  });

  it('replaces the session of the same profile and instance', async () => {
    const store = new SessionStore(new MemorySecrets());
    await store.put(sampleSession());
    await store.put(sampleSession({ fetchedAt: SAMPLE_FETCHED_AT + 2_000 }));
    assert.equal(store.size, 1);
    assert.equal(store.list()[0].fetchedAt, SAMPLE_FETCHED_AT + 2_000);
  });

  it('deletes the secret when the last session is removed or all are cleared', async () => {
    const secrets = new MemorySecrets();
    const store = new SessionStore(secrets);
    await store.put(sampleSession());
    await store.put(sampleSession({ profile: 'prod' }));
    await store.remove(sampleSession().id);
    assert.ok(secrets.values.has(SESSIONS_SECRET_KEY));
    await store.clear();
    assert.equal(secrets.values.has(SESSIONS_SECRET_KEY), false);
    const reloaded = new SessionStore(secrets);
    await reloaded.load();
    assert.equal(reloaded.size, 0, 'cleared sessions stay gone');
  });

  it('drops unreadable stored data instead of failing', async () => {
    const secrets = new MemorySecrets();
    secrets.values.set(SESSIONS_SECRET_KEY, '{not json');
    const store = new SessionStore(secrets);
    await store.load();
    assert.equal(store.size, 0);
    secrets.values.set(SESSIONS_SECRET_KEY, JSON.stringify([{ id: 'x' }, sampleSession()]));
    await store.load();
    assert.equal(store.size, 1, 'malformed entries are skipped, good ones kept');
  });

  it('writes in order, so the last change wins even when an earlier write is slow', async () => {
    const written: string[] = [];
    let releaseFirstWrite = (): void => undefined;
    const secrets = new MemorySecrets();
    secrets.store = () =>
      new Promise<void>((resolve) => {
        const write = (): void => {
          written.push('stored');
          resolve();
        };
        if (written.length === 0) {
          releaseFirstWrite = write;
        } else {
          write();
        }
      });
    secrets.delete = async () => void written.push('deleted');
    const store = new SessionStore(secrets);
    const first = store.put(sampleSession());
    const second = store.clear();
    await new Promise(setImmediate); // the first write has started and is held
    releaseFirstWrite();
    await Promise.all([first, second]);
    assert.deepEqual(written, ['stored', 'deleted']);
  });

  it('tells listeners about every change, and of none when nothing changed', async () => {
    const store = new SessionStore(new MemorySecrets());
    let changes = 0;
    store.onDidChange(() => changes++);
    await store.put(sampleSession());
    assert.ok(changes > 0);
    const afterPut = changes;
    await store.remove('missing');
    assert.equal(changes, afterPut);
  });

  it('shows a put at once and once: one notice before the write, none for the write or for reading it back', async () => {
    const secrets = new MemorySecrets();
    const store = new SessionStore(secrets);
    const heldWhenNotified: boolean[] = [];
    store.onDidChange(() => heldWhenNotified.push(secrets.values.has(SESSIONS_SECRET_KEY)));
    const put = store.put(sampleSession());
    assert.deepEqual(heldWhenNotified, [false], 'listeners hear of the session before it is written');
    assert.equal(store.size, 1);
    await put;
    assert.ok(secrets.values.has(SESSIONS_SECRET_KEY));
    // SecretStorage reports the store's own write as a change: reading it back shows nothing new.
    await store.load();
    assert.equal(heldWhenNotified.length, 1, 'each notice refreshes the tree, and VS Code holds back a second refresh within 200 ms');
    await store.put(sampleSession({ fetchedAt: 2_000, credentials: { ...sampleSession().credentials, accessToken: 'EMUAT-new' } }));
    assert.equal(heldWhenNotified.length, 2, 'a new token of the same session is a change');
  });

  it('keeps a change shown while a read-back queued before its write runs (no moment without it)', async () => {
    const secrets = new MemorySecrets();
    const store = new SessionStore(secrets);
    const sizes: number[] = [];
    store.onDidChange(() => sizes.push(store.size));
    // As when SecretStorage reports an earlier write just before a fetch puts a session.
    const reload = store.load();
    const put = store.put(sampleSession());
    const second = store.put(sampleSession({ profile: 'prod' }));
    await Promise.all([reload, put, second]);
    assert.deepEqual(sizes, [1, 2], 'each put shows once, and nothing disappears meanwhile');
    assert.equal(JSON.parse(secrets.values.get(SESSIONS_SECRET_KEY) ?? '[]').length, 2);
  });

  it("notifies again when the write merged another window's session", async () => {
    const secrets = new MemorySecrets();
    const windowA = new SessionStore(secrets);
    const windowB = new SessionStore(secrets);
    await windowA.put(sampleSession({ profile: 'prod' }));
    const seenByB: number[] = [];
    windowB.onDidChange(() => seenByB.push(windowB.size));
    await windowB.put(sampleSession({ profile: 'dev' }));
    assert.deepEqual(seenByB, [1, 2], "B shows its own session at once, then A's as well once merged");
  });

  it('lets windows sharing the secret add and remove sessions without losing each other\'s', async () => {
    const secrets = new MemorySecrets();
    const windowA = new SessionStore(secrets);
    const windowB = new SessionStore(secrets);
    await windowA.put(sampleSession({ profile: 'prod' }));
    await windowB.put(sampleSession({ profile: 'dev' }));
    assert.deepEqual(windowB.list().map((s) => s.profile).sort(), ['dev', 'prod'], 'B keeps A\'s session');
    await windowA.remove(sampleSession({ profile: 'prod' }).id);
    await windowB.load();
    assert.deepEqual(windowB.list().map((s) => s.profile), ['dev'], 'a removal in A is not undone by B');
    await windowB.clear();
    await windowA.load();
    assert.equal(windowA.size, 0);
  });
});

describe('Recents', () => {
  it('remembers the last profile and the instances of each profile, newest first and capped', async () => {
    const state = new MemoryState();
    const recents = new Recents(state);
    const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    for (let i = 0; i < 12; i++) {
      await recents.remember('dev', { instanceId: id(i), region: 'us-east-1', usedAt: SAMPLE_FETCHED_AT + i });
    }
    await recents.remember('prod', { instanceId: id(99), alias: 'prod-alias', region: 'eu-west-2', usedAt: SAMPLE_FETCHED_AT + 99 });
    assert.equal(recents.lastProfile, 'prod');
    assert.equal(recents.instances('dev').length, 10);
    assert.equal(recents.instances('dev')[0].instanceId, id(11));
    assert.deepEqual(recents.instances('nobody'), []);
  });

  it('keeps a known alias when the instance is used again by ID, and stores no secret', async () => {
    const state = new MemoryState();
    const recents = new Recents(state);
    const a = sampleSession().instanceId;
    await recents.remember('dev', { instanceId: a, alias: 'demo-prod', region: 'us-east-1', usedAt: SAMPLE_FETCHED_AT });
    await recents.remember('dev', { instanceId: a, region: 'us-east-1', usedAt: SAMPLE_FETCHED_AT + 1 });
    assert.equal(recents.instances('dev')[0].alias, 'demo-prod');
    assert.equal(recents.instances('dev').length, 1);
    assert.doesNotMatch(JSON.stringify([...state.values]), /EMU|token/i);
  });

  it('keeps a profile named __proto__ or constructor apart from the others, as own keys (JSON round trip included)', async () => {
    const state = new MemoryState();
    const recents = new Recents(state);
    const instance = { instanceId: sampleSession().instanceId, region: 'us-east-1', usedAt: SAMPLE_FETCHED_AT };
    await recents.remember('__proto__', instance);
    await recents.remember('constructor', instance);
    await recents.remember('dev', instance);
    state.values.set('connectFederation.recentInstances', JSON.parse(JSON.stringify(state.values.get('connectFederation.recentInstances'))));
    for (const profile of ['__proto__', 'constructor', 'dev']) {
      assert.deepEqual(recents.instances(profile).map((i) => i.instanceId), [instance.instanceId], profile);
    }
    assert.deepEqual(recents.instances('toString'), []);
  });
});

describe('SessionStore across windows (item 7)', () => {
  /** SecretStorage as windows share it: one value, every call 50 ms late. */
  class SlowSharedSecrets extends MemorySecrets {
    private readonly later = () => new Promise((resolve) => setTimeout(resolve, 50));
    override async get(key: string): Promise<string | undefined> {
      await this.later();
      return super.get(key);
    }
    override async store(key: string, value: string): Promise<void> {
      await this.later();
      return super.store(key, value);
    }
    override async delete(key: string): Promise<void> {
      await this.later();
      return super.delete(key);
    }
  }

  let folder: string;
  beforeEach(() => (folder = mkdtempSync(path.join(tmpdir(), 'connect-federation-lock-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('loses no session when two windows store at once over a slow SecretStorage', async () => {
    const secrets = new SlowSharedSecrets();
    // Two windows: each its own lock object over the one lock directory of the global storage.
    const windowA = new SessionStore(secrets, crossWindowState(folder).lock);
    const windowB = new SessionStore(secrets, crossWindowState(folder).lock);
    await Promise.all([
      windowA.put(sampleSession({ profile: 'a' })),
      windowB.put(sampleSession({ profile: 'b' })),
      windowA.put(sampleSession({ profile: 'c' })),
      windowB.remove(sampleSession({ profile: 'nothing' }).id),
      windowB.put(sampleSession({ profile: 'd' })),
    ]);
    const reloaded = new SessionStore(secrets);
    await reloaded.load();
    assert.deepEqual(reloaded.list().map((s) => s.profile).sort(), ['a', 'b', 'c', 'd']);
  });

  it('takes over a lock touched in the future (a window died while the clock was ahead)', async () => {
    const lockPath = path.join(folder, 'state.lock');
    mkdirSync(lockPath);
    writeFileSync(path.join(lockPath, 'owner'), 'a window that crashed with its clock an hour ahead');
    const ahead = new Date(Date.now() + 3600_000);
    utimesSync(lockPath, ahead, ahead);
    const started = Date.now();
    assert.equal(await new FileLock(lockPath, { staleMs: 1_000, maxWaitMs: 2_000 }).run(async () => 'ran'), 'ran');
    assert.ok(Date.now() - started < 1_000, 'taken over at once, not after the wait');
  });

  it('a SecretStorage that does not answer: the caller is told after a bound, the change waits (holding the lock) and lands when it answers', async () => {
    const lockPath = path.join(folder, 'state.lock');
    const secrets = new MemorySecrets();
    const realStore = secrets.store.bind(secrets);
    let answer = (): void => undefined;
    secrets.store = (key, value) => new Promise<void>((resolve) => (answer = () => void realStore(key, value).then(resolve)));
    const window = new SessionStore(secrets, new FileLock(lockPath), 100);
    const started = Date.now();
    await assert.rejects(window.put(sampleSession({ profile: 'a' })), { name: 'SecretStorageTimeoutError', message: /^VS Code's secret storage has not finished a write in 0\.1 s\.$/ });
    assert.ok(Date.now() - started < 1_000, `told after ${Date.now() - started} ms`);
    assert.deepEqual(window.list().map((s) => s.profile), ['a'], 'still shown: it is on its way');
    // Abandoning the write would let it land later over a newer one: the windows' lock stays held meanwhile.
    const other = new SessionStore(secrets, new FileLock(lockPath, { maxWaitMs: 300 }));
    await assert.rejects(other.put(sampleSession({ profile: 'b' })), { name: 'LockTimeoutError' });
    secrets.store = realStore;
    answer();
    await until(() => secrets.values.has(SESSIONS_SECRET_KEY), 'the late write');
    await other.put(sampleSession({ profile: 'b' }));
    const reloaded = new SessionStore(secrets);
    await reloaded.load();
    assert.deepEqual(reloaded.list().map((s) => s.profile).sort(), ['a', 'b'], 'the late write, then the other window, in that order');
  });

  it('a write that fails takes its change back out of the view, so the view shows what is stored', async () => {
    const secrets = new MemorySecrets();
    const store = new SessionStore(secrets);
    await store.put(sampleSession({ profile: 'kept' }));
    secrets.store = () => Promise.reject(new Error('keyring unavailable'));
    await assert.rejects(store.put(sampleSession({ profile: 'lost' })), /keyring unavailable/);
    assert.deepEqual(store.list().map((s) => s.profile), ['kept']);
    secrets.delete = () => Promise.reject(new Error('keyring unavailable'));
    await assert.rejects(store.remove(sampleSession({ profile: 'kept' }).id), /keyring unavailable/);
    assert.deepEqual(store.list().map((s) => s.profile), ['kept'], 'a failed removal brings the session back');
  });

  it('takes over the lock of a window that died holding it, and waits no longer than it may', async () => {
    const lockPath = path.join(folder, 'state.lock');
    mkdirSync(lockPath);
    writeFileSync(path.join(lockPath, 'owner'), 'a window that crashed');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPath, old, old);
    const started = Date.now();
    assert.equal(await new FileLock(lockPath, { staleMs: 1_000 }).run(async () => 'ran'), 'ran');
    assert.ok(Date.now() - started < 1_000, 'a stale lock is taken over at once');
    assert.equal(existsSync(lockPath), false, 'and released after');

    const holder = new FileLock(lockPath, { staleMs: 200 });
    let release = (): void => undefined;
    const held = holder.run(() => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const waiter = new FileLock(lockPath, { staleMs: 200, maxWaitMs: 600 });
    // The holder keeps its lock fresh: no take-over, however long it holds it; the waiter gives up.
    await assert.rejects(waiter.run(async () => assert.fail('ran while the lock was held')), { name: 'LockTimeoutError' });
    release();
    await held;
    assert.equal(await waiter.run(async () => 'ran after release'), 'ran after release');
  });
});

describe('ClaimBoard: one notification and one re-fetch per token across windows (item 7)', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(path.join(tmpdir(), 'connect-federation-claims-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('grants a key to one window until its claim ends; its owner may renew it', async () => {
    let now = 1_000_000;
    // Three windows: each its own lock and storage objects over the same folder.
    const windows = [0, 1, 2].map(
      (i) => new ClaimBoard(new FileLock(path.join(folder, 'state.lock')), new FileClaimStorage(path.join(folder, 'claims.json')), `window-${i}`, () => now),
    );
    const results = await Promise.all(windows.map((board) => board.claim('notify:x', now + 60_000)));
    assert.equal(results.filter((r) => r.granted).length, 1);
    assert.ok(results.every((r) => r.until === now + 60_000));
    const owner = windows[results.findIndex((r) => r.granted)];
    assert.equal((await owner.claim('notify:x', now + 120_000)).granted, true, 'renewed by its owner');
    now += 120_001;
    assert.equal((await windows.find((w) => w !== owner)!.claim('notify:x', now + 1_000)).granted, true, 'an ended claim is taken over');
  });

  it('ignores a claim further ahead than any window makes, keeps its own within that, and reads no oversized file', async () => {
    const now = 1_000_000;
    const file = path.join(folder, 'claims.json');
    const board = (owner: string) => new ClaimBoard(new FileLock(path.join(folder, 'state.lock')), new FileClaimStorage(file), owner, () => now);
    writeFileSync(file, JSON.stringify({ 'refetch:x': { owner: 'hostile', until: now + 10 * 365 * 86_400_000 } }));
    assert.equal((await board('mine').claim('refetch:x', now + 60_000)).granted, true, 'a claim a decade ahead holds nothing');
    const far = await board('mine').claim('notify:y', now + 10 * 365 * 86_400_000);
    assert.deepEqual(far, { granted: true, until: now + MAX_CLAIM_MS });
    assert.equal((await board('other').claim('notify:y', now + 1)).granted, false, 'kept, within the bound');

    writeFileSync(file, `{"notify:z":{"owner":"hostile","until":${now + 60_000}},"pad":"${'x'.repeat(MAX_CLAIMS_BYTES)}"}`);
    assert.equal((await board('mine').claim('notify:z', now + 60_000)).granted, true, 'an oversized file reads as no claims');
    assert.ok(statSync(file).size < 1_000, 'and is rewritten small');

    // No regular file: a FIFO (opening it to read would wait for a writer) and a device (never ends).
    for (const [what, make] of [
      ['a FIFO', () => execFileSync('mkfifo', [file])],
      ['a link to /dev/zero', () => symlinkSync('/dev/zero', file)],
    ] as const) {
      rmSync(file, { force: true });
      make();
      assert.equal((await board('mine').claim(`notify:${what}`, now + 60_000)).granted, true, what);
      assert.ok(statSync(file).isFile(), `${what} replaced by a claims file`);
    }
  });
});
