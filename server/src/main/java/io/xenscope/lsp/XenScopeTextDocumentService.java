package io.xenscope.lsp;

import io.xenscope.lsp.guest.GuestHover;
import io.xenscope.lsp.xlcfg.XlCfgCodeActions;
import io.xenscope.lsp.xlcfg.XlCfgCompletion;
import io.xenscope.lsp.xlcfg.XlCfgHover;
import io.xenscope.lsp.xlcfg.XlCfgSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.TextDocumentService;

/** Document sync and per-document requests, dispatched by {@link DocumentKind}. */
public final class XenScopeTextDocumentService implements TextDocumentService {
    private final Map<String, TextDocument> open = new ConcurrentHashMap<>();
    private final DiagnosticsService diagnostics;

    public XenScopeTextDocumentService(DiagnosticsService diagnostics) {
        this.diagnostics = diagnostics;
    }

    private volatile java.util.function.Function<TextDocument, List<CodeLens>> codeLenses = d -> List.of();

    public void setCodeLenses(java.util.function.Function<TextDocument, List<CodeLens>> codeLenses) {
        this.codeLenses = codeLenses;
    }

    @Override
    public CompletableFuture<List<? extends CodeLens>> codeLens(CodeLensParams params) {
        TextDocument doc = open.get(params.getTextDocument().getUri());
        List<CodeLens> out;
        try {
            out = doc == null ? List.of() : codeLenses.apply(doc);
        } catch (RuntimeException e) {
            out = List.of();
        }
        return CompletableFuture.completedFuture(out);
    }

    public TextDocument document(String uri) {
        return open.get(uri);
    }

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        var item = params.getTextDocument();
        TextDocument doc = new TextDocument(item.getUri(), item.getLanguageId(), item.getVersion(), item.getText());
        open.put(doc.uri(), doc);
        diagnostics.refresh(doc);
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        String uri = params.getTextDocument().getUri();
        TextDocument doc = open.get(uri);
        if (doc == null) return;
        int v = params.getTextDocument().getVersion() == null ? doc.version() + 1 : params.getTextDocument().getVersion();
        for (TextDocumentContentChangeEvent c : params.getContentChanges()) {
            doc = doc.apply(c.getRange(), c.getText(), v);
        }
        doc = doc.withVersion(v);
        open.put(uri, doc);
        diagnostics.refresh(doc);
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        String uri = params.getTextDocument().getUri();
        open.remove(uri);
        diagnostics.clear(uri);
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        TextDocument doc = open.get(params.getTextDocument().getUri());
        if (doc != null) diagnostics.refresh(doc); // files next to it (kernel, xl.cfg) may have changed
    }

    @Override
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
        TextDocument doc = open.get(params.getTextDocument().getUri());
        List<CompletionItem> items = doc != null && DocumentKind.of(doc) == DocumentKind.XL_CFG
                ? XlCfgCompletion.complete(doc, params.getPosition()) : List.of();
        return CompletableFuture.completedFuture(Either.forRight(new CompletionList(false, items)));
    }

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        TextDocument doc = open.get(params.getTextDocument().getUri());
        if (doc == null) return CompletableFuture.completedFuture(null);
        Hover h = switch (DocumentKind.of(doc)) {
            case XL_CFG -> XlCfgHover.hover(doc, params.getPosition()).orElse(null);
            case C, ASM -> GuestHover.hover(doc, params.getPosition()).orElse(null);
            default -> null;
        };
        return CompletableFuture.completedFuture(h);
    }

    @Override
    public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(DocumentSymbolParams params) {
        TextDocument doc = open.get(params.getTextDocument().getUri());
        List<Either<SymbolInformation, DocumentSymbol>> out = new ArrayList<>();
        if (doc != null && DocumentKind.of(doc) == DocumentKind.XL_CFG) {
            for (DocumentSymbol s : XlCfgSymbols.symbols(doc)) out.add(Either.forRight(s));
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
        String uri = params.getTextDocument().getUri();
        List<Either<Command, CodeAction>> out = new ArrayList<>();
        TextDocument doc = open.get(uri);
        if (doc != null && DocumentKind.of(doc) == DocumentKind.XL_CFG && params.getContext() != null) {
            for (CodeAction a : XlCfgCodeActions.quickFixes(uri, params.getContext().getDiagnostics())) out.add(Either.forRight(a));
        }
        return CompletableFuture.completedFuture(out);
    }
}
