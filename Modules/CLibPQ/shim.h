#ifndef ELOQUENT_CLIBPQ_SHIM_H
#define ELOQUENT_CLIBPQ_SHIM_H
#include <libpq-fe.h>

// PG_DIAG_SQLSTATE is a character-literal macro ('C'); Swift imports no character-literal macros.
static inline int eloquent_pq_diag_sqlstate(void) { return PG_DIAG_SQLSTATE; }

#endif
