/** The Debug Adapter Protocol server over the hypervisor's debug API (issue: debugging). */
package io.xenscope.dap;
