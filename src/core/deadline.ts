/**
 * One deadline per fetch, covering everything it waits for — credentials (a credential_process,
 * STS, SSO), the request and the body — and honouring the caller's Cancel. Work the SDK cannot
 * cancel is raced, not awaited: the fetch ends on time and leaves it behind.
 */
import { Transport } from './transport';

/** Background work with no configured limit still ends: an automatic re-fetch never hangs for good. */
export const MAX_BACKGROUND_FETCH_MS = 5 * 60_000;

/**
 * The time a fetch may take: the connect and read timeouts together (the AWS CLI's
 * --cli-connect-timeout and --cli-read-timeout, which bound one attempt there). Undefined — no limit
 * but Cancel — when either is 0 ("no limit"), except in the background.
 */
export function fetchBudgetMs(transport: Pick<Transport, 'connectTimeoutMs' | 'readTimeoutMs'>, background: boolean): number | undefined {
  const { connectTimeoutMs, readTimeoutMs } = transport;
  if (connectTimeoutMs > 0 && readTimeoutMs > 0) {
    return connectTimeoutMs + readTimeoutMs;
  }
  return background ? MAX_BACKGROUND_FETCH_MS : undefined;
}

/** The deadline passed: the reason of the deadline's signal. */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
  constructor(readonly budgetMs: number) {
    super(`No answer within ${Math.round(budgetMs / 1000)} s`);
  }
}

export class Deadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private readonly excludedAtStart: number;
  private granted = 0;
  private readonly detach: () => void;

  /**
   * @param budgetMs undefined: no limit but the caller's signal.
   * @param excludedMs a running total of time that does not count (a prompt the user is answering).
   */
  constructor(
    readonly budgetMs: number | undefined,
    cancel?: AbortSignal,
    private readonly excludedMs: () => number = () => 0,
  ) {
    this.excludedAtStart = excludedMs();
    const onCancel = (): void => this.controller.abort(cancel?.reason);
    if (cancel?.aborted) {
      onCancel();
    }
    cancel?.addEventListener('abort', onCancel, { once: true });
    this.detach = () => cancel?.removeEventListener('abort', onCancel);
    if (budgetMs !== undefined) {
      this.arm(budgetMs);
    }
  }

  /** Aborted by the caller's Cancel or when the budget is spent. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get exceeded(): boolean {
    return this.signal.reason instanceof DeadlineExceededError;
  }

  /** Runs `work` with the deadline's signal; rejects as soon as the signal aborts, whether or not `work` notices. */
  async run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const signal = this.signal;
    if (signal.aborted) {
      throw abortError(signal);
    }
    return untilAborted(work(signal), signal);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.detach();
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => {
      // Time spent answering a prompt is given back, checked at least once a second while one is open.
      const excluded = this.excludedMs() - this.excludedAtStart;
      if (excluded > this.granted) {
        const extra = excluded - this.granted;
        this.granted = excluded;
        this.arm(Math.max(extra, 1_000));
        return;
      }
      this.controller.abort(new DeadlineExceededError(this.budgetMs ?? ms));
    }, ms);
  }
}

/**
 * `work`'s outcome, or the signal's reason as soon as it aborts, whether or not `work` notices. What
 * is left behind may still fail later: that is no one's concern any more (its rejection is handled).
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) {
    return work;
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** `work`'s outcome, or `timedOut()`'s error once `ms` have passed (what is left behind is no one's concern, as in untilAborted). */
export async function within<T>(work: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(timedOut()), ms);
  try {
    return await untilAborted(work, controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

/** The signal's reason as an error (an AbortError when it gave none). */
export function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
}
