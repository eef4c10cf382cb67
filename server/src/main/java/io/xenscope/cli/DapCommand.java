package io.xenscope.cli;

import io.xenscope.dap.XenDebugAdapter;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code xenscope dap}: the Debug Adapter Protocol on stdin/stdout, for editors. Anything else the
 * JVM would print to stdout goes to stderr so it cannot corrupt the protocol stream.
 */
@Command(name = "dap", mixinStandardHelpOptions = true,
        description = "Serve the Debug Adapter Protocol on stdin/stdout (launch a PV guest from the editor).")
public final class DapCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        InputStream in = new FileInputStream(FileDescriptor.in);
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        XenDebugAdapter adapter = new XenDebugAdapter();
        adapter.start(in, out);
        adapter.context().finished().get();
        out.flush();
        return 0;
    }
}
