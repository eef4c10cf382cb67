// A small stand-in for the `vscode` module (which only exists inside VS Code), enough for the
// modules under test. Calls to the window are recorded in `calls`.
/* eslint-disable @typescript-eslint/no-explicit-any */
export const calls: { fn: string; args: unknown[] }[] = [];

export class EventEmitter<T> {
  private listeners: ((e: T) => void)[] = [];
  event = (l: (e: T) => void) => {
    this.listeners.push(l);
    return { dispose: () => undefined };
  };
  fire(e: T): void {
    this.listeners.forEach((l) => l(e));
  }
}
export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}
export class TreeItem {
  description?: string;
  tooltip?: string;
  iconPath?: unknown;
  contextValue?: string;
  constructor(public label: string, public collapsibleState?: TreeItemCollapsibleState) {}
}
export class ThemeIcon {
  constructor(public id: string) {}
}
export class DebugAdapterExecutable {
  constructor(public command: string, public args?: string[], public options?: unknown) {}
}
export class Uri {
  constructor(public scheme: string, public fsPath: string) {}
  static file(p: string): Uri {
    return new Uri('file', p);
  }
}
export class Position {
  constructor(public line: number, public character: number) {}
}
export class Range {
  start: Position;
  end: Position;
  constructor(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
    this.start = new Position(startLine, startCharacter);
    this.end = new Position(endLine, endCharacter);
  }
}
export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}
export class Location {
  constructor(public uri: Uri, public range: Range) {}
}
export class DiagnosticRelatedInformation {
  constructor(public location: Location, public message: string) {}
}
export class Diagnostic {
  source?: string;
  code?: string | number;
  relatedInformation?: DiagnosticRelatedInformation[];
  constructor(public range: Range, public message: string, public severity?: DiagnosticSeverity) {}
}
/** A DiagnosticCollection keeping its entries by fsPath, so tests can read them. */
export class DiagnosticCollectionStub {
  readonly entries = new Map<string, Diagnostic[]>();
  disposed = false;
  constructor(public name: string) {}
  set(uri: Uri, diagnostics: Diagnostic[]): void {
    this.entries.set(uri.fsPath, diagnostics);
  }
  clear(): void {
    this.entries.clear();
  }
  dispose(): void {
    this.disposed = true;
  }
}
export const languages: any = {
  createDiagnosticCollection: (name: string) => new DiagnosticCollectionStub(name),
};
export const window: any = {
  activeTextEditor: undefined,
  showErrorMessage: (...args: unknown[]) => {
    calls.push({ fn: 'showErrorMessage', args });
    return Promise.resolve(undefined);
  },
  showInformationMessage: (...args: unknown[]) => {
    calls.push({ fn: 'showInformationMessage', args });
    return Promise.resolve(undefined);
  },
  showInputBox: () => Promise.resolve(undefined),
  withProgress: (_options: unknown, task: () => Promise<unknown>) => task(),
  showQuickPick: () => Promise.resolve(undefined),
  showOpenDialog: () => Promise.resolve(undefined),
};
export const settings: Record<string, unknown> = {};
export const workspace: any = {
  workspaceFolders: undefined,
  getConfiguration: (section: string) => ({ get: (k: string) => settings[`${section}.${k}`] }),
};
const disposable = { dispose: () => undefined };
function record(fn: string) {
  return (...args: unknown[]) => {
    calls.push({ fn, args });
    return disposable;
  };
}
export enum DebugConfigurationProviderTriggerKind {
  Initial = 1,
  Dynamic = 2,
}
export const debug: any = {
  activeDebugSession: undefined,
  registerDebugConfigurationProvider: record('registerDebugConfigurationProvider'),
  registerDebugAdapterDescriptorFactory: record('registerDebugAdapterDescriptorFactory'),
  registerDebugAdapterTrackerFactory: record('registerDebugAdapterTrackerFactory'),
  onDidChangeActiveDebugSession: record('onDidChangeActiveDebugSession'),
  onDidTerminateDebugSession: record('onDidTerminateDebugSession'),
};
export const commands: any = {
  executeCommand: () => Promise.resolve(undefined),
  registerCommand: record('registerCommand'),
};
window.registerTreeDataProvider = record('registerTreeDataProvider');
window.createOutputChannel = (name: string) => ({ name, appendLine: () => undefined, dispose: () => undefined });

export function reset(): void {
  calls.length = 0;
  window.activeTextEditor = undefined;
  workspace.workspaceFolders = undefined;
  debug.activeDebugSession = undefined;
  for (const k of Object.keys(settings)) delete settings[k];
}
