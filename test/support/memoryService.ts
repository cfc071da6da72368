import { systemClock } from '../../src/core/clock';
import { FederationService } from '../../src/core/federationService';
import { loadAws } from '../../src/core/lazyAws';
import { Recents } from '../../src/core/recents';
import { SessionStore } from '../../src/core/sessionStore';
import { MemorySecrets, MemoryState } from './memoryBackends';
import { MemoryLogger } from './memoryLogger';

/** A FederationService on the real SDK, its stores and log in memory: what a suite against the emulator inspects. */
export function memoryService(): { store: SessionStore; state: MemoryState; log: MemoryLogger; service: FederationService } {
  const store = new SessionStore(new MemorySecrets());
  const state = new MemoryState();
  const log = new MemoryLogger();
  return { store, state, log, service: new FederationService({ aws: loadAws, store, recents: new Recents(state), clock: systemClock, log }) };
}
