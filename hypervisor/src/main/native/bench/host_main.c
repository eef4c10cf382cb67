/* Runs the workload natively: prints the checksum for (iterations, words) as 0x%016llx. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

uint64_t bench_main(uint64_t iterations, uint64_t words);

int main(int argc, char **argv) {
    uint64_t iterations = argc > 1 ? strtoull(argv[1], 0, 0) : 1;
    uint64_t words = argc > 2 ? strtoull(argv[2], 0, 0) : 16384;
    printf("0x%016llx\n", (unsigned long long)bench_main(iterations, words));
    return 0;
}
