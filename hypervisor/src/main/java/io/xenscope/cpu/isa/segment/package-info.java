/**
 * Segmentation and far control transfers (SDM Vol. 3 chapters 3 and 5; Vol. 2 MOV Sreg, JMP, CALL,
 * RET, IRET, LGDT...): {@link io.xenscope.cpu.isa.segment.SegmentLoader} does the protected-mode
 * checks of a segment-register load, {@link io.xenscope.cpu.isa.segment.FarTransfer} far jmp/call/ret
 * and iret including call gates and privilege changes, {@link io.xenscope.cpu.isa.segment.Stack} the
 * pushes and pops of a transfer with RSP committed last. Task switches are not modelled: task gates,
 * TSS targets and iret with NT raise #GP with a detail saying so.
 */
package io.xenscope.cpu.isa.segment;
