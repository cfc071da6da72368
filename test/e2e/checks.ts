import { aborted, since } from '../vscode/util';

/** How a check ended: what later checks that need it look at. */
export interface CheckResult<T> {
  readonly label: string;
  readonly ok: boolean;
  /** What the check returned, when it passed. */
  readonly value?: T;
}

/**
 * Named checks, numbered by step, each printed as it ends with its time. A failed check is counted
 * and the run goes on (later steps still say what they can); a check that needs one that failed is
 * skipped, not failed, so that one cause is one failure; an abort (Ctrl-C) ends the run.
 */
export class Checks {
  private passed = 0;
  private failed = 0;
  private skipped = 0;
  private step = 0;
  private inStep = 0;
  /** What the running check noted, printed under its result. */
  private notes: string[] = [];
  /** Rejects on abort: every check races it. */
  private readonly abort: Promise<never>;

  constructor(private readonly signal: AbortSignal) {
    this.abort = aborted(signal);
    this.abort.catch(() => undefined);
  }

  get allPassed(): boolean {
    return this.failed === 0 && this.skipped === 0 && this.passed > 0;
  }

  /** Starts step `number` (checks are numbered `number.1`, `number.2` …). */
  startStep(number: number, title: string): void {
    this.step = number;
    this.inStep = 0;
    console.log(`\n[e2e] step ${number}: ${title}`);
  }

  /**
   * Runs one check, unless a check it `needs` did not pass: then it is skipped (what it would look at
   * does not exist), which fails the run without counting as a second failure.
   */
  async run<T>(name: string, check: () => Promise<T> | T, needs: readonly CheckResult<unknown>[] = []): Promise<CheckResult<T>> {
    this.signal.throwIfAborted();
    const label = `${this.step}.${++this.inStep}`;
    const started = performance.now();
    this.notes = [];
    const missing = needs.filter((need) => !need.ok).map((need) => need.label);
    if (missing.length > 0) {
      this.skipped++;
      this.report(`– ${label} ${name} (skipped: needs ${missing.join(', ')}, which did not pass)`);
      return { label, ok: false };
    }
    try {
      const value = await Promise.race([check(), this.abort]);
      this.passed++;
      this.report(`✓ ${label} ${name} (${since(started)})`);
      return { label, ok: true, value };
    } catch (error) {
      this.signal.throwIfAborted();
      this.failed++;
      this.report(`✗ ${label} ${name} (${since(started)})`, messageOf(error));
      return { label, ok: false };
    }
  }

  /** A line for the report of the running check. */
  note(text: string): void {
    this.notes.push(text);
  }

  /** The run was stopped (Ctrl-C) before its checks were done: that counts as a failure. */
  interrupted(reason: unknown): void {
    this.failed++;
    console.log(`\n[e2e] ${messageOf(reason)}: the remaining checks did not run`);
  }

  /** The run's last line, which `npm test` adds up. */
  summary(): string {
    return `e2e: ${this.passed} passed, ${this.failed} failed${this.skipped ? `, ${this.skipped} skipped` : ''}`;
  }

  private report(result: string, ...details: string[]): void {
    console.log([`  ${result}`, ...[...details, ...this.notes].map(indent)].join('\n'));
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
}
