/** How much time a token has left, in the words and granularity the tree and status bar show. */

export type ExpiryState = 'valid' | 'expiring' | 'expired';

export interface ExpiryStatus {
  readonly state: ExpiryState;
  readonly remainingMs: number;
  /** "valid · expires in 42 min", "expires in 3 min", "expired 5 min ago". */
  readonly text: string;
  /** Compact countdown for the status bar: "1 h 05 min", "42 min", "4:59", "expired". */
  readonly countdown: string;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Below this the countdown shows seconds; above, whole minutes (and updates once a minute). */
export const SECONDS_COUNTDOWN_BELOW_MS = 10 * MINUTE;

export function expiryStatus(expiresAt: number, now: number, warnBeforeMs: number): ExpiryStatus {
  const remainingMs = expiresAt - now;
  if (remainingMs <= 0) {
    return { state: 'expired', remainingMs, text: `expired ${formatDuration(-remainingMs)} ago`, countdown: 'expired' };
  }
  const state: ExpiryState = remainingMs <= warnBeforeMs ? 'expiring' : 'valid';
  const inWords = `expires in ${formatDuration(remainingMs)}`;
  return { state, remainingMs, text: state === 'valid' ? `valid · ${inWords}` : inWords, countdown: formatCountdown(remainingMs) };
}

/** "45 s", "1 min", "42 min", "2 h 05 min", "3 d 4 h": a relative time, rounded down except under a minute. */
export function formatDuration(ms: number): string {
  if (ms < MINUTE) {
    return `${Math.max(1, Math.ceil(ms / SECOND))} s`;
  }
  if (ms < HOUR) {
    return `${Math.floor(ms / MINUTE)} min`;
  }
  const hours = Math.floor(ms / HOUR);
  if (hours < 24) {
    return `${hours} h ${pad(Math.floor((ms % HOUR) / MINUTE))} min`;
  }
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

function formatCountdown(remainingMs: number): string {
  if (remainingMs < SECONDS_COUNTDOWN_BELOW_MS) {
    const seconds = Math.ceil(remainingMs / SECOND);
    return `${Math.floor(seconds / 60)}:${pad(seconds % 60)}`;
  }
  return formatDuration(remainingMs);
}

/**
 * Milliseconds until the countdown text or the state can next change, so a display refreshes at
 * the granularity it shows instead of every second. Undefined once expired: nothing changes after that.
 */
export function nextChangeInMs(expiresAt: number, now: number, warnBeforeMs: number): number | undefined {
  const remainingMs = expiresAt - now;
  if (remainingMs <= 0) {
    return undefined;
  }
  const untilWarning = remainingMs > warnBeforeMs ? remainingMs - warnBeforeMs : Infinity;
  if (remainingMs < SECONDS_COUNTDOWN_BELOW_MS) {
    // Seconds are shown rounded up: "0:42" turns into "0:41" once remainingMs reaches 41 s.
    return Math.min(remainingMs % SECOND || SECOND, untilWarning);
  }
  // Minutes are shown rounded down: "42 min" turns into "41 min" just below 42 min.
  return Math.min((remainingMs % MINUTE) + 1, remainingMs - SECONDS_COUNTDOWN_BELOW_MS + 1, untilWarning);
}

function pad(n: number): string {
  return n.toString().padStart(2, '0');
}

/** "Your clock is 20 min behind Amazon Connect's", when the difference is worth mentioning (a minute or more). */
export function describeClockOffset(offsetMs: number | undefined): string | undefined {
  if (offsetMs === undefined || Math.abs(offsetMs) < MINUTE) {
    return undefined;
  }
  const rounded = Math.round(Math.abs(offsetMs) / MINUTE) * MINUTE;
  return `Your clock is ${formatDuration(rounded)} ${offsetMs > 0 ? 'behind' : 'ahead of'} Amazon Connect's; the countdown allows for it.`;
}
