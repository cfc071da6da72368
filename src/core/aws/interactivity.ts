import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Whether the work under way may ask the user something (an MFA code). Background work — an
 * automatic re-fetch — runs non-interactive: a prompt out of nowhere would be worse than a
 * quiet failure the tree shows. It lives in the SDK bundle only (callers reach it through
 * lazyAws), so that the flag set and the flag read are one and the same.
 */
const interactive = new AsyncLocalStorage<boolean>();

export function runWithInteractivity<T>(allowed: boolean, work: () => Promise<T>): Promise<T> {
  return interactive.run(allowed, work);
}

export function mayAskTheUser(): boolean {
  return interactive.getStore() ?? true;
}

export class InteractionRequiredError extends Error {
  override readonly name = 'InteractionRequiredError';
}
