#ifndef ELOQUENT_CSQLITE_SHIM_H
#define ELOQUENT_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro casting -1 to a destructor pointer; Swift cannot import it.
static inline int eloquent_sqlite3_bind_text_transient(sqlite3_stmt *stmt, int index,
                                                       const char *text, int byteCount) {
    return sqlite3_bind_text(stmt, index, text, byteCount, SQLITE_TRANSIENT);
}

#endif
