// Live runtime diagnostics of a `xen` debug session: the adapter's `xenscope/findings` events
// (refused page-table updates, failed hypercalls, unhandled faults) shown in the Problems panel as
// the DiagnosticCollection "xenscope-live", cleared when a session starts (or restarts) and ends.
import * as vscode from 'vscode';
import { EVENT_FINDINGS, LIVE_SOURCE, Place, problemsByFile } from './findings';

function range(p: Place): vscode.Range {
  return new vscode.Range(p.line, p.character, p.line, Number.MAX_SAFE_INTEGER);
}

export class LiveDiagnostics implements vscode.DebugAdapterTrackerFactory, vscode.Disposable {
  readonly collection: vscode.DiagnosticCollection = vscode.languages.createDiagnosticCollection(LIVE_SOURCE);

  /** Shows the findings of one event, replacing what the collection held. */
  show(body: unknown): void {
    this.collection.clear();
    for (const [file, problems] of problemsByFile(body)) {
      this.collection.set(vscode.Uri.file(file), problems.map((p) => {
        const d = new vscode.Diagnostic(range(p.at), p.message,
          p.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error);
        d.source = LIVE_SOURCE;
        if (p.code) d.code = p.code;
        d.relatedInformation = p.related.map((r) =>
          new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(r.at.file), range(r.at)), r.message));
        return d;
      }));
    }
  }

  clear(): void {
    this.collection.clear();
  }

  createDebugAdapterTracker(): vscode.DebugAdapterTracker {
    return {
      onWillStartSession: () => this.clear(),
      onDidSendMessage: (m: { type?: string; event?: string; body?: unknown }) => {
        if (m.type === 'event' && m.event === EVENT_FINDINGS) this.show(m.body);
      },
      onWillStopSession: () => this.clear(),
      onExit: () => this.clear(),
    };
  }

  dispose(): void {
    this.collection.dispose();
  }
}
