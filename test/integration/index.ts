import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import SummaryReporter = require('../support/summaryReporter');

/**
 * The integration tests' entry inside the extension host (`extensionTestsPath`), for the code-server
 * harness (test/vscode/) and @vscode/test-electron alike: runs every `*.test.js` beside it with mocha.
 *
 * The extension host's environment comes from the runner, isolated: a temp HOME, no AWS_* variables.
 * Suites start what else they need from here, since the extension host is plain Node: the Connect
 * emulator (test/emulator/server.ts) in-process, and temp AWS files (test/support/awsFiles.ts points
 * process.env at them, which the extension reads at each request).
 */
export function run(): Promise<void> {
  // One preformatted string per call: code-server's workbench hands on console arguments joined by commas.
  Mocha.reporters.Base.consoleLog = (...data: unknown[]) => console.log(format(...data));
  // No colours: the output travels through the workbench as plain text.
  const mocha = new Mocha({ ui: 'bdd', reporter: SummaryReporter, reporterOptions: { suite: 'integration' }, color: false, timeout: 20_000 });
  const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.test.js'));
  for (const file of files.sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) {
        reject(new Error(`${failures} integration test(s) failed`));
      } else {
        resolve();
      }
    });
  });
}
