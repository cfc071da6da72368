import { Clock } from './core/clock';
import { FederationService } from './core/federationService';
import { Recents } from './core/recents';
import { Env } from './core/resolution';
import { SessionStore } from './core/sessionStore';
import { Log } from './log';
import { Settings } from './settings';

/** What the commands work with; built once in extension.ts. */
export interface App {
  readonly service: FederationService;
  readonly store: SessionStore;
  readonly recents: Recents;
  readonly log: Log;
  readonly clock: Clock;
  readonly settings: () => Settings;
  readonly env: () => Env;
}
