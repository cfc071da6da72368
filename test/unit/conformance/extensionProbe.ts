/**
 * What the extension resolves for a profile, by its real code path: the profile list, the
 * connection (region, endpoint, transport), the Connect client and its credentials, up to the
 * signed GetFederationToken request — which is answered here instead of being sent.
 */
import { HttpResponse } from '@smithy/core/protocols';
import { ConnectClients } from '../../../src/core/aws/connectClients';
import { fetchFederationToken, FederationTokenResult } from '../../../src/core/aws/federation';
import { listProfiles } from '../../../src/core/aws/sharedConfig';
import { resolveConnection } from '../../../src/core/fetchPlan';
import { DEFAULT_CONNECTION_SETTINGS } from '../../../src/core/settingsTable';
import { ProfileKind } from '../../../src/core/profiles';

export interface Resolution {
  readonly listed: boolean;
  readonly kind?: ProfileKind;
  readonly region?: string;
  readonly host?: string;
  readonly signingRegion?: string;
  readonly accessKeyId?: string;
  readonly error?: string;
  readonly cliNotes?: readonly string[];
  readonly result?: FederationTokenResult;
}

/** Runs `body` with exactly `env` for the AWS variables and HOME (the rest of process.env kept). */
export async function withEnv<T>(env: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('AWS_') || ['HOME', 'USERPROFILE', 'NO_PROXY', 'no_proxy', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'TZ'].includes(name)) {
      delete process.env[name];
    }
  }
  Object.assign(process.env, env);
  try {
    return await body();
  } finally {
    for (const name of Object.keys(process.env)) {
      if (!(name in saved)) {
        delete process.env[name];
      }
    }
    Object.assign(process.env, saved);
  }
}

/** The extension's answer for `profile` under the current process.env (see withEnv). */
export async function resolveLikeTheExtension(profile: string, instanceId: string, body: string): Promise<Resolution> {
  const summary = (await listProfiles()).find((p) => p.name === profile);
  if (!summary) {
    return { listed: false };
  }
  const base = { listed: true, kind: summary.kind, cliNotes: summary.cliNotes };
  const connection = resolveConnection({ profileName: profile, profile: summary, settings: DEFAULT_CONNECTION_SETTINGS, env: process.env });
  if (!connection.ok) {
    return { ...base, error: connection.reason };
  }
  if (!connection.region) {
    return { ...base, error: 'no region' };
  }
  const clients = new ConnectClients();
  try {
    const client = clients.get({ profile, region: connection.region.value, endpoint: connection.endpoint?.value, transport: connection.transport });
    // The signed GetFederationToken goes to this handler instead of the network (the SDK's last
    // step); STS and SSO clients, which inherit the handler, still reach the emulator.
    type Request = { hostname?: string; port?: number; path?: string; headers: Record<string, string> };
    let signed: Request | undefined;
    const config = client.config as unknown as { requestHandler: { handle(request: Request, options?: unknown): Promise<unknown> } };
    const network = config.requestHandler;
    config.requestHandler = {
      handle: async (request, options) => {
        if (!request.path?.startsWith('/user/federate/')) {
          return network.handle(request, options);
        }
        signed = request;
        return { response: new HttpResponse({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body) }) };
      },
    };
    const result = await fetchFederationToken(client, instanceId);
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\//.exec(signed?.headers.authorization ?? '');
    return {
      ...base,
      region: connection.region.value,
      host: signed && `${signed.hostname}${signed.port ? `:${signed.port}` : ''}`,
      signingRegion: scope?.[2],
      accessKeyId: scope?.[1],
      result,
    };
  } catch (error) {
    return { ...base, region: connection.region.value, error: `${(error as Error).name}: ${(error as Error).message}` };
  } finally {
    clients.reset();
  }
}
