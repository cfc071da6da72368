/** Time as the extension sees it; tests substitute a clock they can move forward. */
export interface Clock {
  now(): number;
  setTimer(callback: () => void, ms: number): { dispose(): void };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, ms) {
    const handle = setTimeout(callback, ms);
    return { dispose: () => clearTimeout(handle) };
  },
};

/** A clock whose source can be swapped (integration tests drive time by hand). */
export class SwitchableClock implements Clock {
  constructor(private source: Clock) {}

  use(source: Clock): void {
    this.source = source;
  }

  now(): number {
    return this.source.now();
  }

  setTimer(callback: () => void, ms: number): { dispose(): void } {
    return this.source.setTimer(callback, ms);
  }
}
