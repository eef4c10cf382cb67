// The "Xen machine" tree in the debug sidebar, fed by custom DAP requests of the active xen session.
import * as vscode from 'vscode';
import { DEBUG_TYPE } from './debugConfig';
import { MachineNode, NOT_AVAILABLE, PageTableArgs, nodesFor, rootSections, unavailable } from './machine';

/** What the view needs of a debug session (vscode.DebugSession has it). */
export interface RequestSession {
  type: string;
  customRequest(command: string, args?: unknown): Thenable<unknown>;
}

type Section = { label: string; command: string; args: PageTableArgs | Record<string, never> };
export type ViewNode = { section: Section } | { node: MachineNode };

export class MachineTreeProvider implements vscode.TreeDataProvider<ViewNode> {
  private readonly changed = new vscode.EventEmitter<ViewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly session: () => RequestSession | undefined) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(v: ViewNode): vscode.TreeItem {
    if ('section' in v) {
      const item = new vscode.TreeItem(v.section.label, vscode.TreeItemCollapsibleState.Expanded);
      item.contextValue = 'section';
      return item;
    }
    const n = v.node;
    const expandable = (n.children && n.children.length > 0) || n.lazy !== undefined;
    const item = new vscode.TreeItem(n.label, expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.description = n.description;
    item.tooltip = n.tooltip;
    if (n.unavailable) item.iconPath = new vscode.ThemeIcon('circle-slash');
    return item;
  }

  async getChildren(v?: ViewNode): Promise<ViewNode[]> {
    const s = this.session();
    if (!v) {
      if (!s || s.type !== DEBUG_TYPE) return [{ node: { label: 'Start a "xen" debug session to see the machine' } }];
      return rootSections().map((section) => ({ section }));
    }
    if ('section' in v) return this.ask(s, v.section.label, v.section.command, v.section.args);
    if (v.node.children) return v.node.children.map((node) => ({ node }));
    if (v.node.lazy) return this.ask(s, v.node.label, v.node.lazy.command, v.node.lazy.args);
    return [];
  }

  private async ask(s: RequestSession | undefined, what: string, command: string, args: PageTableArgs): Promise<ViewNode[]> {
    if (!s || s.type !== DEBUG_TYPE) return [{ node: unavailable(what, 'no xen debug session') }];
    try {
      const body = await s.customRequest(command, args);
      return nodesFor(command, body, args).map((node) => ({ node }));
    } catch (e) {
      return [{ node: unavailable(what, (e as Error)?.message ?? String(e)) }];
    }
  }
}

export { NOT_AVAILABLE };
