// Mocha's spec reporter, plus target/surefire-reports/vscode-client.txt in surefire's summary
// format so .ci/run counts the extension's tests with the Java ones.
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SurefireReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const started = Date.now();
    runner.once(EVENT_RUN_END, () => {
      const s = this.stats;
      const dir = path.join(__dirname, '..', 'target', 'surefire-reports');
      fs.mkdirSync(dir, { recursive: true });
      const secs = ((Date.now() - started) / 1000).toFixed(3);
      const failures = this.failures.map((f) => `${f.fullTitle()}: ${f.err && f.err.message}`).join('\n');
      fs.writeFileSync(
        path.join(dir, 'vscode-client.txt'),
        '-------------------------------------------------------------------------------\n' +
          'Test set: vscode-client (mocha)\n' +
          '-------------------------------------------------------------------------------\n' +
          `Tests run: ${s.tests}, Failures: ${s.failures}, Errors: 0, Skipped: ${s.pending}, Time elapsed: ${secs} s\n` +
          (failures ? failures + '\n' : ''),
      );
    });
  }
}
module.exports = SurefireReporter;
