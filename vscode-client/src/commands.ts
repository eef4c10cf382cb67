// The palette commands: boot check (server workspace command), address translation (custom DAP
// request) and running a guest in a terminal.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient } from 'vscode-languageclient/node';
import { SERVER_BOOT_CHECK } from './commandIds';
import { DEBUG_TYPE, initialConfig } from './debugConfig';
import { resolveContext } from './debug';
import { formatTranslation, hex, parseAddress, REQ_TRANSLATE, TranslateResult, validAddress } from './machine';
import { ServerRuntime } from './server';

/** The kernel a command acts on: its argument, else the active project's kernel if built, else a file picker. */
export async function pickKernel(arg: unknown, title: string): Promise<string | undefined> {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (typeof arg === 'string' && arg) return arg;
  const guess = initialConfig(resolveContext()).program;
  const items: vscode.QuickPickItem[] = [];
  const fs = resolveContext().fs;
  if (guess && !guess.includes('${') && (fs.isElf(guess) || (guess.endsWith('.img') && fs.exists(guess)))) items.push({ label: guess, description: 'kernel of the active project' });
  items.push({ label: 'Choose a file…' });
  const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title });
  if (!picked) return undefined;
  if (picked.label !== 'Choose a file…') return picked.label;
  const uris = await vscode.window.showOpenDialog({ title, canSelectMany: false, openLabel: 'Select kernel ELF' });
  return uris?.[0]?.fsPath;
}

/** The boot check; `mode` ("pv", "pvh", "hvm", from a code lens) is passed on, else the server picks it. */
export async function bootCheck(client: () => LanguageClient | undefined, arg: unknown, mode?: unknown): Promise<void> {
  const c = client();
  if (!c || !c.isRunning()) {
    void vscode.window.showErrorMessage('XenScope: the language server is not running (see the XenScope output)');
    return;
  }
  const kernel = await pickKernel(arg, 'Boot check: kernel ELF');
  if (!kernel) return;
  const args = typeof mode === 'string' && mode ? [kernel, mode] : [kernel];
  const as = args.length > 1 ? ` as ${String(mode).toUpperCase()}` : '';
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `XenScope: boot check of ${kernel}${as}` },
    () => c.sendRequest(ExecuteCommandRequest.type, { command: SERVER_BOOT_CHECK, arguments: args }),
  ).then(
    (r) => r,
    (e: Error) => {
      void vscode.window.showErrorMessage(`XenScope: boot check failed: ${e.message}`);
      return undefined;
    },
  );
  if (result === undefined || result === null) return;
  const text = typeof result === 'string' ? result : summarize(result);
  void vscode.window.showInformationMessage(`XenScope boot check: ${text}`);
}

/** The answer in one sentence: a `summary` string, XenScope's summary object, else JSON. */
export function summarize(r: unknown): string {
  const o = r as Record<string, unknown>;
  if (typeof o.summary === 'string') return o.summary;
  if (typeof o.error === 'string') return o.error;
  if (typeof o.errors === 'number' && typeof o.warnings === 'number' && typeof o.outcome === 'string') {
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    const mode = typeof o.mode === 'string' ? ` as ${o.mode.toUpperCase()}` : '';
    const ms = typeof o.millis === 'number' ? `, ${Math.round(o.millis)} ms` : '';
    return `${String(o.kernel ?? 'the kernel')}${mode}: ${plural(o.errors, 'error')}, ${plural(o.warnings, 'warning')} (${o.outcome.toLowerCase()}${ms}); see the Problems panel`;
  }
  return JSON.stringify(r);
}

export async function translateAddress(arg: unknown): Promise<void> {
  const s = vscode.debug.activeDebugSession;
  if (!s || s.type !== DEBUG_TYPE) {
    void vscode.window.showErrorMessage('XenScope: translating an address needs an active "xen" debug session');
    return;
  }
  const input =
    typeof arg === 'string'
      ? arg
      : await vscode.window.showInputBox({
          title: 'Translate a guest virtual address',
          prompt: 'Virtual address (hex with 0x, or decimal)',
          validateInput: (v) => {
            const a = parseAddress(v);
            return a !== undefined && validAddress(a) ? undefined : 'not an address (e.g. 0xffff800000001000)';
          },
        });
  if (input === undefined) return;
  const va = parseAddress(input);
  if (va === undefined || !validAddress(va)) {
    void vscode.window.showErrorMessage(`XenScope: not an address: ${input}`);
    return;
  }
  try {
    const body = (await s.customRequest(REQ_TRANSLATE, { address: hex(va) })) as TranslateResult;
    void vscode.window.showInformationMessage(formatTranslation({ ...body, va: body?.va ?? hex(va) }));
  } catch (e) {
    void vscode.window.showErrorMessage(`XenScope: translate is not available in this session: ${(e as Error).message}`);
  }
}

export async function runGuest(runtime: () => ServerRuntime | undefined, arg: unknown): Promise<void> {
  const kernel = await pickKernel(arg, 'Run a guest kernel');
  if (!kernel) return;
  const rt = runtime();
  if (!rt) return;
  const term = vscode.window.createTerminal({
    name: 'XenScope run',
    shellPath: rt.java,
    shellArgs: [...rt.jvmArgs, '-jar', rt.jar, 'run', kernel],
  });
  term.show();
}
