#ifndef ELOQUENT_COPENSSL_SHIM_H
#define ELOQUENT_COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/bio.h>

// SSL_CTX_set_min_proto_version is a macro over SSL_CTX_ctrl; Swift cannot import it.
static inline int eloquent_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

// SSL_CTX_set_mode is a macro over SSL_CTX_ctrl; Swift cannot import it.
static inline long eloquent_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}

// BIO_set_mem_eof_return is a macro over BIO_ctrl; Swift cannot import it.
static inline long eloquent_BIO_set_mem_eof_return(BIO *bio, int value) {
    return BIO_set_mem_eof_return(bio, value);
}

#endif
