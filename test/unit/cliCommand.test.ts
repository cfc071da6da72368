import * as assert from 'node:assert/strict';
import { awsCliCommand } from '../../src/core/cliCommand';
import { ENVIRONMENT_PROFILE } from '../../src/core/session';
import { DEFAULT_TRANSPORT } from '../../src/core/transport';

const ID = 'c3a7e9d1-4b2f-4e6a-9d8c-1f2e3a4b5c6d';

describe('awsCliCommand', () => {
  it('names the instance, region and profile', () => {
    assert.equal(
      awsCliCommand({ profile: 'dev', instanceId: ID, region: 'eu-west-2' }, 'linux'),
      `aws connect get-federation-token --instance-id ${ID} --region eu-west-2 --profile dev`,
    );
  });

  it('leaves the profile out for environment credentials and adds the endpoint and transport options', () => {
    const transport = { ...DEFAULT_TRANSPORT, caBundle: { value: '/etc/ca.pem', source: 'x' }, verifyTls: false, readTimeoutMs: 5000 };
    assert.equal(
      awsCliCommand({ profile: ENVIRONMENT_PROFILE, instanceId: ID, region: 'us-east-1', endpoint: 'http://127.0.0.1:4599', transport }, 'linux'),
      `aws connect get-federation-token --instance-id ${ID} --region us-east-1 --endpoint-url http://127.0.0.1:4599 --ca-bundle /etc/ca.pem --no-verify-ssl --cli-read-timeout 5`,
    );
  });

  it('quotes what the shell would split or expand', () => {
    const command = (profile: string, shell: Parameters<typeof awsCliCommand>[1]) => awsCliCommand({ profile, instanceId: ID, region: 'us-east-1' }, shell);
    assert.match(command("o'brien dev", 'linux'), / --profile 'o'\\''brien dev'$/);
    // Windows: VS Code's default terminal is PowerShell, whose single quotes expand nothing.
    assert.match(command('my dev', 'win32'), / --profile 'my dev'$/);
    assert.match(command('$(whoami)', 'powershell'), / --profile '\$\(whoami\)'$/);
    assert.match(command('it’s', 'powershell'), / --profile 'it’’s'$/);
    assert.match(command('@team', 'powershell'), / --profile '@team'$/);
    assert.match(command('a,b', 'powershell'), / --profile 'a,b'$/);
    assert.match(command('a b&whoami', 'cmd'), / --profile \^"a b\^&whoami\^"$/);
    assert.match(command('100%PATH%', 'cmd'), / --profile 100%\^PATH%$/);
  });

  it('writes --profile=-x for a name the CLI would take for an option, and quotes a leading = for zsh', () => {
    const command = (profile: string) => awsCliCommand({ profile, instanceId: ID, region: 'us-east-1' }, 'posix');
    assert.match(command('-x'), / --profile=-x$/);
    assert.match(command('-x y'), / '--profile=-x y'$/);
    assert.match(command('=ls'), / --profile '=ls'$/);
    assert.match(command('a=b'), / --profile a=b$/);
  });

  it('writes timeouts as whole seconds', () => {
    const transport = { ...DEFAULT_TRANSPORT, connectTimeoutMs: 3000, readTimeoutMs: 0 };
    assert.match(awsCliCommand({ profile: 'dev', instanceId: ID, region: 'us-east-1', transport }, 'posix'), / --cli-connect-timeout 3 --cli-read-timeout 0$/);
  });
});
