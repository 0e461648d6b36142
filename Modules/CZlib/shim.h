#ifndef ELOQUENT_CZLIB_SHIM_H
#define ELOQUENT_CZLIB_SHIM_H
#include <zlib.h>

// deflateInit2 is a function-like macro (it passes ZLIB_VERSION and sizeof(z_stream)); Swift cannot import it.
static inline int eloquent_deflateInit2(z_streamp strm, int level, int method, int windowBits,
                                        int memLevel, int strategy) {
    return deflateInit2(strm, level, method, windowBits, memLevel, strategy);
}

// inflateInit2 is a function-like macro (it passes ZLIB_VERSION and sizeof(z_stream)); Swift cannot import it.
static inline int eloquent_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}

#endif
