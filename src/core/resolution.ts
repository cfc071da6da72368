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
  readonly ignoreConfiguredEndpointUrls?: boolean;
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
}

export type EndpointResult =
  | { readonly ok: true; readonly endpoint?: Resolved<string> }
  | { readonly ok: false; readonly reason: string };

/**
 * Extension setting > AWS_ENDPOINT_URL_CONNECT > AWS_ENDPOINT_URL > the profile's services section >
 * the profile's endpoint_url > none (the SDK's default). Like the AWS CLI, configured endpoints
 * (environment and config file, not our own setting) are skipped when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
 * or the profile's ignore_configured_endpoint_urls is true.
 */
export function resolveEndpoint(inputs: EndpointInputs): EndpointResult {
  const profileLabel = `profile ${inputs.profileName ?? ''}`.trim();
  const ignoreConfigured =
    isTrue(inputs.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) || inputs.profile?.ignoreConfiguredEndpointUrls === true;
  const candidates: [string | undefined, string][] = [[inputs.setting, 'the connectFederation.endpointUrl setting']];
  if (!ignoreConfigured) {
    candidates.push(
      [inputs.env.AWS_ENDPOINT_URL_CONNECT, 'AWS_ENDPOINT_URL_CONNECT'],
      [inputs.env.AWS_ENDPOINT_URL, 'AWS_ENDPOINT_URL'],
      [inputs.profile?.connectEndpointUrl, `the services section of ${profileLabel}`],
      [inputs.profile?.endpointUrl, `endpoint_url of ${profileLabel}`],
    );
  }
  const endpoint = firstOf(candidates);
  if (endpoint && !isHttpUrl(endpoint.value)) {
    return { ok: false, reason: `The endpoint URL from ${endpoint.source} is not an http(s) URL.` };
  }
  return { ok: true, endpoint };
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

function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
