/*
 * nativecpu: runs x86-64 instruction snippets natively, in user mode, from a given register state,
 * and reports the state they leave behind. The oracle of XenScope's differential CPU tests; the Java
 * side is io.xenscope.testing.NativeCpu, which documents the protocol and what a snippet may do.
 *
 * One process serves many cases over stdin/stdout (little-endian binary, no framing beyond lengths):
 *   request:  u32 code_len, u32 data_len, code[code_len], data[data_len], u64 gpr[16], u64 rflags
 *   response: u32 signal (0 = ran to the end), u32 data_changed, u64 fault_rip, u64 fault_addr,
 *             u64 gpr[16], u64 rflags, then data[DATA_SIZE] only if data_changed
 * Output is flushed only when no further request is already buffered, so a client that writes a
 * batch of requests gets its answers at pipe speed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define DATA_BASE 0x10000000UL
#define DATA_SIZE 4096
#define CODE_BASE 0x20000000UL
#define CODE_SIZE 65536
#define EXIT_JUMP_LEN 14 /* jmp *0(%rip); .quad snippet_exit */
#define MAX_CODE (CODE_SIZE - EXIT_JUMP_LEN)
/* Seconds a snippet may run before it is reported as SIGALRM (an endless loop). */
#define TIMEOUT_SECONDS 2

/* Shared with the trampoline below, which addresses them RIP-relative. */
uint64_t in_regs[16], out_regs[16], in_flags, out_flags, harness_rsp;
void *snippet_entry = (void *)CODE_BASE;

static volatile sig_atomic_t in_snippet;
static int fault_signal;
static uint64_t fault_rip, fault_addr;

void run_snippet(void);
extern char snippet_exit[], fault_return[];

/*
 * run_snippet saves the harness's callee-saved registers and stack pointer, loads RFLAGS and then all
 * sixteen GPRs (RSP last but one: it may point anywhere) and jumps to the snippet, which ends in a
 * jump to snippet_exit. snippet_exit stores every GPR with RIP-relative moves, which touch neither
 * the flags nor the snippet's stack, switches back to the harness stack and only then saves RFLAGS.
 * A fault lands in on_signal, which copies the state from the signal frame and resumes at
 * fault_return.
 */
__asm__(
    ".text\n"
    ".globl run_snippet\n"
    "run_snippet:\n"
    "  push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n push %r15\n"
    "  mov %rsp, harness_rsp(%rip)\n"
    "  pushq in_flags(%rip)\n"
    "  popfq\n"
    "  mov in_regs+0(%rip), %rax\n"
    "  mov in_regs+8(%rip), %rcx\n"
    "  mov in_regs+16(%rip), %rdx\n"
    "  mov in_regs+24(%rip), %rbx\n"
    "  mov in_regs+32(%rip), %rsp\n"
    "  mov in_regs+40(%rip), %rbp\n"
    "  mov in_regs+48(%rip), %rsi\n"
    "  mov in_regs+56(%rip), %rdi\n"
    "  mov in_regs+64(%rip), %r8\n"
    "  mov in_regs+72(%rip), %r9\n"
    "  mov in_regs+80(%rip), %r10\n"
    "  mov in_regs+88(%rip), %r11\n"
    "  mov in_regs+96(%rip), %r12\n"
    "  mov in_regs+104(%rip), %r13\n"
    "  mov in_regs+112(%rip), %r14\n"
    "  mov in_regs+120(%rip), %r15\n"
    "  jmp *snippet_entry(%rip)\n"
    ".globl snippet_exit\n"
    "snippet_exit:\n"
    "  mov %rax, out_regs+0(%rip)\n"
    "  mov %rcx, out_regs+8(%rip)\n"
    "  mov %rdx, out_regs+16(%rip)\n"
    "  mov %rbx, out_regs+24(%rip)\n"
    "  mov %rsp, out_regs+32(%rip)\n"
    "  mov %rbp, out_regs+40(%rip)\n"
    "  mov %rsi, out_regs+48(%rip)\n"
    "  mov %rdi, out_regs+56(%rip)\n"
    "  mov %r8, out_regs+64(%rip)\n"
    "  mov %r9, out_regs+72(%rip)\n"
    "  mov %r10, out_regs+80(%rip)\n"
    "  mov %r11, out_regs+88(%rip)\n"
    "  mov %r12, out_regs+96(%rip)\n"
    "  mov %r13, out_regs+104(%rip)\n"
    "  mov %r14, out_regs+112(%rip)\n"
    "  mov %r15, out_regs+120(%rip)\n"
    "  mov harness_rsp(%rip), %rsp\n"
    "  pushfq\n"
    "  popq out_flags(%rip)\n"
    ".globl fault_return\n"
    "fault_return:\n"
    "  cld\n" /* the C ABI wants DF clear */
    "  pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n"
    "  ret\n");

