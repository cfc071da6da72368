import * as assert from 'node:assert/strict';
import { instanceChoices } from '../../src/core/instanceChoices';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const C = '33333333-3333-4333-8333-333333333333';
const arn = (region: string, id: string) => `arn:aws:connect:${region}:123456789012:instance/${id}`;

describe('instanceChoices', () => {
  const recents = [{ instanceId: A, alias: 'old-alias', region: 'us-east-1', usedAt: 5 }];
  const listed = [
    { instanceId: A, arn: arn('us-east-1', A), alias: 'demo-prod', status: 'ACTIVE' },
    { instanceId: B, arn: arn('us-east-1', B), alias: 'demo-test', status: 'CREATION_IN_PROGRESS' },
  ];

  it('puts recent instances first, without listing them twice, with the alias the listing knows', () => {
    const choices = instanceChoices({ typed: '', recents, listed, listingRegion: 'us-east-1' });
    assert.deepEqual(
      choices.map((c) => [c.kind, 'ref' in c ? c.ref.instanceId : '', 'alias' in c ? c.alias : '']),
      [
        ['recent', A, 'demo-prod'],
        ['listed', B, 'demo-test'],
      ],
    );
  });

  it('gives listed instances the region of their ARN', () => {
    const [choice] = instanceChoices({ typed: '', recents: [], listed: [listed[1]], listingRegion: 'us-east-1' });
    assert.ok(choice.kind === 'listed');
    assert.equal(choice.ref.region, 'us-east-1');
  });

  it('offers a typed ID or ARN as a choice of its own, first', () => {
    const byId = instanceChoices({ typed: C, recents, listed });
    assert.equal(byId[0].kind, 'typed');
    const byArn = instanceChoices({ typed: arn('eu-west-2', C), recents, listed });
    assert.ok(byArn[0].kind === 'typed');
    assert.equal(byArn[0].ref.region, 'eu-west-2');
  });

  it('names a typed ARN of a listed instance by its alias', () => {
    const [choice] = instanceChoices({ typed: arn('us-east-1', B), recents, listed });
    assert.ok(choice.kind === 'typed');
    assert.equal(choice.alias, 'demo-test');
  });

  it('does not repeat a typed ID that is already listed', () => {
    assert.equal(instanceChoices({ typed: B, recents, listed })[0].kind, 'recent');
  });

  it('explains invalid input meant as an ID or ARN, but not text that filters by alias', () => {
    const bad = instanceChoices({ typed: 'arn:aws:s3:::bucket', recents, listed });
    assert.ok(bad[0].kind === 'invalid');
    assert.match(bad[0].reason, /s3 service/);
    assert.equal(instanceChoices({ typed: 'demo', recents, listed })[0].kind, 'recent', 'filtering by alias is not an error');
    assert.equal(instanceChoices({ typed: 'nothing-like-this', recents, listed })[0].kind, 'invalid');
  });
});
