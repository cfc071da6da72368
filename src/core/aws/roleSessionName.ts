/**
 * A role profile's credentials under a role session name of the user's choosing (the Connect user
 * to sign in as). fromIni takes the role assumers it calls STS through as options; these are the
 * SDK's own (getDefaultRoleAssumer and getDefaultRoleAssumerWithWebIdentity of
 * @aws-sdk/nested-clients, built with the configuration fromIni would build them with) with
 * RoleSessionName replaced on the last hop only: the AssumeRole of the picked profile's role_arn
 * (source profiles along the chain keep their own names), or the profile's AssumeRoleWithWebIdentity.
 */
import type { fromIni } from '@aws-sdk/credential-providers';
import { getDefaultRoleAssumer, getDefaultRoleAssumerWithWebIdentity } from '@aws-sdk/nested-clients/sts';
import { profileKind } from '../profiles';

type FromIniInit = NonNullable<Parameters<typeof fromIni>[0]>;
type Settings = Readonly<Record<string, string | undefined>>;

/**
 * fromIni's role assumer options for a profile (its settings as the shared files give them) whose
 * own role is assumed with `roleSessionName`. `clientConfig`: what fromIni gets as its clientConfig.
 */
export function roleAssumersWithSessionName(
  settings: Settings,
  roleSessionName: string,
  clientConfig: Record<string, unknown>,
): Pick<FromIniInit, 'roleAssumer' | 'roleAssumerWithWebIdentity'> {
  const roleArn = settings.role_arn;
  if (profileKind(settings) === 'webIdentity') {
    // As fromIni → fromWebToken builds it when given none (its region: the caller's, else STS's default chain).
    const assume = getDefaultRoleAssumerWithWebIdentity({ ...clientConfig, parentClientConfig: {} });
    return { roleAssumerWithWebIdentity: (params) => assume(params.RoleArn === roleArn ? { ...params, RoleSessionName: roleSessionName } : params) };
  }
  // As resolveAssumeRoleCredentials builds it when given none: the picked profile's region first. (A
  // source profile assuming this very role again would get the name too: there is no telling the hops apart.)
  const assume = getDefaultRoleAssumer({ ...clientConfig, parentClientConfig: settings.region ? { region: settings.region } : {} });
  return { roleAssumer: (sourceCreds, params) => assume(sourceCreds, params.RoleArn === roleArn ? { ...params, RoleSessionName: roleSessionName } : params) };
}
