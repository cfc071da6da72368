import * as assert from 'node:assert/strict';
import { cliJson, environmentVariables, pythonIsoformat } from '../../src/core/exportFormats';
import { sampleSession } from '../support/sessions';

describe('export formats', () => {
  const session = sampleSession({
    credentials: {
      accessToken: 'EMUAT-access',
      accessTokenExpiration: Date.UTC(2026, 10, 30, 0, 53, 12, 895),
      refreshToken: "EMURT-it's",
      refreshTokenExpiration: Date.UTC(2026, 10, 30, 11, 53, 12),
    },
  });

  it('prints the session exactly as aws connect get-federation-token does', () => {
    assert.equal(
      cliJson(session),
      [
        '{',
        '    "Credentials": {',
        '        "AccessToken": "EMUAT-access",',
        '        "AccessTokenExpiration": "2026-11-30T00:53:12.895000+00:00",',
        '        "RefreshToken": "EMURT-it\'s",',
        '        "RefreshTokenExpiration": "2026-11-30T11:53:12+00:00"',
        '    },',
        `    "SignInUrl": "${session.signInUrl}",`,
        `    "UserArn": "${session.userArn}",`,
        `    "UserId": "${session.userId}"`,
        '}',
      ].join('\n'),
    );
    assert.equal(pythonIsoformat(Date.UTC(2026, 0, 1, 0, 0, 0, 5)), '2026-01-01T00:00:00.005000+00:00');
  });

  describe('in the local time zone, as the AWS CLI prints it', () => {
    const saved = process.env.TZ;
    afterEach(() => {
      if (saved === undefined) {
        delete process.env.TZ;
      } else {
        process.env.TZ = saved;
      }
    });

    it('writes the local offset, in winter and in summer, in half hours too', () => {
      process.env.TZ = 'Europe/Paris';
      assert.equal(pythonIsoformat(Date.UTC(2026, 10, 30, 0, 53, 12, 895)), '2026-11-30T01:53:12.895000+01:00');
      assert.equal(pythonIsoformat(Date.UTC(2026, 6, 1, 22, 30, 0)), '2026-07-02T00:30:00+02:00');
      process.env.TZ = 'America/St_Johns';
      assert.equal(pythonIsoformat(Date.UTC(2026, 0, 1, 2, 0, 0)), '2025-12-31T22:30:00-03:30');
      process.env.TZ = 'Asia/Kolkata';
      assert.equal(pythonIsoformat(Date.UTC(2026, 0, 1, 0, 0, 0)), '2026-01-01T05:30:00+05:30');
    });

    it('keeps microseconds and never rounds up to the next second', () => {
      process.env.TZ = 'UTC';
      assert.equal(pythonIsoformat(1_700_000_000_123.456), '2023-11-14T22:13:20.123456+00:00');
      assert.equal(pythonIsoformat(1_700_000_000_999.6), '2023-11-14T22:13:20.999600+00:00');
      assert.equal(pythonIsoformat(1_700_000_000_000.001), '2023-11-14T22:13:20.000001+00:00');
    });

    it('leaves out what the service did not send', () => {
      process.env.TZ = 'UTC';
      const bare = JSON.parse(cliJson(sampleSession({ signInUrl: '', userArn: '', userId: '' }))) as Record<string, unknown>;
      assert.deepEqual(Object.keys(bare), ['Credentials']);
    });
  });

  it('writes environment variables for the shell in use, quoted', () => {
    assert.match(environmentVariables(session, 'posix'), /^export CONNECT_INSTANCE_ID='5d5c4f2e-1111-4a2b-9c3d-0123456789ab'$/m);
    assert.match(environmentVariables(session, 'posix'), /^export CONNECT_REFRESH_TOKEN='EMURT-it'\\''s'$/m);
    assert.match(environmentVariables(session, 'powershell'), /^\$env:CONNECT_REFRESH_TOKEN = 'EMURT-it''s'$/m);
    assert.match(environmentVariables(session, 'cmd'), /^set CONNECT_ACCESS_TOKEN=EMUAT-access$/m);
    assert.match(environmentVariables(session, 'fish'), /^set -gx CONNECT_REFRESH_TOKEN 'EMURT-it\\'s'$/m);
    assert.equal(environmentVariables(session, 'posix').split('\n').length, 9);
  });
});
