// code-server (VS Code in a browser, from npm) for the end-to-end test, installed once into a cache
// directory and reused: ~/.cache/xenscope/code-server/<version> (XENSCOPE_CODE_SERVER_CACHE
// overrides ~/.cache/xenscope/code-server). The install needs no download besides the npm
// registry: @vscode/ripgrep's postinstall would fetch rg from GitHub, so its download cache is
// seeded with the host's rg (Debian's ripgrep package), which it then unpacks instead.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

// code-server 4.100 is the last line that runs on Node 20 (later ones require Node 22).
const VERSION = '4.100.3';
// What code-server 4.100.3's lib/vscode pins: @vscode/ripgrep 1.15.11, whose postinstall fetches
// ripgrep v13.0.0-10 (lib/postinstall.js VERSION) into os.tmpdir()/vscode-ripgrep-cache-1.15.11.
const RIPGREP_PACKAGE = '1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

const NODE_MAJOR = 20;

/** code-server's postinstall refuses any other major version of Node. */
function nodeSupported() {
  return Number(process.versions.node.split('.')[0]) === NODE_MAJOR;
}

function cacheDir() {
  const base = process.env.XENSCOPE_CODE_SERVER_CACHE || path.join(os.homedir(), '.cache', 'xenscope', 'code-server');
  return path.join(base, VERSION);
}

function onPath(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The code-server entry point when installed and complete, else undefined. */
function installed() {
  const dir = cacheDir();
  const entry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const rg = path.join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  return fs.existsSync(path.join(dir, '.complete')) && fs.existsSync(entry) && fs.existsSync(rg) ? entry : undefined;
}

/** Installs code-server into the cache unless it is there; returns its entry point. Throws with the npm log on failure. */
function ensure(log = console.log) {
  const ready = installed();
  if (ready) return ready;
  if (!nodeSupported()) throw new Error(`code-server ${VERSION} needs Node ${NODE_MAJOR} (this is ${process.version})`);
  const rg = onPath('rg');
  if (!rg) throw new Error('code-server install needs ripgrep (rg) on PATH: apt-get install ripgrep');
  if (process.arch !== 'x64' || process.platform !== 'linux') throw new Error('the code-server install is set up for linux x64 only');
  const dir = cacheDir();
  fs.rmSync(dir, { recursive: true, force: true });
  const tmp = path.join(dir, 'tmp');
  const seeded = path.join(tmp, `vscode-ripgrep-cache-${RIPGREP_PACKAGE}`);
  fs.mkdirSync(seeded, { recursive: true });
  const stage = fs.mkdtempSync(path.join(tmp, 'rg-'));
  fs.copyFileSync(rg, path.join(stage, 'rg'));
  fs.chmodSync(path.join(stage, 'rg'), 0o755);
  execFileSync('tar', ['czf', path.join(seeded, RIPGREP_ASSET), '-C', stage, 'rg']);
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  log(`e2e: installing code-server ${VERSION} into ${dir} (once; a few minutes: it builds native modules)`);
  const env = {
    ...process.env,
    TMPDIR: tmp, // where @vscode/ripgrep looks for its download cache
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses to run as root without it
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  // node-gyp builds the native modules against this node's own headers when it has them (no download)
  const prefix = path.dirname(path.dirname(process.execPath));
  if (fs.existsSync(path.join(prefix, 'include', 'node', 'node_version.h'))) env.npm_config_nodedir = prefix;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const logFile = path.join(dir, 'install.log');
  try {
    const out = execFileSync(npm, ['install', '--no-save', `code-server@${VERSION}`], { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
    fs.writeFileSync(logFile, out);
  } catch (e) {
    fs.writeFileSync(logFile, `${e.stdout || ''}\n${e.stderr || ''}`);
    throw new Error(`npm install code-server@${VERSION} failed (log: ${logFile}):\n${String(e.stderr || e.message).slice(-4000)}`);
  }
  fs.writeFileSync(path.join(dir, '.complete'), new Date().toISOString() + '\n');
  const entry = installed();
  if (!entry) throw new Error(`code-server ${VERSION} installed into ${dir} but is incomplete (no entry point or no ripgrep binary); see ${logFile}`);
  return entry;
}

module.exports = { VERSION, NODE_MAJOR, cacheDir, ensure, installed, nodeSupported, onPath };

if (require.main === module) {
  console.log(ensure());
}
