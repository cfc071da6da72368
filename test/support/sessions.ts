import { FederationSession, sessionId } from '../../src/core/session';

/** When sampleSession's token was fetched: a fixed instant, so expectations can name dates. */
export const SAMPLE_FETCHED_AT = Date.UTC(2026, 10, 30, 0, 0, 0);

/** A session with recognisable fake secrets; its access token lives an hour, its refresh token twelve. */
export function sampleSession(overrides: Partial<FederationSession> = {}): FederationSession {
  const base = { profile: 'dev', instanceId: '5d5c4f2e-1111-4a2b-9c3d-0123456789ab', region: 'us-east-1', ...overrides };
  return {
    id: sessionId(base),
    fetchedAt: SAMPLE_FETCHED_AT,
    credentials: {
      accessToken: 'EMUAT-secret-access',
      accessTokenExpiration: SAMPLE_FETCHED_AT + 3_600_000,
      refreshToken: 'EMURT-secret-refresh',
      refreshTokenExpiration: SAMPLE_FETCHED_AT + 43_200_000,
    },
    signInUrl: 'https://demo.my.connect.aws/auth/sign-in?token=EMUSI-secret',
    userArn: 'arn:aws:connect:us-east-1:123456789012:instance/x/agent/y',
    userId: 'y',
    ...base,
  };
}
