/**
 * Where a request goes: the region and endpoint for a profile and instance, in the precedence
 * the extension documents (README "Regions and endpoints").
 */

export type Env = Readonly<Record<string, string | undefined>>;

/** What a profile's config contributes to region and endpoint resolution. */
export interface ProfileEndpointConfig {
  readonly region?: string;
  /** The profile's global `endpoint_url`. */
  readonly endpointUrl?: string;
  /** `connect.endpoint_url` of the profile's `services` section. */
  readonly connectEndpointUrl?: string;
  /** `sts.endpoint_url` of the profile's `services` section. */
  readonly stsEndpointUrl?: string;
  /** The `services` section the profile names when the config file has none of that name. */
  readonly missingServicesSection?: string;
  /** Undefined when the profile does not say (then AWS_IGNORE_CONFIGURED_ENDPOINT_URLS alone decides). */
  readonly ignoreConfiguredEndpointUrls?: boolean;
  readonly useFipsEndpoint?: boolean;
  readonly useDualstackEndpoint?: boolean;
}

export interface Resolved<T> {
  readonly value: T;
  /** Where the value came from, in words a user recognises (shown in the log and in errors). */
  readonly source: string;
}

export interface RegionInputs {
  /** The region an instance is known to live in: from its ARN, or from the listing it was picked from. */
  readonly instanceRegion?: string;
  readonly setting?: string;
  readonly profile?: ProfileEndpointConfig;
  readonly profileName?: string;
  readonly env: Env;
}

/** Instance (ARN) > extension setting > profile > AWS_REGION > AWS_DEFAULT_REGION; undefined means "ask". */
export function resolveRegion(inputs: RegionInputs): Resolved<string> | undefined {
  return firstOf([
    [inputs.instanceRegion, 'the instance ARN'],
    [inputs.setting, 'the connectFederation.region setting'],
    [inputs.profile?.region, `profile ${inputs.profileName ?? ''}`.trim()],
    [inputs.env.AWS_REGION, 'AWS_REGION'],
    [inputs.env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION'],
  ]);
}

export interface EndpointInputs {
  readonly setting?: string;
  readonly profile?: ProfileEndpointConfig;
  readonly profileName?: string;
  readonly env: Env;
  /** Whose endpoint: Amazon Connect's (the default), or STS's (where the extension asks who signed in). */
  readonly service?: 'connect' | 'sts';
}

export type EndpointResult =
  | { readonly ok: true; readonly endpoint?: Resolved<string> }
  | { readonly ok: false; readonly reason: string };

/**
 * Extension setting > AWS_ENDPOINT_URL_CONNECT > AWS_ENDPOINT_URL > the profile's services section >
 * the profile's endpoint_url > none (the SDK's default). For STS, the same with AWS_ENDPOINT_URL_STS
 * and the services section's sts.endpoint_url (the extension's setting is Connect's only). Like the AWS CLI, configured endpoints
 * (environment and config file, not our own setting) are skipped when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
 * says so, or, when that is not set, the profile's ignore_configured_endpoint_urls.
 * A user name and password in the URL are dropped: neither the SDK nor the CLI sends them to the
 * service (the request's SigV4 Authorization header takes their place), and so they never reach a
 * log line, a message or a copied command.
 */
export function resolveEndpoint(inputs: EndpointInputs): EndpointResult {
  const profileLabel = `profile ${inputs.profileName ?? ''}`.trim();
  const ignoreConfigured = cliBoolean(inputs.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) ?? inputs.profile?.ignoreConfiguredEndpointUrls ?? false;
  const sts = inputs.service === 'sts';
  const candidates: [string | undefined, string][] = sts ? [] : [[inputs.setting, 'the connectFederation.endpointUrl setting']];
  if (!ignoreConfigured) {
    const serviceVariable = sts ? 'AWS_ENDPOINT_URL_STS' : 'AWS_ENDPOINT_URL_CONNECT';
    candidates.push(
      [inputs.env[serviceVariable], serviceVariable],
      [inputs.env.AWS_ENDPOINT_URL, 'AWS_ENDPOINT_URL'],
    );
    if (!firstOf(candidates) && inputs.profile?.missingServicesSection !== undefined) {
      return {
        ok: false,
        reason: `${profileLabel} names the services section "${inputs.profile.missingServicesSection}", which is not in your AWS config file (the AWS CLI fails the same way). Add [services ${inputs.profile.missingServicesSection}] or remove the profile's services line.`,
      };
    }
    candidates.push(
      [sts ? inputs.profile?.stsEndpointUrl : inputs.profile?.connectEndpointUrl, `the services section of ${profileLabel}`],
      [inputs.profile?.endpointUrl, `endpoint_url of ${profileLabel}`],
    );
  }
  const endpoint = firstOf(candidates);
  if (!endpoint) {
    return { ok: true };
  }
  const url = parseHttpUrl(endpoint.value);
  if (!url) {
    return { ok: false, reason: `The endpoint URL from ${endpoint.source} is not an http(s) URL.` };
  }
  if (url.username || url.password) {
    url.username = '';
    url.password = '';
    return { ok: true, endpoint: { value: url.href, source: endpoint.source } };
  }
  return { ok: true, endpoint };
}

/** FIPS and dual-stack endpoints as the CLI decides them: AWS_USE_FIPS_ENDPOINT (if set), else the profile; likewise dual-stack. */
export function resolveEndpointVariant(profile: ProfileEndpointConfig | undefined, env: Env): { readonly useFipsEndpoint: boolean; readonly useDualstackEndpoint: boolean } {
  return {
    useFipsEndpoint: cliBoolean(env.AWS_USE_FIPS_ENDPOINT) ?? profile?.useFipsEndpoint ?? false,
    useDualstackEndpoint: cliBoolean(env.AWS_USE_DUALSTACK_ENDPOINT) ?? profile?.useDualstackEndpoint ?? false,
  };
}

/** The first non-blank candidate, with where it came from. */
export function firstOf(candidates: readonly (readonly [string | undefined, string])[]): Resolved<string> | undefined {
  for (const [value, source] of candidates) {
    const trimmed = value?.trim();
    if (trimmed) {
      return { value: trimmed, source };
    }
  }
  return undefined;
}

/** A setting read as botocore's ensure_boolean does: present means `true` (any case) or false; absent stays undefined. */
export function cliBoolean(value: string | undefined): boolean | undefined {
  return value === undefined ? undefined : value.toLowerCase() === 'true';
}

function parseHttpUrl(value: string): URL | undefined {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  return url && (url.protocol === 'http:' || url.protocol === 'https:') ? url : undefined;
}
