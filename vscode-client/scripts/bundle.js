// Bundles the extension and its runtime dependency (vscode-languageclient) into dist/extension.js,
// so the .vsix needs no node_modules (vsce package --no-dependencies).
const esbuild = require('esbuild');
esbuild
  .build({
    entryPoints: ['src/extension.ts'],
    bundle: true,
    outfile: 'dist/extension.js',
    external: ['vscode'],
    format: 'cjs',
    platform: 'node',
    target: 'node18',
    sourcemap: true,
    minify: true,
    keepNames: true,
    logLevel: 'warning',
  })
  .catch(() => process.exit(1));
