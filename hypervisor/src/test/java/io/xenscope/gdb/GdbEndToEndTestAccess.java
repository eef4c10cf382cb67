package io.xenscope.gdb;

import java.nio.file.Path;

/** The hello-pv image for tests in other packages. */
public final class GdbEndToEndTestAccess {
    private GdbEndToEndTestAccess() {
    }

    public static Path helloPv() throws Exception {
        return GdbEndToEndTest.helloPv();
    }
}
