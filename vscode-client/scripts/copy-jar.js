// prepackage: bundles ../server/target/xenscope.jar as server/xenscope.jar when it has been built.
// Without it the .vsix still builds; the extension then needs the xenscope.server.jar setting.
const fs = require('fs');
const path = require('path');
const src = path.join(__dirname, '..', '..', 'server', 'target', 'xenscope.jar');
const dir = path.join(__dirname, '..', 'server');
const dst = path.join(dir, 'xenscope.jar');
if (fs.existsSync(src)) {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(src, dst);
  console.log(`prepackage: bundled ${path.relative(process.cwd(), src)} (${fs.statSync(dst).size} bytes)`);
} else if (fs.existsSync(dst)) {
  console.log(`prepackage: ${src} not built; keeping the previously bundled server/xenscope.jar`);
} else {
  console.log(`prepackage: ${src} not built; packaging without a bundled jar (set xenscope.server.jar)`);
}
