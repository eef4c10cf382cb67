package io.xenscope.dap;

import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/** A request the adapter cannot serve: becomes an error response with this message. */
public final class DapError extends RuntimeException {
    public DapError(String message) {
        super(message, null, false, false);
    }

    ResponseErrorException toResponse() {
        return new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidParams, getMessage(), null));
    }
}
