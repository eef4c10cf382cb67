#include <stdio.h>
static void done(int *p) { printf("done %d\n", *p); }
__attribute__((noinline)) int work(int n) {
    int x __attribute__((cleanup(done))) = n;
    printf("work\n");
    return x * 2;
}
int main(void) { return work(3) == 5; }
