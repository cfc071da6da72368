/**
 * Times in the user's locale, as the tree, the status bar and notifications show them. Its formats
 * are module state, so this module stays out of the SDK bundle (see esbuild.mjs).
 */
import { formatDuration } from './expiry';

/**
 * The locale formats of expiry times, made once: each toLocale*String call with options builds a
 * new Intl.DateTimeFormat (≈ 0.05 ms, and the first one in a process ≈ 13 ms of ICU set-up), and
 * every tick formats every held session's expiries.
 */
let formats: { time: Intl.DateTimeFormat; day: Intl.DateTimeFormat; dateTime: Intl.DateTimeFormat } | undefined;

function localeFormats(): NonNullable<typeof formats> {
  return (formats ??= {
    time: new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }),
    day: new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' }),
    // What Date's toLocaleString() shows.
    dateTime: new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }),
  });
}

/**
 * Sets up the locale formats ahead of the first session shown (call while the user picks): the
 * ICU set-up then stays off the path from the service's answer to the view.
 */
export function prepareExpiryFormats(): void {
  localeFormats();
}

/** "14:05:32 (in 42 min)" or, for another day, "Dec 1, 14:05:32 (in 1 d 2 h)": local time and relative. */
export function formatExpiry(expiresAt: number, now: number): string {
  const at = new Date(expiresAt);
  const today = new Date(now);
  const sameDay = at.getDate() === today.getDate() && at.getMonth() === today.getMonth() && at.getFullYear() === today.getFullYear();
  const { time, day } = localeFormats();
  const when = sameDay ? time.format(at) : `${day.format(at)}, ${time.format(at)}`;
  const remaining = expiresAt - now;
  return `${when} (${remaining > 0 ? `in ${formatDuration(remaining)}` : `expired ${formatDuration(-remaining)} ago`})`;
}

/** Local date and time, as Date's toLocaleString() shows it. */
export function formatLocalDateTime(at: number): string {
  return localeFormats().dateTime.format(at);
}
