import * as assert from 'node:assert/strict';
import { parseInstanceInput } from '../../src/core/instanceRef';

const ID = '5d5c4f2e-1111-4a2b-9c3d-0123456789ab';

describe('parseInstanceInput', () => {
  const valid: [string, string, { instanceId: string; region?: string; partition?: string; accountId?: string }][] = [
    ['a bare instance ID', ID, { instanceId: ID }],
    ['an ID with surrounding spaces', `  ${ID}\n`, { instanceId: ID }],
    ['an upper-case ID (normalised)', ID.toUpperCase(), { instanceId: ID }],
    ['an instance ARN', `arn:aws:connect:us-east-1:123456789012:instance/${ID}`, { instanceId: ID, region: 'us-east-1', partition: 'aws', accountId: '123456789012' }],
    ['a GovCloud ARN', `arn:aws-us-gov:connect:us-gov-west-1:123456789012:instance/${ID}`, { instanceId: ID, region: 'us-gov-west-1', partition: 'aws-us-gov' }],
    ['a China ARN', `arn:aws-cn:connect:cn-north-1:123456789012:instance/${ID}`, { instanceId: ID, region: 'cn-north-1', partition: 'aws-cn' }],
    ['an agent ARN (sub-resource)', `arn:aws:connect:eu-west-2:123456789012:instance/${ID}/agent/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab`, { instanceId: ID, region: 'eu-west-2' }],
    ['a queue ARN (sub-resource)', `arn:aws:connect:ap-southeast-2:123456789012:instance/${ID}/queue/abc`, { instanceId: ID, region: 'ap-southeast-2' }],
  ];
  for (const [name, input, expected] of valid) {
    it(`accepts ${name}`, () => {
      const result = parseInstanceInput(input);
      assert.ok(result.ok, !result.ok ? result.reason : '');
      for (const [key, value] of Object.entries(expected)) {
        assert.equal(result.ref[key as keyof typeof expected], value, key);
      }
    });
  }

  it('rebuilds the instance ARN without the sub-resource', () => {
    const result = parseInstanceInput(`arn:aws:connect:us-east-1:123456789012:instance/${ID}/agent/x`);
    assert.ok(result.ok);
    assert.equal(result.ref.arn, `arn:aws:connect:us-east-1:123456789012:instance/${ID}`);
  });

  const invalid: [string, string, RegExp][] = [
    ['empty input', '   ', /Type an instance ID/],
    ['an alias typed as an ID', 'demo-prod', /not an instance ID/],
    ['a truncated ID', ID.slice(0, 30), /not an instance ID/],
    ['an ID with a slash', `${ID}/x`, /not an instance ID/],
    ['an ARN of another service', `arn:aws:s3:::my-bucket/${ID}`, /s3 service/],
    ['an IAM ARN', 'arn:aws:iam::123456789012:user/connect-admin', /iam service/],
    ['an ARN without an instance ID', 'arn:aws:connect:us-east-1:123456789012:instance/', /names no instance/],
    ['an ARN of another Connect resource type', `arn:aws:connect:us-east-1:123456789012:phone-number/${ID}`, /names no instance/],
    ['an ARN whose instance ID is malformed', 'arn:aws:connect:us-east-1:123456789012:instance/not-an-id', /not an instance ID/],
    ['an ARN without a region', `arn:aws:connect::123456789012:instance/${ID}`, /no region/],
    ['an ARN with a bad region', `arn:aws:connect:useast1:123456789012:instance/${ID}`, /not an AWS region/],
    ['a partition that does not match the region', `arn:aws:connect:us-gov-west-1:123456789012:instance/${ID}`, /partition aws-us-gov/],
    ['a bad partition', `arn:azure:connect:us-east-1:123456789012:instance/${ID}`, /not an AWS partition/],
    ['an ARN without an account', `arn:aws:connect:us-east-1::instance/${ID}`, /account ID/],
    ['a cut-off ARN', 'arn:aws:connect:us-east-1', /has the form/],
  ];
  for (const [name, input, reason] of invalid) {
    it(`rejects ${name}`, () => {
      const result = parseInstanceInput(input);
      assert.equal(result.ok, false);
      assert.match((result as { reason: string }).reason, reason);
    });
  }
});
