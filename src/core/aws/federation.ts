import { ConnectClient, GetFederationTokenCommand, InstanceSummary, ListInstancesCommand } from '@aws-sdk/client-connect';
import { isInstanceId } from '../instanceRef';
import { FederationCredentials } from '../session';
import { tokenProblem } from '../sessionParser';
import { isInstanceAlias, isText } from '../untrusted';
import { exactEpochMs } from './exactTimestamps';

export interface FederationTokenResult {
  readonly credentials: FederationCredentials;
  readonly signInUrl: string;
  readonly userArn: string;
  readonly userId: string;
  /** The service's clock minus ours, as the SDK measured it from this response. */
  readonly clockOffsetMs: number;
}

/** An answer that is well-formed on the wire but not a usable one (types, ranges, URL scheme, size). */
export class InvalidResponseError extends Error {
  override readonly name = 'InvalidResponseError';
}

/**
 * GetFederationToken for an instance ID; the abort signal cancels the request in flight.
 * When this machine's clock has jumped since the client last heard from the service, the service
 * refuses the signature's time; the SDK then corrects its clock offset from that answer but does not
 * always try again, so this does, once. What comes back is checked before anyone sees it: a token
 * that fails (an impossible date, a sign-in URL that is not https …) is an InvalidResponseError.
 */
export async function fetchFederationToken(
  client: ConnectClient,
  instanceId: string,
  options: { readonly signal?: AbortSignal; readonly endpoint?: string } = {},
): Promise<FederationTokenResult> {
  const send = () => client.send(new GetFederationTokenCommand({ InstanceId: instanceId }), { abortSignal: options.signal });
  const output = await send().catch((error: unknown) => {
    if (isSignatureTimeError(error)) {
      return send();
    }
    throw error;
  });
  const c = output.Credentials;
  const result: FederationTokenResult = {
    credentials: {
      accessToken: c?.AccessToken as string,
      accessTokenExpiration: (exactEpochMs(output, 'AccessTokenExpiration') ?? c?.AccessTokenExpiration?.getTime()) as number,
      refreshToken: c?.RefreshToken as string,
      refreshTokenExpiration: (exactEpochMs(output, 'RefreshTokenExpiration') ?? c?.RefreshTokenExpiration?.getTime()) as number,
    },
    // A response without SignInUrl is kept ('' stands for it), as the AWS CLI prints it.
    signInUrl: output.SignInUrl ?? '',
    userArn: output.UserArn ?? '',
    userId: output.UserId ?? '',
    clockOffsetMs: significantOffset(client.config.systemClockOffset ?? 0),
  };
  const problem = tokenProblem({ ...result }, options.endpoint);
  if (problem) {
    throw new InvalidResponseError(`Amazon Connect answered with a federation token that cannot be used: ${problem}.`);
  }
  return result;
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

/** 500 instances: far above Connect's instances-per-account quota, so a service that pages on and on is cut off. */
export const MAX_INSTANCE_PAGES = 50;
const MAX_NEXT_TOKEN_LENGTH = 8 * 1024;

/**
 * Every instance of the client's region, page by page (ListInstances returns at most 10 a page).
 * Paging stops at a NextToken already seen (a service that would loop forever) and after
 * MAX_INSTANCE_PAGES; entries without a usable ID are left out, malformed fields dropped.
 */
export async function* listInstances(client: ConnectClient, signal?: AbortSignal): AsyncGenerator<InstanceListing[]> {
  const seen = new Set<string>();
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_INSTANCE_PAGES; page++) {
    const output = await client.send(new ListInstancesCommand({ MaxResults: 10, NextToken: nextToken }), { abortSignal: signal });
    yield (Array.isArray(output.InstanceSummaryList) ? output.InstanceSummaryList : []).flatMap(toListing);
    nextToken = output.NextToken;
    if (typeof nextToken !== 'string' || nextToken === '' || nextToken.length > MAX_NEXT_TOKEN_LENGTH || seen.has(nextToken)) {
      return;
    }
    seen.add(nextToken);
  }
}

function toListing(i: InstanceSummary): InstanceListing[] {
  if (typeof i?.Id !== 'string' || !isInstanceId(i.Id)) {
    return [];
  }
  const text = (value: unknown, max: number): string | undefined => (isText(value, max) ? value : undefined);
  return [
    {
      instanceId: i.Id.toLowerCase(),
      arn: text(i.Arn, 2048),
      alias: isInstanceAlias(i.InstanceAlias) ? i.InstanceAlias : undefined,
      status: text(i.InstanceStatus, 64),
      identityManagementType: text(i.IdentityManagementType, 64),
    },
  ];
}
