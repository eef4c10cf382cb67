import * as assert from 'assert';
import * as path from 'path';
import { findJava, JAVA_MISSING, javaInHome, parseJavaMajor } from '../java';

const J17 = 'openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment';
const J8 = 'openjdk version "1.8.0_392"\nOpenJDK Runtime Environment';
const J21 = 'openjdk version "21-ea" 2023-09-19';

function env(files: Record<string, string>, opts: { setting?: string; JAVA_HOME?: string; PATH?: string }) {
  return {
    setting: opts.setting,
    env: { JAVA_HOME: opts.JAVA_HOME, PATH: opts.PATH } as NodeJS.ProcessEnv,
    platform: 'linux' as NodeJS.Platform,
    exists: (f: string) => f in files,
    version: (j: string) => {
      if (files[j] === 'crash') throw new Error('exec format error');
      return files[j];
    },
  };
}

describe('java: finding Java 17+', () => {
  it('parses java -version banners of old and new releases', () => {
    assert.strictEqual(parseJavaMajor(J17), 17);
    assert.strictEqual(parseJavaMajor(J8), 8);
    assert.strictEqual(parseJavaMajor(J21), 21);
    assert.strictEqual(parseJavaMajor('java version "11.0.2" 2019-01-15 LTS'), 11);
    assert.strictEqual(parseJavaMajor('garbage'), undefined);
  });

  it('prefers the xenscope.java.home setting over JAVA_HOME and PATH', () => {
    const r = findJava(env({ '/opt/jdk21/bin/java': J21, '/usr/lib/jvm/17/bin/java': J17, '/usr/bin/java': J17 }, { setting: '/opt/jdk21', JAVA_HOME: '/usr/lib/jvm/17', PATH: '/usr/bin' }));
    assert.deepStrictEqual(r, { ok: true, java: '/opt/jdk21/bin/java', major: 21, source: 'setting' });
  });

  it('accepts a setting that names the java executable itself', () => {
    assert.strictEqual(javaInHome('/opt/jdk/bin/java', 'linux', () => true), '/opt/jdk/bin/java');
    assert.strictEqual(javaInHome('/opt/jdk', 'linux', () => true), path.join('/opt/jdk', 'bin', 'java'));
  });

  it('falls back to JAVA_HOME, then to the first java on PATH that is new enough', () => {
    assert.strictEqual((findJava(env({ '/jh/bin/java': J17 }, { JAVA_HOME: '/jh', PATH: '/usr/bin' })) as { source: string }).source, 'JAVA_HOME');
    const r = findJava(env({ '/old/java': J8, '/new/java': J17 }, { PATH: '/old:/new' }));
    assert.deepStrictEqual(r, { ok: true, java: '/new/java', major: 17, source: 'PATH' });
  });

  it('skips a JAVA_HOME that is too old and one that does not run', () => {
    const r = findJava(env({ '/jh/bin/java': J8, '/a/java': 'crash', '/b/java': J17 }, { JAVA_HOME: '/jh', PATH: '/a:/b' }));
    assert.ok(r.ok && r.java === '/b/java');
  });

  it('says what to install when there is no Java', () => {
    const r = findJava(env({}, { PATH: '/usr/bin' }));
    assert.ok(!r.ok);
    assert.ok(r.message.startsWith(JAVA_MISSING));
    assert.match(r.message, /openjdk-17-jre/);
    assert.match(r.message, /xenscope\.java\.home/);
  });

  it('says so when the only Java is too old, naming it', () => {
    const r = findJava(env({ '/usr/bin/java': J8 }, { PATH: '/usr/bin' }));
    assert.ok(!r.ok);
    assert.match(r.message, /\/usr\/bin\/java \(PATH\): Java 8 is too old/);
  });

  it('reports a wrong setting', () => {
    const r = findJava(env({}, { setting: '/nope' }));
    assert.ok(!r.ok);
    assert.match(r.message, /\/nope\/bin\/java \(setting\): not found/);
  });
});
