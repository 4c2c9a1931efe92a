#ifndef GRADVIZ_CSYSTEM_SHIM_H
#define GRADVIZ_CSYSTEM_SHIM_H

// Operating-system calls Swift cannot make directly (variadic C functions such as prctl),
// as small inline functions with fixed arguments.

#include <signal.h>
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

#endif
