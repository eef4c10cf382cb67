// Makes `require('vscode')` resolve to the stub. Import this before any module that imports vscode.
import Module = require('module');
import * as path from 'path';

const stub = path.join(__dirname, 'vscodeProxy.js');
const m = Module as unknown as { _resolveFilename: (req: string, ...rest: unknown[]) => string };
const original = m._resolveFilename;
m._resolveFilename = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? stub : original.call(this, request, ...rest);
};
