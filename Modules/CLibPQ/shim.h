#ifndef ELOQUENT_CLIBPQ_SHIM_H
#define ELOQUENT_CLIBPQ_SHIM_H
/* Headers only: Storage loads libpq with dlopen on the first PostgreSQL connection (LibPQ.swift), so nothing links
   -lpq, and no pkg-config adds its include directory: the header is named by its path under /usr/include. */
#include <postgresql/libpq-fe.h>

// PG_DIAG_SQLSTATE is a character-literal macro ('C'); Swift imports no character-literal macros.
static inline int eloquent_pq_diag_sqlstate(void) { return PG_DIAG_SQLSTATE; }

// PG_DIAG_MESSAGE_PRIMARY is a character-literal macro ('M'), for the same reason.
static inline int eloquent_pq_diag_message_primary(void) { return PG_DIAG_MESSAGE_PRIMARY; }

#endif
