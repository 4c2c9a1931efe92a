#ifndef GRADVIZ_CSYSTEM_SHIM_H
#define GRADVIZ_CSYSTEM_SHIM_H

// Operating-system calls Swift cannot make directly (variadic C functions such as prctl),
// as small inline functions with fixed arguments.

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

/// Asks the kernel to send `signal` to this process when its parent dies (Linux); returns 0,
/// or -1 where the call does not exist.
static inline int gradviz_set_parent_death_signal(int signal) {
#if defined(__linux__)
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0UL, 0UL, 0UL);
#else
    (void)signal;
    return -1;
#endif
}

// MARK: - The child renderer's memory ceiling

/// The line the child renderer writes on stderr when it died of its memory ceiling; the
/// parent recognises it (Swift: `IsolatedRenderer.memoryLimitMarker`).
#define GRADVIZ_MEMORY_LIMIT_MARKER "gradviz-render-dot: memory limit reached\n"

/// The largest address space this process had (VmPeak, KiB), read from /proc with
/// async-signal-safe calls only; 0 when unknown.
static inline unsigned long long gradviz_peak_address_space_kib(void) {
    char buffer[4096];
    int descriptor = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) return 0;
    ssize_t count = read(descriptor, buffer, sizeof buffer - 1);
    close(descriptor);
    if (count <= 0) return 0;
    buffer[count] = 0;
    const char *line = strstr(buffer, "VmPeak:");
    if (!line) return 0;
    line += 7;
    while (*line == ' ' || *line == '\t') line++;
    unsigned long long value = 0;
    while (*line >= '0' && *line <= '9') value = value * 10 + (unsigned long long)(*line++ - '0');
    return value;
}

/// A fatal signal (an allocation that failed and was not checked, abort(), a Swift trap):
/// when the process came within half of its ceiling, says the ceiling was reached (the parent
/// turns that into one line naming it) and exits with status 3; otherwise dies of the signal.
static void gradviz_fatal_signal(int number) {
    unsigned long long peak = gradviz_peak_address_space_kib();
    struct rlimit limit;
    if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY && peak * 2 >= limit.rlim_cur / 1024) {
        ssize_t ignored = write(2, GRADVIZ_MEMORY_LIMIT_MARKER, sizeof GRADVIZ_MEMORY_LIMIT_MARKER - 1);
        (void)ignored;
        _exit(3);
    }
    signal(number, SIG_DFL);
    raise(number);
}

/// Caps this process's address space at `bytes` (RLIMIT_AS: allocations beyond it fail) and
/// installs `gradviz_fatal_signal` for the signals a failed allocation ends in, on a stack of
/// its own. Returns 0, or -1 when the limit could not be set.
///
/// Under AddressSanitizer or ThreadSanitizer (the test suite's sanitizer runs) nothing is set:
/// their runtimes reserve terabytes of shadow address space at start, so any address-space
/// limit would stop the first drawing.
extern void __asan_init(void) __attribute__((weak));
extern void __tsan_init(void) __attribute__((weak));
static inline int gradviz_limit_memory(unsigned long long bytes) {
    if (__asan_init || __tsan_init) return 0;
    struct rlimit limit = { (rlim_t)bytes, (rlim_t)bytes };
    struct rlimit current;
    if (getrlimit(RLIMIT_AS, &current) == 0 && current.rlim_max != RLIM_INFINITY && current.rlim_max < bytes) {
        limit.rlim_cur = current.rlim_max;
        limit.rlim_max = current.rlim_max;
    }
    if (setrlimit(RLIMIT_AS, &limit) != 0) return -1;
    stack_t stack;
    memset(&stack, 0, sizeof stack);
    stack.ss_size = 1 << 16;
    stack.ss_sp = malloc(stack.ss_size);
    if (stack.ss_sp) sigaltstack(&stack, NULL);
    int numbers[] = { SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGTRAP, SIGFPE };
    for (unsigned index = 0; index < sizeof numbers / sizeof numbers[0]; index++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = gradviz_fatal_signal;
        action.sa_flags = SA_ONSTACK | SA_RESETHAND;
        sigemptyset(&action.sa_mask);
        sigaction(numbers[index], &action, NULL);
    }
    return 0;
}

#endif
