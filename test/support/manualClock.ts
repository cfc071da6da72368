import { Clock } from '../../src/core/clock';

/** A clock that only moves when told to, firing due timers in order. */
export class ManualClock implements Clock {
  private timers: { at: number; seq: number; callback: () => void }[] = [];
  private seq = 0;

  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  setTimer(callback: () => void, ms: number): { dispose(): void } {
    const timer = { at: this.time + ms, seq: this.seq++, callback };
    this.timers.push(timer);
    return { dispose: () => (this.timers = this.timers.filter((t) => t !== timer)) };
  }

  /** Moves time forward by ms, running every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = [...this.timers].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next || next.at > end) {
        break;
      }
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.at;
      next.callback();
    }
    this.time = end;
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** When the next timer is due, or undefined when none is pending. */
  get nextTimerAt(): number | undefined {
    return this.timers.length ? Math.min(...this.timers.map((t) => t.at)) : undefined;
  }
}
