package io.xenscope.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** A two-vCPU PC: a local APIC per vCPU behind one MMIO window, the APIC bus, the I/O APIC's destinations. */
class PcPlatformSmpTest {
    private final PhysicalMemory memory = new PhysicalMemory(64L << 20);
    private int running;
    private final List<String> startups = new ArrayList<>();
    private final PcPlatform pc = new PcPlatform(memory, new IoBus(), new LongSupplier[] {() -> 0, () -> 0}, () -> running,
            new PlatformSink() {
                @Override
                public void consoleOutput(String source, byte[] bytes) {
                }

                @Override
                public void exitRequested(int status) {
                }

                @Override
                public void resetRequested() {
                }
            });

    {
        pc.onApStartup(new PcPlatform.ApStartup() {
            @Override
            public boolean init(int vcpu) {
                startups.add("INIT " + vcpu);
                return true;
            }

            @Override
            public void startup(int vcpu, int vector) {
                startups.add(String.format("STARTUP %d %02x", vcpu, vector));
            }

            @Override
            public void interrupted(int vcpu) {
                startups.add("IPI " + vcpu);
            }
        });
    }

    private void lapicWrite(int vcpu, int reg, int value) {
        running = vcpu;
        memory.write32(LocalApic.DEFAULT_BASE + reg, value);
    }

    private int lapicRead(int vcpu, int reg) {
        running = vcpu;
        return memory.read32(LocalApic.DEFAULT_BASE + reg);
    }

    private void ipi(int from, int destination, int icrLow) {
        lapicWrite(from, LocalApic.ICR_HIGH, destination << 24);
        lapicWrite(from, LocalApic.ICR_LOW, icrLow);
    }

    private void enableBoth() {
        lapicWrite(0, LocalApic.SVR, 0x1ff);
        lapicWrite(1, LocalApic.SVR, 0x1ff);
    }

    @Test
    void theApicWindowShowsTheApicOfTheVcpuMakingTheAccess() {
        assertEquals(0, lapicRead(0, LocalApic.ID));
        assertEquals(2 << 24, lapicRead(1, LocalApic.ID), "vCPU 1: APIC ID 2 (Xen: 2 × vCPU id)");
    }

    @Test
    void aFixedIpiReachesTheDestinationApicOnly() {
        enableBoth();
        ipi(0, 2, 0x40);
        assertTrue(pc.pending(1));
        assertFalse(pc.pending(0));
        assertEquals(0x40, pc.acknowledge(1));
        assertEquals(List.of("IPI 1"), startups);
    }

    @Test
    void allExcludingSelfSkipsTheSender() {
        enableBoth();
        ipi(1, 0, 3 << 18 | 0x41);
        assertTrue(pc.pending(0));
        assertFalse(pc.pending(1));
    }

    @Test
    void initLevelAssertAndStartupGoToTheMachineWithTheVector() {
        ipi(0, 2, LocalApic.DM_INIT | LocalApic.ICR_ASSERT);
        ipi(0, 2, LocalApic.DM_STARTUP | 0x9a);
        assertEquals(List.of("INIT 1", "STARTUP 1 9a"), startups);
    }

    @Test
    void theInitDeassertMessageIsIgnored() {
        ipi(0, 2, LocalApic.DM_INIT | LocalApic.LVT_LEVEL);
        assertEquals(List.of(), startups);
    }

    @Test
    void initResetsTheTargetsApic() {
        enableBoth();
        ipi(0, 2, LocalApic.DM_INIT | LocalApic.ICR_ASSERT);
        assertFalse(pc.lapic(1).softwareEnabled());
        assertEquals(2, pc.lapic(1).apicId(), "the APIC ID survives INIT");
    }

    @Test
    void theIoApicDeliversToThePhysicalDestinationItNames() {
        enableBoth();
        IoApic io = pc.ioapic();
        io.write(IoApic.IOREGSEL, 4, 0x10 + 2 * 20);
        io.write(IoApic.IOWIN, 4, 0x55);
        io.write(IoApic.IOREGSEL, 4, 0x11 + 2 * 20);
        io.write(IoApic.IOWIN, 4, 2 << 24);
        pc.setIrq(20, true);
        assertEquals(0x55, pc.acknowledge(1));
        assertFalse(pc.pending(0));
    }

    @Test
    void aLowestPriorityIpiGoesToTheTargetWithTheLowestPpr() {
        enableBoth();
        lapicWrite(0, LocalApic.TPR, 0x30);
        lapicWrite(0, LocalApic.LDR, 1 << 24);
        lapicWrite(1, LocalApic.LDR, 2 << 24);
        ipi(0, 3, LocalApic.DM_LOWEST | 1 << 11 | 0x50);
        assertTrue(pc.pending(1));
        assertFalse(pc.pending(0));
    }

    @Test
    void onlyTheBspsApicBaseMsrHasTheBspFlag() {
        assertEquals(0xfee00900L, ((ApicBaseMsr) pc.apicBaseMsr(0)).value());
        assertEquals(0xfee00800L, ((ApicBaseMsr) pc.apicBaseMsr(1)).value());
    }
}
