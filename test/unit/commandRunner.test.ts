import * as assert from 'node:assert/strict';
import { CommandRunner } from '../../src/core/commandRunner';
import { MemoryLogger } from '../support/memoryLogger';

const SECRET = 'EMUAT-secret-access-token';

function runnerWithScreen(): { runner: CommandRunner; log: MemoryLogger; shown: string[]; dismiss(): void } {
  const log = new MemoryLogger();
  const shown: string[] = [];
  let dismissals: (() => void)[] = [];
  const runner = new CommandRunner({
    log,
    redact: (text) => text.split(SECRET).join('••••'),
    show: (message) => {
      shown.push(message);
      return new Promise<void>((resolve) => dismissals.push(resolve));
    },
  });
  return {
    runner,
    log,
    shown,
    dismiss: () => {
      dismissals.forEach((resolve) => resolve());
      dismissals = [];
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('CommandRunner', () => {
  it('passes the argument through and returns what the handler returns', async () => {
    const { runner, shown } = runnerWithScreen();
    const run = runner.command('Echo', async (arg) => ({ got: arg }));
    assert.deepEqual(await run('x'), { got: 'x' });
    assert.deepEqual(shown, []);
  });

  it('logs an unexpected error at error level with its stack, shows it (redacted) with the title, and resolves undefined', async () => {
    const { runner, log, shown } = runnerWithScreen();
    const run = runner.command('Copy as JSON', () => {
      throw new TypeError(`Cannot read properties of undefined (reading 'x') near ${SECRET}`);
    });
    assert.equal(await run(undefined), undefined);
    assert.equal(log.lines.length, 1);
    assert.match(log.lines[0], /^error: Copy as JSON failed unexpectedly: TypeError: Cannot read properties/);
    assert.match(log.lines[0], /commandRunner\.test\.(ts|js)/, 'the stack is logged');
    assert.deepEqual(shown, ["Copy as JSON failed unexpectedly: Cannot read properties of undefined (reading 'x') near ••••"]);
  });

  it('shows the same failure once while it is on screen', async () => {
    const { runner, shown, dismiss } = runnerWithScreen();
    const run = runner.command('Fetch Again', async () => Promise.reject(new Error('boom')));
    await run(undefined);
    await run(undefined);
    assert.equal(shown.length, 1);
    dismiss();
    await tick();
    await run(undefined);
    assert.equal(shown.length, 2, 'shown again once dismissed');
  });

  it('keeps cancellations quiet', async () => {
    const { runner, log, shown } = runnerWithScreen();
    await runner.command('Get Federation Token', () => Promise.reject(Object.assign(new Error('cancelled'), { name: 'AbortError' })))(undefined);
    await runner.command('Get Federation Token', () => Promise.reject(Object.assign(new Error('Canceled'), { name: 'Canceled' })))(undefined);
    assert.deepEqual(shown, []);
    assert.ok(log.lines.every((line) => line.startsWith('debug: ')));
  });

  it('catches what a background action throws, at once or later, and shows a failing loop only once per window', async () => {
    const { runner, log, shown, dismiss } = runnerWithScreen();
    await runner.background('Automatic re-fetch', () => {
      throw new Error('planning failed');
    });
    dismiss();
    await tick();
    await runner.background('Automatic re-fetch', () => Promise.reject(new Error('planning failed')));
    assert.equal(log.lines.filter((line) => line.startsWith('error: Automatic re-fetch failed unexpectedly: Error: planning failed')).length, 2);
    assert.deepEqual(shown, ['Automatic re-fetch failed unexpectedly: planning failed']);
  });

  it('describes what is not an Error, even a value whose toString throws, and shortens a long message', async () => {
    const { runner, log, shown } = runnerWithScreen();
    await runner.background('A', () => Promise.reject('plain text'));
    await runner.background('B', () =>
      Promise.reject({
        toString() {
          throw new Error('no');
        },
      }),
    );
    await runner.background('C', () => Promise.reject(new Error(`${'x'.repeat(1000)}\nsecond line`)));
    assert.deepEqual(log.lines.slice(0, 2), ['error: A failed unexpectedly: plain text', 'error: B failed unexpectedly: an error that cannot be described']);
    assert.equal(shown[0], 'A failed unexpectedly: plain text');
    assert.equal(shown[1], 'B failed unexpectedly: an error that cannot be described');
    assert.ok(shown[2].length < 400 && shown[2].endsWith('…') && !shown[2].includes('second line'));
  });
});
