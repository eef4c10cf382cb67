// The `xen` debug type: configuration provider and the adapter (`java -jar xenscope.jar dap`).
import * as vscode from 'vscode';
import { DEBUG_TYPE, initialConfig, resolveConfig, ResolveContext, XenLaunchConfig } from './debugConfig';
import { nodeProjectFs, projectRootOf } from './fsProject';
import { serverCommand } from './jar';
import { ServerRuntime } from './server';

export function resolveContext(folder?: vscode.WorkspaceFolder): ResolveContext {
  const active = vscode.window.activeTextEditor?.document;
  const activeFile = active && active.uri.scheme === 'file' ? active.uri.fsPath : undefined;
  const roots = folder ? [folder.uri.fsPath] : (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  return { activeFile, workspaceRoot: projectRootOf(activeFile, roots), fs: nodeProjectFs };
}

export class XenConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): vscode.DebugConfiguration[] {
    return [initialConfig(resolveContext(folder))];
  }

  resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    const r = resolveConfig(config as Partial<XenLaunchConfig>, resolveContext(folder));
    if (!r.ok) {
      void vscode.window.showErrorMessage(r.error);
      return undefined; // aborts the launch
    }
    return r.config;
  }
}

export class XenAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly runtime: () => ServerRuntime | undefined) {}

  createDebugAdapterDescriptor(): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    const rt = this.runtime();
    if (!rt) return undefined; // the reason was shown; VS Code reports the adapter could not start
    const c = serverCommand(rt.java, rt.jar, 'dap', rt.jvmArgs);
    return new vscode.DebugAdapterExecutable(c.command, c.args);
  }
}

export { DEBUG_TYPE };
