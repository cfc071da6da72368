/** AWS profiles as the pick shows them: what kind of credentials, which region, in what order. */
import { ConfigNote, SharedConfig } from './awsConfigFiles';
import { ProfileEndpointConfig, cliBoolean } from './resolution';

export type ProfileKind = 'role' | 'accessKeys' | 'webIdentity' | 'process' | 'sso' | 'environment' | 'none';

export interface ProfileSummary {
  readonly name: string;
  readonly kind: ProfileKind;
  readonly region?: string;
  readonly endpoints: ProfileEndpointConfig;
  /** The profile's settings merged from both files (credentials file wins), for later lookups such as sso_session. */
  readonly settings: Readonly<Record<string, string | undefined>>;
  /**
   * Where the AWS CLI reads this profile otherwise than this extension, or refuses a file it comes
   * from: one sentence each, for the pick and the log.
   */
  readonly cliNotes?: readonly string[];
}

export const PROFILE_KIND_LABELS: Record<ProfileKind, string> = {
  role: 'assume role',
  accessKeys: 'access keys',
  webIdentity: 'web identity',
  process: 'credential process',
  sso: 'SSO',
  environment: 'environment variables',
  none: 'no credentials',
};

type Section = Readonly<Record<string, string | undefined>>;

/** The same tests and precedence the SDK's ini provider (fromIni) applies to pick a credential source. */
export function profileKind(section: Section): ProfileKind {
  const has = (key: string): boolean => typeof section[key] === 'string';
  if (has('role_arn') && has('source_profile') !== has('credential_source')) {
    return 'role';
  }
  if (has('aws_access_key_id') && has('aws_secret_access_key')) {
    return 'accessKeys';
  }
  if (has('role_arn') && has('web_identity_token_file')) {
    return 'webIdentity';
  }
  if (has('credential_process')) {
    return 'process';
  }
  if (['sso_session', 'sso_start_url', 'sso_account_id', 'sso_region', 'sso_role_name'].some(has)) {
    return 'sso';
  }
  return 'none';
}

/**
 * The profile list from the files as the AWS CLI reads them (see awsConfigFiles). `describe` turns a
 * note into a sentence naming its file; a note that the CLI refuses a file goes to every profile,
 * since then every `aws` command fails.
 */
export function summarizeProfiles(config: SharedConfig, describe: (note: ConfigNote) => string): ProfileSummary[] {
  const refusals = config.notes.filter((note) => note.refused).map(describe);
  // Grouped once: a file with a note on each of many profiles must not cost profiles × notes.
  const ownNotes = new Map<string, string[]>();
  for (const note of config.notes) {
    if (!note.refused && note.profile !== undefined) {
      const notes = ownNotes.get(note.profile) ?? [];
      notes.push(describe(note));
      ownNotes.set(note.profile, notes);
    }
  }
  return [...config.profiles].map(([name, settings]) => {
    const servicesName = settings.services;
    const services = servicesName === undefined ? undefined : config.services.get(servicesName);
    const own = ownNotes.get(name) ?? [];
    return {
      name,
      kind: profileKind(settings),
      region: settings.region,
      endpoints: {
        region: settings.region,
        endpointUrl: settings.endpoint_url,
        connectEndpointUrl: services?.['connect.endpoint_url'],
        stsEndpointUrl: services?.['sts.endpoint_url'],
        missingServicesSection: servicesName !== undefined && !services ? servicesName : undefined,
        ignoreConfiguredEndpointUrls: cliBoolean(settings.ignore_configured_endpoint_urls),
        useFipsEndpoint: cliBoolean(settings.use_fips_endpoint),
        useDualstackEndpoint: cliBoolean(settings.use_dualstack_endpoint),
      },
      settings,
      // One array for every profile of a file the CLI refuses, however many lines it refuses.
      cliNotes: own.length > 0 ? [...refusals, ...own] : refusals,
    };
  });
}

/** AWS_PROFILE (or default), then the last profile used, then the rest by name. */
export function orderProfiles<T extends { readonly name: string }>(profiles: readonly T[], preferred: readonly (string | undefined)[]): T[] {
  const rank = (name: string): number => {
    const index = preferred.indexOf(name);
    return index === -1 ? preferred.length : index;
  };
  return [...profiles].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

/** AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, offered as a profile of their own. */
export function environmentProfile(env: Readonly<Record<string, string | undefined>>, name: string): ProfileSummary | undefined {
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) {
    return undefined;
  }
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
  return { name, kind: 'environment', region, endpoints: { region }, settings: {} };
}

/**
 * Whether resolving the profile's credentials asks for an MFA code: a role with mfa_serial, here
 * or anywhere along its source_profile chain (the SDK assumes each role in turn).
 */
export function needsMfaCode(profile: ProfileSummary, profiles: readonly ProfileSummary[]): boolean {
  const byName = new Map(profiles.map((p) => [p.name, p]));
  const seen = new Set<string>();
  for (let current: ProfileSummary | undefined = profile; current && !seen.has(current.name); ) {
    seen.add(current.name);
    if (current.kind === 'role' && current.settings.mfa_serial) {
      return true;
    }
    const source: string | undefined = current.settings.source_profile;
    current = source ? byName.get(source) : undefined;
  }
  return false;
}

/**
 * The most rows the profile pick holds at once. VS Code's quick pick takes every row over IPC and
 * filters them on each keystroke: tens of thousands make typing lag; a thousand do not.
 */
export const MAX_PROFILE_ROWS = 1000;

/**
 * The profiles a pick shows for what is typed: every profile when they fit; otherwise the first
 * `limit` whose text (`searchText`: the name, and what else the pick matches on) contains the
 * typed text, ignoring case — VS Code's own filter then narrows and highlights those. `pinned`
 * (the row to start on) stays among them when it matches. `hidden` counts the matches left out.
 */
export function profileRows<T>(
  ordered: readonly T[],
  typed: string,
  searchText: (profile: T) => string,
  limit = MAX_PROFILE_ROWS,
  pinned?: T,
): { readonly shown: T[]; readonly hidden: number } {
  if (ordered.length <= limit) {
    return { shown: [...ordered], hidden: 0 };
  }
  const needle = typed.trim().toLowerCase();
  const shown: T[] = [];
  let matches = 0;
  for (const profile of ordered) {
    if (needle !== '' && !searchText(profile).toLowerCase().includes(needle)) {
      continue;
    }
    matches++;
    if (shown.length < limit) {
      shown.push(profile);
    } else if (profile === pinned) {
      shown[limit - 1] = profile;
    }
  }
  return { shown, hidden: matches - shown.length };
}