static void on_signal(int sig, siginfo_t *si, void *context) {
    if (!in_snippet) {
        if (sig == SIGALRM) {
            return; /* a timeout that fired just after the snippet finished */
        }
        static const char msg[] = "nativecpu: fault inside the harness itself\n";
        write(2, msg, sizeof msg - 1);
        _exit(3);
    }
    greg_t *g = ((ucontext_t *)context)->uc_mcontext.gregs;
    static const int order[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
                                  REG_R8,  REG_R9,  REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15};
    for (int i = 0; i < 16; i++) {
        out_regs[i] = (uint64_t)g[order[i]];
    }
    out_flags = (uint64_t)g[REG_EFL];
    fault_signal = sig;
    fault_rip = (uint64_t)g[REG_RIP];
    fault_addr = (uint64_t)si->si_addr;
    g[REG_RIP] = (greg_t)fault_return;
    g[REG_RSP] = (greg_t)harness_rsp;
    g[REG_EFL] = 0x202;
    in_snippet = 0;
}

/* ---- buffered I/O that flushes before it would block -------------------------------------------- */
static unsigned char inbuf[1 << 20], outbuf[1 << 20];
static size_t in_pos, in_len, out_len;

static void flush_out(void) {
    size_t off = 0;
    while (off < out_len) {
        ssize_t n = write(1, outbuf + off, out_len - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) _exit(4);
        off += (size_t)n;
    }
    out_len = 0;
}

/* Reads exactly n bytes; returns 0 on a clean end of input before the first byte. */
static int read_bytes(void *dst, size_t n) {
    unsigned char *d = dst;
    size_t got = 0;
    while (got < n) {
        if (in_pos == in_len) {
            flush_out();
            ssize_t r = read(0, inbuf, sizeof inbuf);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) {
                if (got == 0) return 0;
                fprintf(stderr, "nativecpu: truncated request\n");
                _exit(5);
            }
            in_pos = 0;
            in_len = (size_t)r;
        }
        size_t k = in_len - in_pos < n - got ? in_len - in_pos : n - got;
        memcpy(d + got, inbuf + in_pos, k);
        in_pos += k;
        got += k;
    }
    return 1;
}

static void write_bytes(const void *src, size_t n) {
    if (out_len + n > sizeof outbuf) flush_out();
    memcpy(outbuf + out_len, src, n);
    out_len += n;
}

static void *map_fixed(uintptr_t address, size_t size, int prot) {
    void *p = mmap((void *)address, size, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p != (void *)address) {
        perror("nativecpu: mmap");
        exit(2);
    }
    return p;
}

int main(void) {
    unsigned char *code = map_fixed(CODE_BASE, CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC);
    unsigned char *data = map_fixed(DATA_BASE, DATA_SIZE, PROT_READ | PROT_WRITE);
    static unsigned char data_in[DATA_SIZE];
    /* The x87/SSE state at start (control words, MXCSR), restored before each case so that a
       snippet that changes rounding or masks cannot affect the next one. */
    static unsigned char fpu_clean[512] __attribute__((aligned(16)));
    __asm__ volatile("fxsave64 %0" : "=m"(fpu_clean));
    size_t code_high = CODE_SIZE;
    memset(code, 0xcc, CODE_SIZE);

    static char altstack[1 << 16];
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    int signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGALRM};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        sigaction(signals[i], &sa, NULL);
    }

    for (;;) {
        uint32_t lens[2];
        if (!read_bytes(lens, sizeof lens)) break;
        uint32_t code_len = lens[0], data_len = lens[1];
        if (code_len > MAX_CODE || data_len > DATA_SIZE) {
            fprintf(stderr, "nativecpu: code (%u) or data (%u) too long\n", code_len, data_len);
            return 6;
        }
        memset(code, 0xcc, code_high); /* whatever a stray jump finds is int3 */
        read_bytes(code, code_len);
        code[code_len] = 0xff; /* jmp *0(%rip) */
        code[code_len + 1] = 0x25;
        memset(code + code_len + 2, 0, 4);
        uint64_t exit_address = (uint64_t)snippet_exit;
        memcpy(code + code_len + 6, &exit_address, 8);
        code_high = code_len + EXIT_JUMP_LEN;

        memset(data_in, 0, DATA_SIZE);
        read_bytes(data_in, data_len);
        memcpy(data, data_in, DATA_SIZE);
        read_bytes(in_regs, sizeof in_regs);
        read_bytes(&in_flags, sizeof in_flags);

        __asm__ volatile("fxrstor64 %0" : : "m"(fpu_clean));
        fault_signal = 0;
        fault_rip = fault_addr = 0;
        alarm(TIMEOUT_SECONDS);
        in_snippet = 1;
        run_snippet();
        in_snippet = 0;
        alarm(0);

        uint32_t head[2] = {(uint32_t)fault_signal, memcmp(data, data_in, DATA_SIZE) != 0};
        write_bytes(head, sizeof head);
        write_bytes(&fault_rip, 8);
        write_bytes(&fault_addr, 8);
        write_bytes(out_regs, sizeof out_regs);
        write_bytes(&out_flags, 8);
        if (head[1]) write_bytes(data, DATA_SIZE);
    }
    flush_out();
    return 0;
}
