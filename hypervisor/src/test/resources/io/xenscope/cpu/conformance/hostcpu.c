/*
 * The differential oracle: runs code snippets on the host CPU from a given GPR/RFLAGS/memory state
 * and dumps the state it ended in. Built by HostCpu.java with the host's C compiler at test time.
 *
 * Layout (fixed, identical in the emulator): the code blob at CODE_BASE, the data window at
 * DATA_BASE (DATA_SIZE bytes, compared), a scratch stack at STACK_BASE (not compared).
 * A case is entered through a signal return (the kernel loads every GPR, RFLAGS, RSP and RIP from
 * the ucontext we fill in) and ends at a HLT (#GP in user mode, SIGSEGV) or at a fault of its own
 * (SIGFPE = #DE, SIGILL = #UD, SIGSEGV elsewhere): the handler records the ucontext and jumps back.
 *
 * stdin:  u64 codeSize, code bytes, u64 nCases, then per case: u64 start, u64 gpr[16], u64 rflags, u8 data[DATA_SIZE]
 * stdout: per case: u64 signal, u64 rip, u64 gpr[16], u64 rflags, u8 data[DATA_SIZE]
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#define CODE_BASE 0x10000000UL
#define DATA_BASE 0x20000000UL
#define DATA_SIZE 512
#define STACK_BASE 0x30000000UL
#define STACK_SIZE 0x10000UL

static const int GREG[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
                             REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15};

static sigjmp_buf back;
static uint64_t in_gpr[16], in_flags, in_rip;
static uint64_t out[2 + 16 + 1];

static void enter(int sig, siginfo_t *si, void *ctx) {
    (void) sig; (void) si;
    greg_t *g = ((ucontext_t *) ctx)->uc_mcontext.gregs;
    for (int i = 0; i < 16; i++) g[GREG[i]] = (greg_t) in_gpr[i];
    g[REG_EFL] = (greg_t) in_flags;
    g[REG_RIP] = (greg_t) in_rip;
}

static void leave(int sig, siginfo_t *si, void *ctx) {
    (void) si;
    greg_t *g = ((ucontext_t *) ctx)->uc_mcontext.gregs;
    out[0] = (uint64_t) sig;
    out[1] = (uint64_t) g[REG_RIP];
    for (int i = 0; i < 16; i++) out[2 + i] = (uint64_t) g[GREG[i]];
    out[18] = (uint64_t) g[REG_EFL];
    siglongjmp(back, 1);
}

static void *map_at(uint64_t addr, size_t size, int prot) {
    void *p = mmap((void *) addr, size, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p != (void *) addr) { perror("mmap"); exit(2); }
    return p;
}

static void read_all(void *p, size_t n) {
    if (n && fread(p, 1, n, stdin) != n) { fprintf(stderr, "short input\n"); exit(2); }
}

int main(void) {
    uint64_t code_size, n;
    read_all(&code_size, 8);
    size_t code_map = (code_size + 0xfff) & ~0xfffUL;
    uint8_t *code = map_at(CODE_BASE, code_map ? code_map : 0x1000, PROT_READ | PROT_WRITE);
    read_all(code, code_size);
    mprotect(code, code_map ? code_map : 0x1000, PROT_READ | PROT_EXEC);
    uint8_t *data = map_at(DATA_BASE, 0x1000, PROT_READ | PROT_WRITE);
    map_at(STACK_BASE, STACK_SIZE, PROT_READ | PROT_WRITE);

    static uint8_t altstack[65536];
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sa.sa_sigaction = enter;
    sigaction(SIGUSR1, &sa, NULL);
    sa.sa_sigaction = leave;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);

    read_all(&n, 8);
    setvbuf(stdout, NULL, _IOFBF, 1 << 20);
    for (uint64_t c = 0; c < n; c++) {
        uint64_t start;
        read_all(&start, 8);
        read_all(in_gpr, sizeof in_gpr);
        read_all(&in_flags, 8);
        read_all(data, DATA_SIZE);
        in_rip = CODE_BASE + start;
        if (sigsetjmp(back, 1) == 0) {
            raise(SIGUSR1);
            fprintf(stderr, "snippet returned\n");
            exit(3);
        }
        fwrite(out, sizeof out, 1, stdout);
        fwrite(data, DATA_SIZE, 1, stdout);
    }
    fflush(stdout);
    return 0;
}
