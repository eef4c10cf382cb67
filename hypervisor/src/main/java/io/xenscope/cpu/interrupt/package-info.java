/**
 * Event delivery as bare hardware performs it: {@link io.xenscope.cpu.interrupt.HardwareExceptionDelivery}
 * implements {@link io.xenscope.cpu.exec.ExceptionDelivery} for the real-mode IVT, the protected-mode
 * IDT and the IA-32e IDT (SDM Vol. 3 chapter 6). The engine turns faults raised during delivery into
 * #DF and triple faults.
 */
package io.xenscope.cpu.interrupt;
