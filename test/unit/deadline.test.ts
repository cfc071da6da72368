import * as assert from 'node:assert/strict';
import { Deadline, DeadlineExceededError, MAX_BACKGROUND_FETCH_MS, fetchBudgetMs } from '../../src/core/deadline';

const never = (): Promise<never> => new Promise(() => undefined);

describe('Deadline: one per fetch', () => {
  it('is the connect and read timeouts together; without a limit only background work gets one', () => {
    assert.equal(fetchBudgetMs({ connectTimeoutMs: 60_000, readTimeoutMs: 60_000 }, false), 120_000);
    assert.equal(fetchBudgetMs({ connectTimeoutMs: 0, readTimeoutMs: 60_000 }, false), undefined);
    assert.equal(fetchBudgetMs({ connectTimeoutMs: 0, readTimeoutMs: 0 }, true), MAX_BACKGROUND_FETCH_MS);
  });

  it('ends work that ignores its signal, when the budget is spent or the caller cancels', async () => {
    const timed = new Deadline(50);
    const started = Date.now();
    await assert.rejects(timed.run(never), DeadlineExceededError);
    assert.ok(timed.exceeded && Date.now() - started < 1_000);
    timed.dispose();

    const cancel = new AbortController();
    const cancelled = new Deadline(undefined, cancel.signal);
    const running = cancelled.run(never);
    cancel.abort();
    await assert.rejects(running, { name: 'AbortError' });
    assert.equal(cancelled.exceeded, false);
  });

  it('gives back the time spent answering a prompt', async () => {
    let prompting = 0;
    const deadline = new Deadline(100, undefined, () => prompting);
    const result = deadline.run(async (signal) => {
      await new Promise((resolve) => setTimeout(resolve, 80));
      prompting = 1_000; // the user took a second to type a code
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(signal.aborted, false);
      return 'done';
    });
    assert.equal(await result, 'done');
    deadline.dispose();
  });
});
