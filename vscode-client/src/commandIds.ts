// Command ids, shared by package.json (tested), the extension and the language client. No vscode import.
export const CMD_BOOT_CHECK = 'xenscope.bootCheck';
export const CMD_TRANSLATE = 'xenscope.translateAddress';
export const CMD_RUN_GUEST = 'xenscope.runGuest';
export const CMD_REFRESH_MACHINE = 'xenscope.machine.refresh';

/** Server workspace commands that the extension registers itself and forwards. */
export const SERVER_BOOT_CHECK = 'xenscope.bootCheck';
export const CLIENT_OWNED_COMMANDS = [CMD_BOOT_CHECK, CMD_TRANSLATE, CMD_RUN_GUEST, CMD_REFRESH_MACHINE];

export function withoutClientOwned(commands: string[] | undefined): string[] {
  return (commands ?? []).filter((c) => !CLIENT_OWNED_COMMANDS.includes(c));
}

export const MACHINE_VIEW = 'xenscope.machine';
