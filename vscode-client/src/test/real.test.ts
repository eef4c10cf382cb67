// Against this machine: the Java the extension would pick, and the real language server: the jar
// started exactly as the language client starts it when it is built, else (in `mvn test`, which
// stops before the jar is packaged) the same main class from the classpath Maven wrote.
import * as assert from 'assert';
import * as cp from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { findJava, probeJavaVersion } from '../java';
import { serverCommand } from '../jar';

const jar = path.join(__dirname, '..', '..', '..', 'server', 'target', 'xenscope.jar');
const classpathFile = path.join(__dirname, '..', '..', 'target', 'server-classpath.txt');

/** How to start the real server: the built jar, else its classes and dependencies. */
function serverLaunch(java: string): { command: string; args: string[] } {
  if (fs.existsSync(jar)) {
    return serverCommand(java, jar, 'lsp');
  }
  if (fs.existsSync(classpathFile)) {
    const cp = fs.readFileSync(classpathFile, 'utf8').trim();
    return { command: java, args: ['-cp', cp, 'io.xenscope.cli.Main', 'lsp'] };
  }
  throw new Error(`no server to start: build ${jar} (mvn package -pl server -am) or run the tests through mvn test`);
}

function frame(msg: object): string {
  const body = JSON.stringify(msg);
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

describe('on this machine', () => {
  const java = findJava({ env: process.env, platform: process.platform, exists: (f) => fs.existsSync(f), version: probeJavaVersion });

  it('finds a Java 17+ (the build needs one)', () => {
    assert.ok(java.ok, java.ok ? '' : java.message);
    assert.ok(java.major >= 17);
  });

  it('the language server answers initialize when started as the client starts it', function (done) {
    assert.ok(java.ok, java.ok ? '' : java.message);
    this.timeout(30000);
    const c = serverLaunch(java.java);
    const p = cp.spawn(c.command, c.args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let finished = false;
    const finish = (e?: Error) => {
      if (finished) return;
      finished = true;
      p.kill();
      done(e);
    };
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const m = /Content-Length: (\d+)\r\n\r\n/.exec(out);
      if (!m) return;
      const start = m.index + m[0].length;
      if (Buffer.byteLength(out.slice(start)) < Number(m[1])) return;
      try {
        const res = JSON.parse(out.slice(start, start + Number(m[1])));
        assert.strictEqual(res.id, 1);
        assert.ok(res.result.capabilities.textDocumentSync !== undefined, 'has text document sync');
        finish();
      } catch (e) {
        finish(e as Error);
      }
    });
    p.on('error', finish);
    p.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
  });
});
