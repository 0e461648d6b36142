#ifndef ELOQUENT_COPENSSL_SHIM_H
#define ELOQUENT_COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/bio.h>

/* Headers only: TLS loads libssl (and libcrypto) with dlopen when the first TLS context is made (OpenSSLLibrary.swift),
   so nothing links -lssl -lcrypto. The macros below expand to SSL_CTX_ctrl and BIO_ctrl, called through the pointer
   the module found with dlsym, passed as the first argument. */
typedef long (*eloquent_SSL_CTX_ctrl_fn)(SSL_CTX *, int, long, void *);
typedef long (*eloquent_BIO_ctrl_fn)(BIO *, int, long, void *);

// SSL_CTX_set_min_proto_version is a macro over SSL_CTX_ctrl; Swift cannot import it.
static inline int eloquent_SSL_CTX_set_min_proto_version(void *ctrl, SSL_CTX *ctx, int version) {
    return (int)((eloquent_SSL_CTX_ctrl_fn)ctrl)(ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, version, NULL);
}

// SSL_CTX_set_mode is a macro over SSL_CTX_ctrl; Swift cannot import it.
static inline long eloquent_SSL_CTX_set_mode(void *ctrl, SSL_CTX *ctx, long mode) {
    return ((eloquent_SSL_CTX_ctrl_fn)ctrl)(ctx, SSL_CTRL_MODE, mode, NULL);
}

// BIO_set_mem_eof_return is a macro over BIO_ctrl; Swift cannot import it.
static inline long eloquent_BIO_set_mem_eof_return(void *ctrl, BIO *bio, int value) {
    return ((eloquent_BIO_ctrl_fn)ctrl)(bio, BIO_C_SET_BUF_MEM_EOF_RETURN, value, NULL);
}

#endif
