import * as assert from 'node:assert/strict';
import { cliJson, environmentVariables, pythonIsoformat, shellOf } from '../../src/core/exportFormats';
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

  it('writes environment variables for the shell in use, quoted', () => {
    assert.match(environmentVariables(session, 'posix'), /^export CONNECT_INSTANCE_ID='5d5c4f2e-1111-4a2b-9c3d-0123456789ab'$/m);
    assert.match(environmentVariables(session, 'posix'), /^export CONNECT_REFRESH_TOKEN='EMURT-it'\\''s'$/m);
    assert.match(environmentVariables(session, 'powershell'), /^\$env:CONNECT_REFRESH_TOKEN = 'EMURT-it''s'$/m);
    assert.match(environmentVariables(session, 'cmd'), /^set "CONNECT_ACCESS_TOKEN=EMUAT-access"$/m);
    assert.equal(environmentVariables(session, 'posix').split('\n').length, 9);
  });

  it('tells the shell family from the default shell path', () => {
    assert.equal(shellOf('/bin/bash'), 'posix');
    assert.equal(shellOf('C:\\Program Files\\PowerShell\\7\\pwsh.exe'), 'powershell');
    assert.equal(shellOf('C:\\Windows\\System32\\cmd.exe'), 'cmd');
    assert.equal(shellOf(''), 'posix');
  });
});
