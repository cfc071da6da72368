import Mocha from 'mocha';

/**
 * mocha's spec output, then one line `<suite>: N passed, M failed` that `npm test` adds up
 * across suites. The suite's name comes from the reporter option `suite` (default "unit").
 */
class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions & { reporterOption?: Record<string, string> }) {
    super(runner, options);
    const suite = options.reporterOption?.suite ?? 'unit';
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes = 0, failures = 0, pending = 0 } = runner.stats ?? {};
      console.log(`${suite}: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
    });
  }
}

export = SummaryReporter;
