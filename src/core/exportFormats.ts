/** A session in the forms people paste elsewhere: the AWS CLI's JSON, and environment variables. */
import { FederationSession } from './session';
import { Shell, assignment } from './shellQuote';


/**
 * Exactly what `aws connect get-federation-token` prints with ISO 8601 timestamps (AWS CLI v2's
 * default, `cli_timestamp_format = iso8601`): local time as Python's isoformat writes it, four-space
 * indent, the service model's key order, and no key for what the service did not send (an empty
 * SignInUrl, UserArn or UserId here).
 */
export function cliJson(session: FederationSession): string {
  const output = {
    Credentials: {
      AccessToken: session.credentials.accessToken,
      AccessTokenExpiration: pythonIsoformat(session.credentials.accessTokenExpiration),
      RefreshToken: session.credentials.refreshToken,
      RefreshTokenExpiration: pythonIsoformat(session.credentials.refreshTokenExpiration),
    },
    SignInUrl: session.signInUrl || undefined,
    UserArn: session.userArn || undefined,
    UserId: session.userId || undefined,
  };
  return JSON.stringify(output, null, 4);
}

/**
 * "2026-11-30T01:53:12.895123+01:00": the instant (epoch milliseconds, to the microsecond) in this
 * machine's time zone, as botocore's datetime.fromtimestamp(…, tzlocal()).isoformat() writes it —
 * no fraction on a whole second, the offset in hours and minutes (and seconds when it has them).
 */
export function pythonIsoformat(epochMs: number): string {
  const micros = Math.round(epochMs * 1000);
  const fraction = ((micros % 1_000_000) + 1_000_000) % 1_000_000;
  const whole = new Date((micros - fraction) / 1000);
  const offsetSeconds = Math.round(-whole.getTimezoneOffset() * 60);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const date = `${pad(whole.getFullYear(), 4)}-${pad(whole.getMonth() + 1)}-${pad(whole.getDate())}`;
  const time = `${pad(whole.getHours())}:${pad(whole.getMinutes())}:${pad(whole.getSeconds())}${fraction ? `.${pad(fraction, 6)}` : ''}`;
  const abs = Math.abs(offsetSeconds);
  const offset = `${offsetSeconds < 0 ? '-' : '+'}${pad(Math.floor(abs / 3600))}:${pad(Math.floor(abs / 60) % 60)}${abs % 60 ? `:${pad(abs % 60)}` : ''}`;
  return `${date}T${time}${offset}`;
}

/** CONNECT_INSTANCE_ID, CONNECT_ACCESS_TOKEN …: a session as environment variables, by name. */
export function sessionVariables(session: FederationSession): [string, string][] {
  return [
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
}

/**
 * CONNECT_ACCESS_TOKEN … as lines to paste into a shell (or a .env file, for POSIX); a value cmd.exe
 * cannot take (a line break) throws UnquotableError rather than becoming a second command.
 */
export function environmentVariables(session: FederationSession, shell: Shell): string {
  return sessionVariables(session).map(([name, value]) => assignment(name, value, shell)).join('\n');
}
