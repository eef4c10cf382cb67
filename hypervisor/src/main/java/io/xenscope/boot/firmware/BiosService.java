package io.xenscope.boot.firmware;

/** The Java side of one BIOS interrupt vector. */
interface BiosService {
    void call(BiosCall call);
}
