// What `require('vscode')` returns in tests: the stub, plus an empty class for any other name, so
// libraries that extend vscode classes at load time (vscode-languageclient does) can be loaded.
import * as real from './vscodeStub';

const auto: Record<string | symbol, unknown> = {};
const target = real as unknown as Record<string | symbol, unknown>;
export = new Proxy(target, {
  get: (t, k) => (k in t ? t[k] : (auto[k] ??= class {})),
});
