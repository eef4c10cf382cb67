/** Port I/O (in, out, ins, outs) through {@link io.xenscope.cpu.Cpu#io} with the I/O permission rules of SDM Vol. 1 §19.5. */
package io.xenscope.cpu.isa.io;
