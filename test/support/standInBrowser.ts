import { chmodSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface Launch {
  readonly pid: number;
  readonly args: string[];
}

/**
 * A stand-in browser (a shell script) for tests that start browsers for real: each start writes its
 * pid and arguments (one per line) to a file of its own in `dir`, then stays up (for 2 min at most) as a browser does.
 */
export class StandInBrowser {
  readonly executable: string;

  constructor(
    private readonly dir: string,
    name = 'fake browser',
  ) {
    this.executable = path.join(dir, name);
    // The record is renamed into place whole: a reader never sees half of it. Nanoseconds order the
    // starts. Its own PATH: a test may start it with one that holds only browsers. It waits in a loop
    // rather than exec a sleep: its command line keeps its arguments, as a browser's does.
    writeFileSync(
      this.executable,
      `#!/bin/sh\nPATH=/usr/bin:/bin\nrecord="${dir}/launch-$(date +%s%N)-$$"\nprintf '%s\\n' "$$" "$@" > "$record.tmp" && mv "$record.tmp" "$record"\ni=0; while [ $i -lt 120 ]; do sleep 1; i=$((i+1)); done\n`,
    );
    chmodSync(this.executable, 0o755);
  }

  /** Every start so far, in order: of the scripts' own clocks, so a test waits for one start before the next. */
  launches(): Launch[] {
    return readdirSync(this.dir)
      .filter((file) => /^launch-\d+-\d+$/.test(file))
      .sort()
      .map((file) => {
        const [pid, ...args] = readFileSync(path.join(this.dir, file), 'utf8').replace(/\n$/, '').split('\n');
        return { pid: Number(pid), args };
      });
  }

  /** Waits (up to 5 s) until there were `count` starts, and returns them. */
  async waitForLaunches(count: number): Promise<Launch[]> {
    for (let i = 0; i < 250 && this.launches().length < count; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const launches = this.launches();
    if (launches.length < count) {
      throw new Error(`The stand-in browser was started ${launches.length} time(s), not ${count}`);
    }
    return launches;
  }

  /** Ends every start still running. */
  killAll(): void {
    for (const { pid } of this.launches()) {
      try {
        process.kill(pid);
      } catch {
        // ended already
      }
    }
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
