import * as assert from 'node:assert/strict';
import { Recents } from '../../src/core/recents';
import { SESSIONS_SECRET_KEY, SessionStore } from '../../src/core/sessionStore';
import { MemorySecrets, MemoryState } from '../support/memoryBackends';
import { sampleSession } from '../support/sessions';

describe('SessionStore', () => {
  it('persists sessions in the secret backend and restores them in a new store', async () => {
    const secrets = new MemorySecrets();
    const store = new SessionStore(secrets);
    await store.put(sampleSession());
    await store.put(sampleSession({ instanceId: 'other', credentials: { ...sampleSession().credentials, accessTokenExpiration: 60_000 } }));
    const restored = new SessionStore(secrets);
    await restored.load();
    assert.deepEqual(
      restored.list().map((s) => s.instanceId),
      ['other', '5d5c4f2e-1111-4a2b-9c3d-0123456789ab'],
      'sorted by access token expiry, soonest first',
    );
    assert.equal(restored.get(sampleSession().id)?.credentials.refreshToken, 'EMURT-secret-refresh');
  });

  it('replaces the session of the same profile and instance', async () => {
    const store = new SessionStore(new MemorySecrets());
    await store.put(sampleSession());
    await store.put(sampleSession({ fetchedAt: 2_000 }));
    assert.equal(store.size, 1);
    assert.equal(store.list()[0].fetchedAt, 2_000);
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
    for (let i = 0; i < 12; i++) {
      await recents.remember('dev', { instanceId: `id-${i}`, region: 'us-east-1', usedAt: i });
    }
    await recents.remember('prod', { instanceId: 'p', alias: 'prod-alias', region: 'eu-west-2', usedAt: 99 });
    assert.equal(recents.lastProfile, 'prod');
    assert.equal(recents.instances('dev').length, 10);
    assert.equal(recents.instances('dev')[0].instanceId, 'id-11');
    assert.deepEqual(recents.instances('nobody'), []);
  });

  it('keeps a known alias when the instance is used again by ID, and stores no secret', async () => {
    const state = new MemoryState();
    const recents = new Recents(state);
    await recents.remember('dev', { instanceId: 'a', alias: 'demo-prod', region: 'us-east-1', usedAt: 1 });
    await recents.remember('dev', { instanceId: 'a', region: 'us-east-1', usedAt: 2 });
    assert.equal(recents.instances('dev')[0].alias, 'demo-prod');
    assert.equal(recents.instances('dev').length, 1);
    assert.doesNotMatch(JSON.stringify([...state.values]), /EMU|token/i);
  });
});
