#ifndef GRADVIZ_CGRAPHVIZ_SHIM_H
#define GRADVIZ_CGRAPHVIZ_SHIM_H

// The only place gradviz names Graphviz's C API. Everything Swift needs goes
// through these small inline functions, which absorb differences between
// Graphviz versions and keep C globals out of Swift.

#include <stddef.h>
#include <stdlib.h>
#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>

/// Sends every Graphviz message to its in-memory buffer instead of stderr.
static inline void gradviz_capture_errors(void) { agseterr(AGMAX); }

/// The last captured message (malloc'd, caller frees) or NULL.
static inline char *gradviz_last_error(void) { return aglasterr(); }

/// Highest message level since the last reset: 0 none/warnings, >= 1 errors.
static inline int gradviz_error_count(void) { return agerrors(); }

/// Clears the error level and marks the start of a new operation in the message buffer, so
/// `gradviz_last_error` never returns a message left over from an earlier render.
static inline void gradviz_reset_errors(void) {
    agerr(AGWARN, "%s", "");
    agreseterrors();
}

/// Renders a laid-out graph into a malloc'd buffer. `gvRenderData`'s length
/// is `unsigned int *` up to Graphviz 12 and `size_t *` from 13 on.
static inline int gradviz_render_data(GVC_t *gvc, graph_t *graph, const char *format,
                                      char **result, size_t *length) {
#if defined(GRAPHVIZ_VERSION_MAJOR) && GRAPHVIZ_VERSION_MAJOR >= 13
    return gvRenderData(gvc, graph, format, result, length);
#else
    unsigned int shortLength = 0;
    int status = gvRenderData(gvc, graph, format, result, &shortLength);
    *length = (size_t)shortLength;
    return status;
#endif
}

/// Sets the graph's `dpi` when the DOT text did not choose one (PNG resolution).
static inline void gradviz_default_dpi(graph_t *graph, const char *dpi) {
    char *current = agget(graph, "dpi");
    if (current == NULL || current[0] == '\0') {
        agsafeset(graph, "dpi", (char *)dpi, "");
    }
}

#endif
