/** The non-secret memory of earlier picks: last profile, and instances used with each profile. */

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
export const MAX_RECENT_INSTANCES = 10;

type InstancesByProfile = Record<string, RecentInstance[]>;

export class Recents {
  constructor(private readonly state: KeyValueBackend) {}

  get lastProfile(): string | undefined {
    return this.state.get<string>(LAST_PROFILE_KEY);
  }

  instances(profile: string): readonly RecentInstance[] {
    return this.all()[profile] ?? [];
  }

  async remember(profile: string, instance: RecentInstance): Promise<void> {
    const all = this.all();
    const others = (all[profile] ?? []).filter((i) => i.instanceId !== instance.instanceId);
    const previous = all[profile]?.find((i) => i.instanceId === instance.instanceId);
    // Keep an alias learned earlier (from ListInstances) when the instance is used again by ID.
    const entry = { ...instance, alias: instance.alias ?? previous?.alias };
    await this.state.update(INSTANCES_KEY, { ...all, [profile]: [entry, ...others].slice(0, MAX_RECENT_INSTANCES) });
    await this.state.update(LAST_PROFILE_KEY, profile);
  }

  private all(): InstancesByProfile {
    return this.state.get<InstancesByProfile>(INSTANCES_KEY) ?? {};
  }
}
