// Builds target/xenscope-<version>.vsix with @vscode/vsce (dependencies are bundled by esbuild).
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const root = path.join(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
const out = path.join(root, 'target', `${pkg.name}-${pkg.version}.vsix`);
fs.mkdirSync(path.dirname(out), { recursive: true });
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out], { cwd: root, stdio: 'inherit' });
console.log(`package: ${path.relative(process.cwd(), out)} (${fs.statSync(out).size} bytes)`);
