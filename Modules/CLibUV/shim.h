#ifndef ELOQUENT_CLIBUV_SHIM_H
#define ELOQUENT_CLIBUV_SHIM_H
#include <uv.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <unistd.h>
#include <sys/prctl.h>

#include <malloc.h>

/* <malloc.h> is not part of Swift's Glibc module: gives freed heap memory back to the kernel after a load burst. */
static inline int uvcore_release_free_memory(void) { return malloc_trim(0); }

/* mallopt's M_* names are macros: serve blocks up to `mmap_threshold` from the heap (not a fresh mmap each, whose
   pages fault in again every time) and trim the heap only past `trim_threshold`. 1 when glibc took both. */
static inline int uvcore_tune_heap(int mmap_threshold, int trim_threshold) {
    return mallopt(M_MMAP_THRESHOLD, mmap_threshold) == 1 && mallopt(M_TRIM_THRESHOLD, trim_threshold) == 1;
}

/* prctl is variadic, so Swift cannot call it: names the calling thread (shown by top and gdb). */
static inline int uvcore_set_thread_name(const char *name) { return prctl(PR_SET_NAME, name, 0, 0, 0); }
#endif
