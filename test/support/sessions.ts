import { FederationSession, sessionId } from '../../src/core/session';

/** A session with recognisable fake secrets. */
export function sampleSession(overrides: Partial<FederationSession> = {}): FederationSession {
  const base = { profile: 'dev', instanceId: '5d5c4f2e-1111-4a2b-9c3d-0123456789ab', region: 'us-east-1', ...overrides };
  return {
    id: sessionId(base),
    fetchedAt: 1_000,
    credentials: { accessToken: 'EMUAT-secret-access', accessTokenExpiration: 3_600_000, refreshToken: 'EMURT-secret-refresh', refreshTokenExpiration: 43_200_000 },
    signInUrl: 'https://demo.my.connect.aws/auth/sign-in?token=EMUSI-secret',
    userArn: 'arn:aws:connect:us-east-1:123456789012:instance/x/agent/y',
    userId: 'y',
    ...base,
  };
}
