/**
 * xl.cfg(5), the domain configuration format of Xen's toolstack: {@link io.xenscope.xl.XlCfgParser}
 * reads it after libxlu's grammar (tools/libs/util/libxlu_cfg_l.l and libxlu_cfg_y.y, libxlu being
 * its C equivalent) into an {@link io.xenscope.xl.XlCfgFile}, keeping every syntax error with its
 * extent. No editor types here: the language server's diagnostics, completion and hover
 * ({@code io.xenscope.lsp.xlcfg}) and the debug adapter's launch both build on it.
 */
package io.xenscope.xl;
