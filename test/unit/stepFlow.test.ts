import * as assert from 'node:assert/strict';
import { StepOutcome, runSteps } from '../../src/core/stepFlow';

type Step = 'profile' | 'mfa' | 'instance' | 'region';

/** Runs the steps with scripted answers, recording which step ran and whether it could go back. */
async function script(answers: [Step, StepOutcome<Step>][]): Promise<{ done: boolean; visits: string[] }> {
  const visits: string[] = [];
  const done = await runSteps<Step>('profile', async (step, { canGoBack }) => {
    visits.push(`${step}${canGoBack ? '' : ' (no back)'}`);
    const next = answers.shift();
    assert.ok(next, `no answer scripted for ${step}`);
    assert.equal(step, next[0]);
    return next[1];
  });
  return { done, visits };
}

describe('runSteps', () => {
  it('runs the steps in order until one says done', async () => {
    const { done, visits } = await script([
      ['profile', { next: 'instance' }],
      ['instance', 'done'],
    ]);
    assert.equal(done, true);
    assert.deepEqual(visits, ['profile (no back)', 'instance']);
  });

  it('goes Back to the previous step and on again', async () => {
    const { done, visits } = await script([
      ['profile', { next: 'instance' }],
      ['instance', 'back'],
      ['profile', { next: 'instance' }],
      ['instance', { next: 'region' }],
      ['region', 'back'],
      ['instance', { next: 'region' }],
      ['region', 'done'],
    ]);
    assert.equal(done, true);
    assert.deepEqual(visits, ['profile (no back)', 'instance', 'profile (no back)', 'instance', 'region', 'instance', 'region']);
  });

  it('skips, going back, a step that cannot be asked again (an MFA code, an answered argument)', async () => {
    const { visits } = await script([
      ['profile', { next: 'mfa' }],
      ['mfa', { next: 'instance', revisit: false }],
      ['instance', 'back'],
      ['profile', 'cancel'],
    ]);
    assert.deepEqual(visits, ['profile (no back)', 'mfa', 'instance', 'profile (no back)']);
  });

  it('unwinds to a step it returns to going forward, so Back from there goes where it went before', async () => {
    const { visits } = await script([
      ['profile', { next: 'instance' }],
      ['instance', { next: 'region' }],
      ['region', { next: 'instance' }],
      ['instance', 'back'],
      ['profile', 'cancel'],
    ]);
    assert.deepEqual(visits, ['profile (no back)', 'instance', 'region', 'instance', 'profile (no back)']);
  });

  it('ends, not done, on cancel or on Back with no step behind', async () => {
    assert.equal((await script([['profile', 'cancel']])).done, false);
    assert.equal((await script([['profile', 'back']])).done, false);
  });
});
