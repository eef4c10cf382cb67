// Entry point: wires the language client, the `xen` debug type, the machine view and the commands.
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './client';
import { CMD_BOOT_CHECK, CMD_REFRESH_MACHINE, CMD_RUN_GUEST, CMD_TRANSLATE, MACHINE_VIEW } from './commandIds';
import { bootCheck, runGuest, translateAddress } from './commands';
import { DEBUG_TYPE, XenAdapterFactory, XenConfigurationProvider } from './debug';
import { LiveDiagnostics } from './liveDiagnostics';
import { MachineTreeProvider } from './machineView';
import { runtimeOrReport } from './server';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('XenScope');
  context.subscriptions.push(output);
  const runtime = () => runtimeOrReport(context.extensionPath);

  // Debugging first: it must be registered even when the language server cannot start.
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new XenConfigurationProvider()),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new XenConfigurationProvider(), vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new XenAdapterFactory(runtime)),
  );

  // Runtime findings of a running guest (xenscope/findings events) in the Problems panel.
  const live = new LiveDiagnostics();
  context.subscriptions.push(live, vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, live));

  const view = new MachineTreeProvider(() => vscode.debug.activeDebugSession);
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider(MACHINE_VIEW, view),
    vscode.debug.onDidChangeActiveDebugSession(() => view.refresh()),
    vscode.debug.onDidTerminateDebugSession(() => view.refresh()),
    vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
      createDebugAdapterTracker: () => ({
        onDidSendMessage: (m: { type?: string; event?: string }) => {
          if (m.type === 'event' && (m.event === 'stopped' || m.event === 'initialized')) view.refresh();
        },
      }),
    }),
    vscode.commands.registerCommand(CMD_REFRESH_MACHINE, () => view.refresh()),
    vscode.commands.registerCommand(CMD_BOOT_CHECK, (arg, mode) => bootCheck(() => client, arg, mode)),
    vscode.commands.registerCommand(CMD_TRANSLATE, (arg) => translateAddress(arg)),
    vscode.commands.registerCommand(CMD_RUN_GUEST, (arg) => runGuest(runtime, arg)),
  );

  const rt = runtime();
  if (!rt) return;
  output.appendLine(`XenScope: ${rt.java} -jar ${rt.jar} lsp`);
  client = createLanguageClient(rt, output);
  try {
    await client.start();
  } catch (e) {
    void vscode.window.showErrorMessage(`XenScope: the language server did not start: ${(e as Error).message}`);
  }
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}
