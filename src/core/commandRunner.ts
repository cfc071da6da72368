/**
 * The one door every command and background action goes through: what it throws unexpectedly is
 * logged (redacted, with its stack) at error level and shown once, with Show Log, instead of
 * reaching VS Code's own notification as raw text; cancellations stay quiet.
 */
import { Logger } from './logger';

export interface CommandRunnerDeps {
  readonly log: Logger;
  /** The text with every known secret replaced. */
  readonly redact: (text: string) => string;
  /** Shows an unexpected failure (with a Show Log button); settles when it is dismissed. */
  readonly show: (message: string) => PromiseLike<unknown>;
}

/** Longest error text shown in a notification: the log has the rest. */
const MAX_SHOWN = 300;

export class CommandRunner {
  /** Messages on screen now: the same failure is not stacked. */
  private readonly showing = new Set<string>();
  /** Background actions already shown failing: a loop that keeps failing notifies once per window. */
  private readonly backgroundShown = new Set<string>();

  constructor(private readonly deps: CommandRunnerDeps) {}

  /** The handler as VS Code should call it: any argument, and no rejection (undefined after a failure). */
  command<R>(title: string, handler: (arg: unknown) => R | PromiseLike<R>): (arg: unknown) => Promise<R | undefined> {
    return async (arg) => {
      try {
        return await handler(arg);
      } catch (error) {
        this.failed(title, error, false);
        return undefined;
      }
    };
  }

  /** Runs an action nobody awaits (a timer's, an event's); resolves once it has ended, either way. */
  background(title: string, action: () => unknown): Promise<void> {
    try {
      return Promise.resolve(action()).then(
        () => undefined,
        (error: unknown) => this.failed(title, error, true),
      );
    } catch (error) {
      this.failed(title, error, true);
      return Promise.resolve();
    }
  }

  private failed(title: string, error: unknown, background: boolean): void {
    if (isCancellation(error)) {
      this.deps.log.debug(`${title}: cancelled`);
      return;
    }
    this.deps.log.error(`${title} failed unexpectedly: ${details(error)}`);
    if (background && this.backgroundShown.has(title)) {
      return;
    }
    const text = this.deps.redact(summary(error));
    const message = `${title} failed unexpectedly: ${text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text}`;
    if (this.showing.has(message)) {
      return;
    }
    if (background) {
      this.backgroundShown.add(title);
    }
    this.showing.add(message);
    const shown = (): void => void this.showing.delete(message);
    Promise.resolve(this.deps.show(message)).then(shown, shown);
  }
}

function isCancellation(error: unknown): boolean {
  const name = safely(() => (error as { name?: unknown } | undefined)?.name);
  // AbortError: an AbortSignal's; Canceled: vscode.CancellationError's.
  return name === 'AbortError' || name === 'Canceled';
}

/** The error's first line, for people. */
function summary(error: unknown): string {
  const message = safely(() => (error instanceof Error ? error.message : String(error)));
  return (message ?? 'an error that cannot be described').split('\n')[0] || 'no message';
}

/** Everything the log should have: the stack (which starts with the message), or the value. */
function details(error: unknown): string {
  return safely(() => (error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error))) ?? 'an error that cannot be described';
}

/** What a hostile value (a throwing getter or toString) yields, or undefined. */
function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
