package io.xenscope.lsp;

import io.xenscope.lsp.check.BootCheckCommand;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * Workspace requests: the {@value BootCheckCommand#COMMAND} command (run in the background by
 * {@link BootCheckCommand}); no settings (files are re-read on each check).
 */
public final class XenScopeWorkspaceService implements WorkspaceService {
    private final BootCheckCommand bootCheck;

    public XenScopeWorkspaceService(BootCheckCommand bootCheck) {
        this.bootCheck = bootCheck;
    }

    @Override
    public CompletableFuture<Object> executeCommand(ExecuteCommandParams params) {
        if (BootCheckCommand.COMMAND.equals(params.getCommand())) {
            return bootCheck.execute(params.getArguments());
        }
        CompletableFuture<Object> f = new CompletableFuture<>();
        f.completeExceptionally(new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidParams,
                "unknown command " + params.getCommand(), null)));
        return f;
    }

    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {
    }

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
    }
}
