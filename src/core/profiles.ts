/** AWS profiles as the pick shows them: what kind of credentials, which region, in what order. */
import { ProfileEndpointConfig } from './resolution';

export type ProfileKind = 'role' | 'accessKeys' | 'webIdentity' | 'process' | 'sso' | 'environment' | 'none';

export interface ProfileSummary {
  readonly name: string;
  readonly kind: ProfileKind;
  readonly region?: string;
  readonly endpoints: ProfileEndpointConfig;
  /** The profile's settings merged from both files (credentials file wins), for later lookups such as sso_session. */
  readonly settings: Readonly<Record<string, string | undefined>>;
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

/** The same precedence the SDK's ini provider uses to pick a credential source. */
export function profileKind(section: Section): ProfileKind {
  if (section.role_arn && (section.source_profile || section.credential_source)) {
    return 'role';
  }
  if (section.aws_access_key_id && section.aws_secret_access_key) {
    return 'accessKeys';
  }
  if (section.role_arn && section.web_identity_token_file) {
    return 'webIdentity';
  }
  if (section.credential_process) {
    return 'process';
  }
  if (section.sso_session || section.sso_start_url) {
    return 'sso';
  }
  return 'none';
}

/**
 * Builds the profile list from the parsed shared files (as the SDK's loadSharedConfigFiles returns them:
 * `services.<name>` and `sso-session.<name>` keys are sections, not profiles).
 */
export function summarizeProfiles(
  configFile: Readonly<Record<string, Section>>,
  credentialsFile: Readonly<Record<string, Section>>,
): ProfileSummary[] {
  const names = new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)].filter((name) => !isSpecialSection(name)));
  return [...names].map((name) => {
    const settings: Section = { ...configFile[name], ...credentialsFile[name] };
    const services = settings.services ? configFile[`services.${settings.services}`] : undefined;
    return {
      name,
      kind: profileKind(settings),
      region: settings.region,
      endpoints: {
        region: settings.region,
        endpointUrl: settings.endpoint_url,
        connectEndpointUrl: services?.['connect.endpoint_url'],
        ignoreConfiguredEndpointUrls: settings.ignore_configured_endpoint_urls?.toLowerCase() === 'true',
      },
      settings,
    };
  });
}

function isSpecialSection(name: string): boolean {
  return name.startsWith('services.') || name.startsWith('sso-session.');
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
  const seen = new Set<string>();
  for (let current: ProfileSummary | undefined = profile; current && !seen.has(current.name); ) {
    seen.add(current.name);
    if (current.kind === 'role' && current.settings.mfa_serial) {
      return true;
    }
    const source: string | undefined = current.settings.source_profile;
    current = source ? profiles.find((p) => p.name === source) : undefined;
  }
  return false;
}
