/** A session in the forms people paste elsewhere: the AWS CLI's JSON, and environment variables. */
import { FederationSession } from './session';

/**
 * Exactly what `aws connect get-federation-token` prints (AWS CLI v2: timestamps in ISO 8601, UTC,
 * as Python's isoformat writes them; four-space indent; the service model's key order).
 */
export function cliJson(session: FederationSession): string {
  const output = {
    Credentials: {
      AccessToken: session.credentials.accessToken,
      AccessTokenExpiration: pythonIsoformat(session.credentials.accessTokenExpiration),
      RefreshToken: session.credentials.refreshToken,
      RefreshTokenExpiration: pythonIsoformat(session.credentials.refreshTokenExpiration),
    },
    SignInUrl: session.signInUrl,
    UserArn: session.userArn,
    UserId: session.userId,
  };
  return JSON.stringify(output, null, 4);
}

/** "2026-11-30T00:53:12.895000+00:00", or without the fraction on a whole second, as datetime.isoformat() writes it. */
export function pythonIsoformat(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2026-11-30T00:53:12.895Z
  const millis = epochMs % 1000;
  return `${iso.slice(0, 19)}${millis === 0 ? '' : `.${String(millis).padStart(3, '0')}000`}+00:00`;
}

export type Shell = 'posix' | 'powershell' | 'cmd';

/** The shell family of VS Code's default terminal shell (vscode.env.shell). */
export function shellOf(shellPath: string): Shell {
  if (/(pwsh|powershell)(\.exe)?$/i.test(shellPath)) {
    return 'powershell';
  }
  return /cmd(\.exe)?$/i.test(shellPath) ? 'cmd' : 'posix';
}

/** CONNECT_ACCESS_TOKEN … as lines to paste into a shell (or a .env file, for POSIX). */
export function environmentVariables(session: FederationSession, shell: Shell): string {
  const variables: [string, string][] = [
    ['CONNECT_INSTANCE_ID', session.instanceId],
    ['CONNECT_REGION', session.region],
    ['CONNECT_ACCESS_TOKEN', session.credentials.accessToken],
    ['CONNECT_ACCESS_TOKEN_EXPIRATION', pythonIsoformat(session.credentials.accessTokenExpiration)],
    ['CONNECT_REFRESH_TOKEN', session.credentials.refreshToken],
    ['CONNECT_REFRESH_TOKEN_EXPIRATION', pythonIsoformat(session.credentials.refreshTokenExpiration)],
    ['CONNECT_SIGN_IN_URL', session.signInUrl],
    ['CONNECT_USER_ARN', session.userArn],
    ['CONNECT_USER_ID', session.userId],
  ];
  const line = {
    posix: (name: string, value: string) => `export ${name}='${value.replace(/'/g, `'\\''`)}'`,
    powershell: (name: string, value: string) => `$env:${name} = '${value.replace(/'/g, "''")}'`,
    // cmd has no quoting for values; `set "NAME=value"` keeps & and | literal.
    cmd: (name: string, value: string) => `set "${name}=${value}"`,
  }[shell];
  return variables.map(([name, value]) => line(name, value)).join('\n');
}
