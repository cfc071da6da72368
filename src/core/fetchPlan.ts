/** Everything a request needs, resolved from the picks, settings and environment. */
import { assumesRole } from './connectUser';
import { InstanceRef } from './instanceRef';
import { ProfileSummary } from './profiles';
import { Env, Resolved, resolveEndpoint, resolveRegion } from './resolution';
import { Transport, TransportSettings, resolveTransport } from './transport';

export interface FetchPlan {
  readonly profile: string;
  /** Whether the profile exists in the shared files (or is the environment entry). */
  readonly profileExists: boolean;
  readonly instanceId: string;
  readonly instanceAlias?: string;
  readonly region: string;
  readonly regionSource: string;
  readonly endpoint?: string;
  readonly endpointSource?: string;
  readonly transport: Transport;
  /** The role session name chosen instead of the profile's: the Connect user to sign in as. */
  readonly roleSessionName?: string;
  /** Whether the profile assumes a role, so that another role session name (another Connect user) can be chosen. */
  readonly assumesRole: boolean;
  /** Where to ask STS who signed in, when configured (else the region's STS). */
  readonly stsEndpoint?: string;
}

/** The extension's settings that decide where and how requests go. */
export interface ConnectionSettings extends TransportSettings {
  readonly region: string;
  readonly endpointUrl: string;
}

export interface ConnectionInputs {
  readonly profileName: string;
  /** Undefined when the profile is in neither shared file. */
  readonly profile?: ProfileSummary;
  /** The region an instance is known to live in (its ARN, or where it was listed). */
  readonly instanceRegion?: string;
  /** A region the user picked when nothing else gave one. */
  readonly pickedRegion?: string;
  readonly settings: ConnectionSettings;
  readonly env: Env;
}

export interface Connection {
  readonly region?: Resolved<string>;
  readonly endpoint?: Resolved<string>;
  readonly stsEndpoint?: Resolved<string>;
  readonly transport: Transport;
}

export type ConnectionResult = ({ readonly ok: true } & Connection) | { readonly ok: false; readonly reason: string };

/** Region (undefined: ask the user), endpoint and transport for a profile, before or after the instance is known. */
export function resolveConnection(inputs: ConnectionInputs): ConnectionResult {
  const endpointInputs = { setting: inputs.settings.endpointUrl, profile: inputs.profile?.endpoints, profileName: inputs.profileName, env: inputs.env };
  const endpoint = resolveEndpoint(endpointInputs);
  if (!endpoint.ok) {
    return endpoint;
  }
  const stsEndpoint = resolveEndpoint({ ...endpointInputs, service: 'sts' });
  const region =
    resolveRegion({
      instanceRegion: inputs.instanceRegion,
      setting: inputs.settings.region,
      profile: inputs.profile?.endpoints,
      profileName: inputs.profileName,
      env: inputs.env,
    }) ?? (inputs.pickedRegion ? { value: inputs.pickedRegion, source: 'your pick' } : undefined);
  const transport = resolveTransport(inputs.settings, inputs.env, inputs.profile?.settings);
  return { ok: true, region, endpoint: endpoint.endpoint, stsEndpoint: stsEndpoint.ok ? stsEndpoint.endpoint : undefined, transport };
}

/** The plan for an instance, once the connection has a region; `roleSessionName`: one chosen instead of the profile's. */
export function planFetch(
  inputs: ConnectionInputs,
  connection: Connection & { readonly region: Resolved<string> },
  instance: InstanceRef & { readonly alias?: string },
  roleSessionName?: string,
): FetchPlan {
  return {
    profile: inputs.profileName,
    profileExists: inputs.profile !== undefined,
    instanceId: instance.instanceId,
    instanceAlias: instance.alias,
    region: connection.region.value,
    regionSource: connection.region.source,
    endpoint: connection.endpoint?.value,
    endpointSource: connection.endpoint?.source,
    transport: connection.transport,
    ...(roleSessionName !== undefined && { roleSessionName }),
    assumesRole: inputs.profile !== undefined && assumesRole(inputs.profile),
    stsEndpoint: connection.stsEndpoint?.value,
  };
}
