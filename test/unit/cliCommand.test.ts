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
    assert.match(awsCliCommand({ profile: "o'brien dev", instanceId: ID, region: 'us-east-1' }, 'linux'), / --profile 'o'\\''brien dev'$/);
    assert.match(awsCliCommand({ profile: 'my dev', instanceId: ID, region: 'us-east-1' }, 'win32'), / --profile "my dev"$/);
  });
});
