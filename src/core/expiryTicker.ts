import { Clock } from './clock';
import { nextChangeInMs } from './expiry';

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Wakes its listener whenever a shown expiry can change (a minute or second boundary, the warning
 * threshold, expiry itself) or an action is due, and not otherwise: no timer runs while nothing is
 * held or all expired.
 */
export class ExpiryTicker {
  private timer: { dispose(): void } | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly deadlines: () => readonly number[],
    private readonly warnBeforeMs: () => number,
    private readonly onTick: () => void,
    /** An instant (other than a display change) to wake at, e.g. a notification's. */
    private readonly nextDueAt: () => number | undefined = () => undefined,
  ) {}

  /** Call whenever the deadlines or the threshold change. */
  reschedule(): void {
    this.timer?.dispose();
    this.timer = undefined;
    const now = this.clock.now();
    const dueAt = this.nextDueAt();
    const warnBeforeMs = this.warnBeforeMs();
    const delays = [...this.deadlines().map((deadline) => nextChangeInMs(deadline, now, warnBeforeMs)), dueAt && dueAt - now].filter(
      (delay): delay is number => delay !== undefined && delay > 0,
    );
    if (delays.length > 0) {
      // setTimeout takes at most 2^31-1 ms (a refresh token can be days away); longer waits wake early, harmlessly.
      this.timer = this.clock.setTimer(() => {
        this.onTick();
        this.reschedule();
      }, Math.min(...delays, MAX_TIMER_MS));
    }
  }

  dispose(): void {
    this.timer?.dispose();
    this.timer = undefined;
  }
}
