// The language client over `java -jar xenscope.jar lsp` (stdio).
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { DOCUMENT_SELECTOR } from './selector';
import { serverCommand } from './jar';
import { ServerRuntime } from './server';
import { withoutClientOwned } from './commandIds';

export function createLanguageClient(rt: ServerRuntime, output: vscode.OutputChannel): LanguageClient {
  const exe = serverCommand(rt.java, rt.jar, 'lsp', rt.jvmArgs);
  const serverOptions: ServerOptions = { run: exe, debug: exe };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{xl.cfg,*.cfg,*.xl,Makefile}') },
  };
  const client = new LanguageClient('xenscope', 'XenScope', serverOptions, clientOptions);
  // The extension registers xenscope.bootCheck itself (it asks for the kernel, then forwards the
  // call); if the server also advertises it, the client's own registration would clash.
  const feature = client.getFeature(ExecuteCommandRequest.method);
  const register = feature.register.bind(feature);
  feature.register = (data) =>
    register({ ...data, registerOptions: { ...data.registerOptions, commands: withoutClientOwned(data.registerOptions.commands) } });
  return client;
}
