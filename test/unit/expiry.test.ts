import * as assert from 'node:assert/strict';
import { expiryStatus, formatDuration, nextChangeInMs } from '../../src/core/expiry';
import { formatExpiry, formatLocalDateTime } from '../../src/core/localTime';
import { ExpiryTicker } from '../../src/core/expiryTicker';
import { ManualClock } from '../support/manualClock';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const WARN = 5 * M;

describe('expiryStatus', () => {
  it('is valid with minutes left above the warning threshold', () => {
    const status = expiryStatus(42 * M + 30 * S, 0, WARN);
    assert.equal(status.state, 'valid');
    assert.equal(status.text, 'valid · expires in 42 min');
    assert.equal(status.countdown, '42 min');
  });

  it('is expiring at and below the threshold, with a seconds countdown', () => {
    assert.equal(expiryStatus(WARN, 0, WARN).state, 'expiring');
    const status = expiryStatus(4 * M + 59 * S + 200, 0, WARN);
    assert.equal(status.state, 'expiring');
    assert.equal(status.text, 'expires in 4 min');
    assert.equal(status.countdown, '5:00');
  });

  it('is expired from the expiry instant on, saying how long ago', () => {
    assert.equal(expiryStatus(1000, 1000, WARN).state, 'expired');
    const status = expiryStatus(0, 3 * M + 10 * S, WARN);
    assert.equal(status.text, 'expired 3 min ago');
    assert.equal(status.countdown, 'expired');
  });

  it('shows hours and days for long-lived refresh tokens', () => {
    assert.equal(formatDuration(2 * H + 5 * M), '2 h 05 min');
    assert.equal(formatDuration(27 * H), '1 d 3 h');
    assert.equal(formatDuration(400), '1 s');
    assert.equal(expiryStatus(11 * H + 59 * M, 0, WARN).countdown, '11 h 59 min');
  });
});

describe('nextChangeInMs', () => {
  it('waits for the next minute boundary while minutes are shown', () => {
    assert.equal(nextChangeInMs(42 * M + 30 * S, 0, WARN), 30 * S + 1);
    assert.equal(expiryStatus(42 * M + 30 * S, 30 * S + 1, WARN).countdown, '41 min');
  });

  it('wakes when the seconds countdown starts and then every second', () => {
    assert.equal(nextChangeInMs(10 * M + 20 * S, 0, WARN), 20 * S + 1);
    assert.equal(nextChangeInMs(9 * M + 59 * S + 300, 0, WARN), 300);
    assert.equal(nextChangeInMs(9 * M, 0, WARN), S);
  });

  it('wakes exactly at the warning threshold', () => {
    assert.equal(nextChangeInMs(5 * M + 400, 0, WARN), 400);
    assert.equal(nextChangeInMs(12 * M + 10 * S, 0, 12 * M + 5 * S), 5 * S, 'a threshold between minute boundaries');
  });

  it('stops once expired: nothing changes after that', () => {
    assert.equal(nextChangeInMs(0, 0, WARN), undefined);
    assert.equal(nextChangeInMs(0, 5, WARN), undefined);
  });
});

describe('formatExpiry', () => {
  it('gives the local time and the relative time', () => {
    const now = new Date(2026, 10, 29, 13, 0, 0).getTime();
    assert.match(formatExpiry(now + 42 * M, now), /^13:42:00 \(in 42 min\)$/);
    assert.match(formatExpiry(now - 3 * M, now), /^12:57:00 \(expired 3 min ago\)$/);
    assert.match(formatExpiry(now + 12 * H, now), /, 01:00:00 \(in 12 h 00 min\)$/);
  });

  it("words times as the platform's locale formats do (made once, reused)", () => {
    const now = new Date(2026, 10, 29, 13, 0, 0).getTime();
    for (const at of [now + 42 * M, now + 12 * H, now + 3 * 24 * H, now - 25 * H]) {
      const date = new Date(at);
      const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
      const sameDay = date.toDateString() === new Date(now).toDateString();
      const when = sameDay ? time : `${date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })}, ${time}`;
      assert.ok(formatExpiry(at, now).startsWith(`${when} (`), `${formatExpiry(at, now)} starts with ${when}`);
      assert.equal(formatLocalDateTime(at), date.toLocaleString());
    }
  });
});

describe('ExpiryTicker', () => {
  it('ticks at the granularity shown and stops after expiry', () => {
    const clock = new ManualClock(0);
    const deadline = 11 * M + 30 * S;
    const texts: string[] = [];
    const ticker = new ExpiryTicker(clock, () => [deadline], () => WARN, () => texts.push(expiryStatus(deadline, clock.now(), WARN).countdown));
    ticker.reschedule();
    clock.advance(30 * S);
    assert.deepEqual(texts, [], 'nothing changes within the minute');
    clock.advance(1);
    assert.deepEqual(texts, ['10 min']);
    clock.advance(60 * S);
    assert.deepEqual(texts, ['10 min', '10:00'], 'one tick a minute until the seconds countdown starts');
    clock.advance(999);
    assert.equal(texts.at(-1), '9:59');
    clock.advance(10 * M);
    assert.equal(texts.at(-1), 'expired');
    assert.equal(clock.pendingTimers, 0, 'no timer runs once everything has expired');
    ticker.dispose();
  });

  it('never asks for a timer longer than setTimeout can hold', () => {
    const clock = new ManualClock(0);
    const ticker = new ExpiryTicker(clock, () => [], () => WARN, () => undefined, () => 40 * 24 * H);
    ticker.reschedule();
    assert.equal(clock.nextTimerAt, 2 ** 31 - 1);
    ticker.dispose();
  });

  it('runs no timer while nothing is held', () => {
    const clock = new ManualClock(0);
    const ticker = new ExpiryTicker(clock, () => [], () => WARN, () => assert.fail('no tick expected'));
    ticker.reschedule();
    assert.equal(clock.pendingTimers, 0);
  });

  it('follows the soonest of several deadlines', () => {
    const clock = new ManualClock(0);
    const ticker = new ExpiryTicker(clock, () => [3 * H + 40 * S, 20 * M + 15 * S], () => WARN, () => undefined);
    ticker.reschedule();
    assert.equal(clock.nextTimerAt, 15 * S + 1);
    ticker.dispose();
    assert.equal(clock.pendingTimers, 0);
  });
});
