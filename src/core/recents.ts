/** The non-secret memory of earlier picks: last profile, instances used with each profile, role session names used with each profile × instance. */
import { isRoleSessionName } from './connectUser';
import { isInstanceId } from './instanceRef';
import { isRegionName } from './regions';
import { MAX_PROFILE_NAME, isEpochMs, isInstanceAlias, isRecord, isText, own } from './untrusted';

export interface KeyValueBackend {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface RecentInstance {
  readonly instanceId: string;
  readonly alias?: string;
  readonly region: string;
  readonly arn?: string;
  readonly usedAt: number;
}

const LAST_PROFILE_KEY = 'connectFederation.lastProfile';
const INSTANCES_KEY = 'connectFederation.recentInstances';
const ROLE_SESSION_NAMES_KEY = 'connectFederation.recentRoleSessionNames';
export const MAX_RECENT_INSTANCES = 10;
/** Profiles whose recent instances are kept: the most recently used ones. */
export const MAX_RECENT_PROFILES = 100;
/** Role session names kept per profile × instance, and the profile × instance pairs that keep them. */
export const MAX_RECENT_ROLE_SESSION_NAMES = 10;
export const MAX_RECENT_ROLE_SESSION_TARGETS = 100;

/**
 * globalState is shared with every other window and version of the extension, so what it returns is
 * checked: a profile's entry must be an array of well-formed instances (anything else reads as none),
 * and profile names are looked up as own keys only (a profile named `constructor` has no recents
 * until it is used).
 */
export class Recents {
  constructor(private readonly state: KeyValueBackend) {}

  get lastProfile(): string | undefined {
    const value = this.state.get<unknown>(LAST_PROFILE_KEY);
    return isText(value, MAX_PROFILE_NAME) ? value : undefined;
  }

  instances(profile: string): readonly RecentInstance[] {
    return this.all().get(profile) ?? [];
  }

  async remember(profile: string, instance: RecentInstance): Promise<void> {
    const all = this.all();
    const previous = all.get(profile) ?? [];
    // Keep an alias learned earlier (from ListInstances) when the instance is used again by ID.
    const entry = { ...instance, alias: instance.alias ?? previous.find((i) => i.instanceId === instance.instanceId)?.alias };
    const instances = [entry, ...previous.filter((i) => i.instanceId !== instance.instanceId)].slice(0, MAX_RECENT_INSTANCES);
    await this.storeFirst(INSTANCES_KEY, all, profile, instances, MAX_RECENT_PROFILES);
    await this.state.update(LAST_PROFILE_KEY, profile);
  }

  /** Role session names chosen before with the profile for the instance, the last one first. */
  roleSessionNames(profile: string, instanceId: string): readonly string[] {
    return this.allRoleSessionNames().get(roleSessionKey(profile, instanceId)) ?? [];
  }

  async rememberRoleSessionName(profile: string, instanceId: string, name: string): Promise<void> {
    const all = this.allRoleSessionNames();
    const key = roleSessionKey(profile, instanceId);
    const names = [name, ...(all.get(key) ?? []).filter((earlier) => earlier !== name)].slice(0, MAX_RECENT_ROLE_SESSION_NAMES);
    await this.storeFirst(ROLE_SESSION_NAMES_KEY, all, key, names, MAX_RECENT_ROLE_SESSION_TARGETS);
  }

  /** "[profile, instance]" → its valid names, most recently used first. */
  private allRoleSessionNames(): Map<string, string[]> {
    return this.readLists(ROLE_SESSION_NAMES_KEY, MAX_RECENT_ROLE_SESSION_TARGETS, (names) => [
      ...new Set(names.slice(0, MAX_RECENT_ROLE_SESSION_NAMES).filter(isRoleSessionName)),
    ]);
  }

  /** Profile → its valid recent instances, most recently used profile first. */
  private all(): Map<string, RecentInstance[]> {
    return this.readLists(INSTANCES_KEY, MAX_RECENT_PROFILES, (entries) => entries.slice(0, MAX_RECENT_INSTANCES).flatMap(parseRecentInstance));
  }

  /** A stored object of lists, each read by `parse`, at most `maxKeys` of them; anything else reads as none. */
  private readLists<T>(key: string, maxKeys: number, parse: (entries: readonly unknown[]) => T[]): Map<string, T[]> {
    const stored = this.state.get<unknown>(key);
    const all = new Map<string, T[]>();
    if (!isRecord(stored)) {
      return all;
    }
    for (const name of Object.keys(stored).slice(0, maxKeys)) {
      const entries = own(stored, name);
      if (Array.isArray(entries)) {
        all.set(name, parse(entries));
      }
    }
    return all;
  }

  /** Stores `all` with `first`'s list (new or updated) first, keeping the `maxKeys` most recently used. */
  private async storeFirst<T>(key: string, all: Map<string, T[]>, first: string, list: T[], maxKeys: number): Promise<void> {
    all.delete(first);
    // fromEntries defines own properties: `__proto__` and friends are keys like any other.
    const stored: Record<string, T[]> = Object.fromEntries([[first, list] as const, ...all].slice(0, maxKeys));
    await this.state.update(key, stored);
  }
}

/** JSON of the pair: no profile name can make two pairs share a key. */
function roleSessionKey(profile: string, instanceId: string): string {
  return JSON.stringify([profile, instanceId]);
}

function parseRecentInstance(value: unknown): RecentInstance[] {
  if (!isRecord(value)) {
    return [];
  }
  const instanceId = own(value, 'instanceId');
  const region = own(value, 'region');
  const usedAt = own(value, 'usedAt');
  const alias = own(value, 'alias');
  const arn = own(value, 'arn');
  if (typeof instanceId !== 'string' || !isInstanceId(instanceId) || typeof region !== 'string' || !isRegionName(region) || !isEpochMs(usedAt)) {
    return [];
  }
  return [
    {
      instanceId,
      region,
      usedAt,
      ...(isInstanceAlias(alias) && { alias }),
      ...(isText(arn, 2048) && { arn }),
    },
  ];
}
