import * as assert from 'node:assert/strict';
import { resolveEndpoint, resolveRegion } from '../../src/core/resolution';

describe('resolveRegion', () => {
  const all = {
    instanceRegion: 'eu-west-2',
    setting: 'ca-central-1',
    profile: { region: 'ap-southeast-2' },
    profileName: 'dev',
    env: { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'af-south-1' },
  };

  it('takes the instance ARN first, then the setting, the profile, AWS_REGION, AWS_DEFAULT_REGION', () => {
    assert.deepEqual(resolveRegion(all), { value: 'eu-west-2', source: 'the instance ARN' });
    assert.deepEqual(resolveRegion({ ...all, instanceRegion: undefined }), { value: 'ca-central-1', source: 'the connectFederation.region setting' });
    assert.deepEqual(resolveRegion({ ...all, instanceRegion: undefined, setting: '' }), { value: 'ap-southeast-2', source: 'profile dev' });
    assert.deepEqual(resolveRegion({ ...all, instanceRegion: undefined, setting: ' ', profile: {} }), { value: 'us-west-2', source: 'AWS_REGION' });
    assert.deepEqual(resolveRegion({ ...all, instanceRegion: undefined, setting: '', profile: undefined, env: { AWS_DEFAULT_REGION: 'af-south-1' } }), {
      value: 'af-south-1',
      source: 'AWS_DEFAULT_REGION',
    });
  });

  it('returns undefined when nothing names a region, so the user is asked', () => {
    assert.equal(resolveRegion({ env: {} }), undefined);
  });
});

describe('resolveEndpoint', () => {
  const profile = { endpointUrl: 'http://profile.example:1', connectEndpointUrl: 'http://services.example:2' };
  const env = { AWS_ENDPOINT_URL_CONNECT: 'http://connect-env.example:3', AWS_ENDPOINT_URL: 'http://global-env.example:4' };
  const endpoint = (inputs: Parameters<typeof resolveEndpoint>[0]) => {
    const result = resolveEndpoint(inputs);
    assert.ok(result.ok);
    return result.endpoint?.value;
  };

  it('takes the setting, then AWS_ENDPOINT_URL_CONNECT, AWS_ENDPOINT_URL, the services section, the profile endpoint_url', () => {
    assert.equal(endpoint({ setting: 'http://setting.example:5', profile, env }), 'http://setting.example:5');
    assert.equal(endpoint({ setting: '', profile, env }), 'http://connect-env.example:3');
    assert.equal(endpoint({ profile, env: { AWS_ENDPOINT_URL: env.AWS_ENDPOINT_URL } }), 'http://global-env.example:4');
    assert.equal(endpoint({ profile, env: {} }), 'http://services.example:2');
    assert.equal(endpoint({ profile: { endpointUrl: profile.endpointUrl }, env: {} }), 'http://profile.example:1');
  });

  it("for STS (who signed in): AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, the services section's sts, the profile endpoint_url; never Connect's own", () => {
    const sts = { ...profile, stsEndpointUrl: 'http://sts-services.example:6' };
    const stsEnv = { ...env, AWS_ENDPOINT_URL_STS: 'http://sts-env.example:7' };
    assert.equal(endpoint({ service: 'sts', setting: 'http://setting.example:5', profile: sts, env: stsEnv }), 'http://sts-env.example:7');
    assert.equal(endpoint({ service: 'sts', setting: 'http://setting.example:5', profile: sts, env }), 'http://global-env.example:4');
    assert.equal(endpoint({ service: 'sts', setting: 'http://setting.example:5', profile: sts, env: { AWS_ENDPOINT_URL_CONNECT: env.AWS_ENDPOINT_URL_CONNECT } }), 'http://sts-services.example:6');
    assert.equal(endpoint({ service: 'sts', setting: 'http://setting.example:5', profile, env: {} }), 'http://profile.example:1');
    assert.equal(endpoint({ service: 'sts', setting: 'http://setting.example:5', env: {} }), undefined, "the extension's endpoint setting is Connect's");
    assert.equal(endpoint({ service: 'sts', profile: sts, env: { ...stsEnv, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' } }), undefined);
  });

  it('leaves the endpoint to the SDK when none is configured', () => {
    assert.equal(endpoint({ env: {} }), undefined);
  });

  it('skips configured endpoints (not its own setting) when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true', () => {
    assert.equal(endpoint({ profile, env: { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' } }), undefined);
    assert.equal(endpoint({ profile: { ...profile, ignoreConfiguredEndpointUrls: true }, env }), undefined);
    assert.equal(endpoint({ setting: 'http://setting.example:5', profile, env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'TRUE' } }), 'http://setting.example:5');
  });

  it('refuses an endpoint that is not an http(s) URL, naming where it came from', () => {
    const result = resolveEndpoint({ setting: 'localhost:4566', env: {} });
    assert.equal(result.ok, false);
    assert.match((result as { reason: string }).reason, /connectFederation.endpointUrl setting is not an http\(s\) URL/);
  });
});
