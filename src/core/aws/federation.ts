import { ConnectClient, GetFederationTokenCommand, InstanceSummary, paginateListInstances } from '@aws-sdk/client-connect';
import { FederationCredentials } from '../session';
import { exactEpochMs } from './exactTimestamps';

export interface FederationTokenResult {
  readonly credentials: FederationCredentials;
  readonly signInUrl: string;
  readonly userArn: string;
  readonly userId: string;
  /** The service's clock minus ours, as the SDK measured it from this response. */
  readonly clockOffsetMs: number;
}

/**
 * GetFederationToken for an instance ID; the abort signal cancels the request in flight.
 * When this machine's clock has jumped since the client last heard from the service, the service
 * refuses the signature's time; the SDK then corrects its clock offset from that answer but does not
 * always try again, so this does, once.
 */
export async function fetchFederationToken(client: ConnectClient, instanceId: string, signal?: AbortSignal): Promise<FederationTokenResult> {
  const send = () => client.send(new GetFederationTokenCommand({ InstanceId: instanceId }), { abortSignal: signal });
  const output = await send().catch((error: unknown) => {
    if (isSignatureTimeError(error)) {
      return send();
    }
    throw error;
  });
  const c = output.Credentials;
  // A response without SignInUrl is kept ('' stands for it), as the AWS CLI prints it.
  if (!c?.AccessToken || !c.AccessTokenExpiration || !c.RefreshToken || !c.RefreshTokenExpiration) {
    throw Object.assign(new Error('Amazon Connect returned an incomplete federation token (credentials missing).'), {
      name: 'IncompleteResponseError',
    });
  }
  return {
    credentials: {
      accessToken: c.AccessToken,
      accessTokenExpiration: exactEpochMs(output, 'AccessTokenExpiration') ?? c.AccessTokenExpiration.getTime(),
      refreshToken: c.RefreshToken,
      refreshTokenExpiration: exactEpochMs(output, 'RefreshTokenExpiration') ?? c.RefreshTokenExpiration.getTime(),
    },
    signInUrl: output.SignInUrl ?? '',
    userArn: output.UserArn ?? '',
    userId: output.UserId ?? '',
    clockOffsetMs: significantOffset(client.config.systemClockOffset ?? 0),
  };
}

function isSignatureTimeError(error: unknown): boolean {
  const e = error as { name?: string; message?: string };
  return e.name === 'InvalidSignatureException' && /Signature (expired|not yet current)/.test(e.message ?? '');
}

/** The Date header has one-second resolution: a smaller offset is noise, not skew. */
function significantOffset(offsetMs: number): number {
  return Math.abs(offsetMs) < 2_000 ? 0 : offsetMs;
}

export interface InstanceListing {
  readonly instanceId: string;
  readonly arn?: string;
  readonly alias?: string;
  readonly status?: string;
  readonly identityManagementType?: string;
}

/** Every instance of the client's region, page by page (ListInstances returns at most 10 a page). */
export async function* listInstances(client: ConnectClient, signal?: AbortSignal): AsyncGenerator<InstanceListing[]> {
  for await (const page of paginateListInstances({ client, pageSize: 10 }, {}, { abortSignal: signal })) {
    yield (page.InstanceSummaryList ?? []).filter((i): i is InstanceSummary & { Id: string } => !!i.Id).map(toListing);
  }
}

function toListing(i: InstanceSummary & { Id: string }): InstanceListing {
  return { instanceId: i.Id, arn: i.Arn, alias: i.InstanceAlias, status: i.InstanceStatus, identityManagementType: i.IdentityManagementType };
}
