// Locates java and the jar with the user's settings; reports what is missing once, clearly.
import * as vscode from 'vscode';
import * as fs from 'fs';
import { findJava, probeJavaVersion } from './java';
import { findJar } from './jar';

export interface ServerRuntime {
  java: string;
  jar: string;
  jvmArgs: string[];
}

export function resolveRuntime(extensionPath: string): ServerRuntime | { error: string } {
  const cfg = vscode.workspace.getConfiguration('xenscope');
  const java = findJava({
    setting: cfg.get<string>('java.home'),
    env: process.env,
    platform: process.platform,
    exists: (f) => fs.existsSync(f),
    version: probeJavaVersion,
  });
  if (!java.ok) return { error: java.message };
  const jar = findJar(cfg.get<string>('server.jar'), extensionPath, (f) => fs.existsSync(f));
  if (!jar.ok) return { error: jar.message };
  return { java: java.java, jar: jar.jar, jvmArgs: cfg.get<string[]>('server.jvmArgs') ?? [] };
}

/** Resolves the runtime or shows the reason (with a button to the settings) and returns undefined. */
export function runtimeOrReport(extensionPath: string): ServerRuntime | undefined {
  const r = resolveRuntime(extensionPath);
  if ('error' in r) {
    void vscode.window.showErrorMessage(r.error, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'xenscope');
    });
    return undefined;
  }
  return r;
}
