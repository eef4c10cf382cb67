package io.xenscope.dap;

/**
 * One DAP request: {@code A} the arguments, {@code R} the response body (Void for none). Handlers run
 * on the protocol thread, one at a time, in the order the requests arrived. A handler that cannot
 * serve a request throws {@link DapError}; any other exception also becomes an error response.
 */
public interface Handler<A, R> {
    R handle(A arguments, DapContext context) throws Exception;
}
