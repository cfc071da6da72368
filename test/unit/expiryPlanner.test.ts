import * as assert from 'node:assert/strict';
import { ExpiryPlanner, MIN_REFETCH_INTERVAL_MS, describeRefetchFailure } from '../../src/core/expiryPlanner';
import { describeClockOffset } from '../../src/core/expiry';
import { sampleSession } from '../support/sessions';

const MINUTE = 60_000;
const session = sampleSession();
const expiry = session.credentials.accessTokenExpiration;
const notifyOnly = { notifyBeforeMs: 5 * MINUTE, autoRefetch: false };
const auto = { notifyBeforeMs: 5 * MINUTE, autoRefetch: true };
const throttled = { kind: 'throttled', message: 'throttled' };

describe('ExpiryPlanner', () => {
  it('notifies once per token, from the threshold until expiry', () => {
    const planner = new ExpiryPlanner();
    assert.deepEqual(planner.due([session], expiry - 6 * MINUTE, notifyOnly).notify, []);
    assert.equal(planner.nextDueAt([session], expiry - 6 * MINUTE, notifyOnly), expiry - 5 * MINUTE);
    assert.deepEqual(planner.due([session], expiry - 5 * MINUTE, notifyOnly).notify, [session]);
    assert.deepEqual(planner.due([session], expiry - 4 * MINUTE, notifyOnly).notify, [], 'not twice');
    const renewed = { ...session, credentials: { ...session.credentials, accessTokenExpiration: expiry + 60 * MINUTE } };
    assert.deepEqual(planner.due([renewed], expiry + 55 * MINUTE, notifyOnly).notify, [renewed], 'a new token is notified again');
  });

  it('does not notify an already expired token or when turned off', () => {
    const planner = new ExpiryPlanner();
    assert.deepEqual(planner.due([session], expiry + 1, notifyOnly).notify, []);
    assert.deepEqual(planner.due([session], expiry - MINUTE, { notifyBeforeMs: 0, autoRefetch: false }).notify, []);
    assert.equal(planner.nextDueAt([session], 0, { notifyBeforeMs: 0, autoRefetch: false }), undefined);
  });

  it('re-fetches instead of notifying when auto re-fetch is on, one attempt at a time', () => {
    const planner = new ExpiryPlanner();
    const due = planner.due([session], expiry - 5 * MINUTE, auto);
    assert.deepEqual(due, { notify: [], refetch: [session] });
    planner.refetchStarted(session, expiry - 5 * MINUTE);
    assert.deepEqual(planner.due([session], expiry - 5 * MINUTE + 1000, auto).refetch, [], 'none while one is in flight');
    assert.equal(planner.nextDueAt([session], expiry + 1000, auto), undefined, 'and no wake-up for it: its answer ends the wait');
  });

  it('backs off after failures, then notifies once, and recovers on success', () => {
    const planner = new ExpiryPlanner();
    const start = expiry - 5 * MINUTE;
    planner.refetchStarted(session, start);
    planner.refetchFailed(session, start, throttled);
    const afterFirst = planner.due([session], start + 1000, auto);
    assert.deepEqual(afterFirst, { notify: [session], refetch: [] }, 'failing: one notification, no immediate retry');
    assert.equal(planner.nextDueAt([session], start + 1000, auto), start + 30_000);
    assert.deepEqual(planner.due([session], start + 30_000, auto).refetch, [session]);
    planner.refetchFailed(session, start + 30_000, throttled);
    assert.equal(planner.refetchState(session)?.nextAttemptAt, start + 90_000, 'then 60 s');
    for (let i = 0; i < 6; i++) {
      planner.refetchFailed(session, start, throttled);
    }
    assert.equal(planner.refetchState(session)?.nextAttemptAt, start + 5 * MINUTE, 'capped at 5 min');
    assert.match(describeRefetchFailure(planner.refetchState(session)) ?? '', /failed 8 times: throttled/);
    planner.refetchSucceeded(session);
    assert.equal(planner.refetchState(session), undefined);
    assert.equal(describeRefetchFailure(undefined), undefined);
  });

  it('gives up until a new token when the failure needs the user (MFA, permissions …)', () => {
    const planner = new ExpiryPlanner();
    planner.refetchFailed(session, expiry - 5 * MINUTE, { kind: 'needsInteraction', message: 'Profile demo needs an MFA code.' });
    assert.deepEqual(planner.due([session], expiry + 60 * MINUTE, auto).refetch, []);
    assert.equal(planner.nextDueAt([session], expiry - 4 * MINUTE, auto), undefined);
    assert.match(describeRefetchFailure(planner.refetchState(session)) ?? '', /needs an MFA code\. Fetch again by hand\./);
  });

  it('never re-fetches earlier than half a token\'s life, so a short-lived token is not fetched back to back', () => {
    const planner = new ExpiryPlanner();
    const short = { ...session, fetchedAt: expiry - 4 * MINUTE }; // a 4-minute token, notification lead 5 min
    assert.deepEqual(planner.due([short], expiry - 3 * MINUTE, auto).refetch, [], 'not at once');
    assert.deepEqual(planner.due([short], expiry - 2 * MINUTE, auto).refetch, [short], 'at half its life');
  });

  it('keeps a floor between re-fetches of a session, whatever its new tokens say (item 1: no storms)', () => {
    const planner = new ExpiryPlanner();
    const start = expiry - 5 * MINUTE;
    planner.refetchStarted(session, start);
    // The new token arrived already due (a 10-second token, or one expiring at once): not again before the floor.
    const next = { ...session, fetchedAt: start, credentials: { ...session.credentials, accessTokenExpiration: start + 10_000 } };
    planner.refetchSucceeded(session, next);
    assert.deepEqual(planner.due([next], start + 1_000, auto).refetch, []);
    assert.equal(planner.nextDueAt([next], start + 1_000, auto), start + MIN_REFETCH_INTERVAL_MS);
    assert.deepEqual(planner.due([next], start + MIN_REFETCH_INTERVAL_MS, auto).refetch, [next]);
    // A token fetched by hand meanwhile is the user's doing: no floor holds it back.
    const byHand = { ...next, credentials: { ...next.credentials, accessTokenExpiration: start + 20_000 } };
    assert.deepEqual(planner.due([byHand], start + 15_000, auto).refetch, [byHand]);
  });

  it('waits for another window\'s claim without counting it as a failure', () => {
    const planner = new ExpiryPlanner();
    const start = expiry - 5 * MINUTE;
    planner.refetchStarted(session, start);
    planner.refetchDeferred(session, start + 2 * MINUTE);
    assert.deepEqual(planner.due([session], start + MINUTE, auto), { notify: [], refetch: [] });
    assert.equal(planner.refetchState(session)?.failures, 0);
    assert.deepEqual(planner.due([session], start + 2 * MINUTE, auto).refetch, [session]);
  });

  it('gives up on DuplicateResourceException: the user\'s IAM link needs an administrator', () => {
    const planner = new ExpiryPlanner();
    planner.refetchFailed(session, expiry - 5 * MINUTE, { kind: 'duplicateResource', message: 'already linked' });
    assert.equal(planner.refetchState(session)?.nextAttemptAt, Infinity);
  });

  it('re-fetches a minute before expiry when notifications are off', () => {
    const planner = new ExpiryPlanner();
    const settings = { notifyBeforeMs: 0, autoRefetch: true };
    assert.equal(planner.nextDueAt([session], 0, settings), expiry - MINUTE);
    assert.deepEqual(planner.due([session], expiry - MINUTE, settings).refetch, [session]);
  });

  it('says when this machine\'s clock differs from the service\'s', () => {
    assert.equal(describeClockOffset(30_000), undefined);
    assert.match(describeClockOffset(20 * MINUTE - 140) ?? '', /20 min behind/);
    assert.match(describeClockOffset(-3 * MINUTE) ?? '', /3 min ahead of/);
  });
});
