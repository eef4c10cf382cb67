#!/bin/sh
# Starts `xenscope dap` for DebugClient (which spawns RUNTIME EXECUTABLE with no further arguments).
# XENSCOPE_CP: the class path with io.xenscope.cli.Main and its dependencies; JAVA: the java binary.
exec "${JAVA:-java}" -cp "$XENSCOPE_CP" io.xenscope.cli.Main dap
