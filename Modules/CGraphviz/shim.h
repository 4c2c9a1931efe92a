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

/// Lowers a laid-out graph's resolution so its bitmap stays within `max_side` pixels a
/// side and `max_area` pixels in all. Cairo would otherwise shrink it itself with a message
/// printed straight to stderr, or allocate gigabytes. Returns the scale applied (1: none).
static inline double gradviz_limit_bitmap(graph_t *graph, double default_dpi, double max_side, double max_area) {
    layout_t *drawing = GD_drawing(graph);
    if (drawing == NULL) return 1.0;
    double dpi = drawing->dpi > 0 ? drawing->dpi : default_dpi;
    boxf box = GD_bb(graph);
    double width = (box.UR.x - box.LL.x + 8) * dpi / 72.0;
    double height = (box.UR.y - box.LL.y + 8) * dpi / 72.0;
    double scale = 1.0;
    if (width > max_side) scale = max_side / width;
    if (height * scale > max_side) scale = max_side / height;
    if (width * height * scale * scale > max_area) {
        double area_scale = 1.0;
        double target = max_area / (width * height);
        /* square root without libm: a few Newton steps from 1 */
        for (int i = 0; i < 40; i++) area_scale = 0.5 * (area_scale + target / area_scale);
        if (area_scale < scale) scale = area_scale;
    }
    if (scale < 1.0) drawing->dpi = dpi * scale;
    return scale;
}

/// An object's creation sequence number: edges and nodes come out in the order the DOT text
/// declared them when sorted by it.
static inline unsigned long gradviz_sequence(void *object) { return (unsigned long)AGSEQ(object); }

/// The value of attribute `name` on a node, or NULL when the graph never declares it.
static inline char *gradviz_node_attribute(Agnode_t *node, const char *name) {
    return agget(node, (char *)name);
}

/// An edge's tail and head (macros in cgraph.h).
static inline Agnode_t *gradviz_tail(Agedge_t *edge) { return agtail(edge); }
static inline Agnode_t *gradviz_head(Agedge_t *edge) { return aghead(edge); }

/// Whether an attribute value came from an HTML-like label (`<...>`).
static inline int gradviz_is_html(char *value) { return value != NULL && aghtmlstr(value); }

#endif
