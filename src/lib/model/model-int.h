/* Inside the model: what its name tables and state machines share. Every machine is one table
 * of edges (per action: the states it is allowed in and the state it moves to), stepped by one
 * function, so every refusal reads the same way. */
#ifndef CVD_MODEL_INT_H
#define CVD_MODEL_INT_H

#include <stddef.h>

#include "cvd/err.h"
#include "cvd/str.h"

#define CVD__BIT(s) (1u << (s))

/* An edge's target that keeps the state as it is. */
#define CVD__STAY (-1)

struct cvd__edge {
    unsigned from;    /* CVD__BIT() of each state the action is allowed in; 0: never */
    int to;           /* the state it moves to, or CVD__STAY */
    const char *verb; /* "cannot <verb> <object> that is <state><tail>" */
    const char *tail;
};

/** names[v], or NULL when v is out of range (or a hole). */
const char *cvd__name_of(const char *const *names, size_t n, int v);

/** The index of s among names (holes skipped), or -1. */
int cvd__index_of(const char *const *names, size_t n, struct cvd_str s);

/**
 * One step of a machine: 0 and *ret_to, CVD_ESTATE (the edge does not leave from), or
 * CVD_EINVAL (act or from out of range), with a message in diag naming the states it is
 * allowed in. object carries its article ("a report", "an embargo"); name names a state.
 */
int cvd__machine_next(const struct cvd__edge *edges, unsigned n_actions, unsigned n_states,
                      const char *(*name)(int), const char *object, int from, int act, int *ret_to,
                      struct cvd_diag *diag);

#endif
