#ifndef ELOQUENT_CLIBPQ_SHIM_H
#define ELOQUENT_CLIBPQ_SHIM_H
#include <libpq-fe.h>

// PG_DIAG_SQLSTATE is a character-literal macro ('C'); Swift imports no character-literal macros.
static inline int eloquent_pq_diag_sqlstate(void) { return PG_DIAG_SQLSTATE; }

// PG_DIAG_MESSAGE_PRIMARY is a character-literal macro ('M'), for the same reason.
static inline int eloquent_pq_diag_message_primary(void) { return PG_DIAG_MESSAGE_PRIMARY; }

#endif
