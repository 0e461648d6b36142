#ifndef ELOQUENT_CCURL_SHIM_H
#define ELOQUENT_CCURL_SHIM_H
#include <curl/curl.h>

/* libcurl is not linked: the Upstream module loads it with dlopen on the first transfer (its dependencies, OpenSSL,
   GnuTLS, Kerberos, LDAP..., cost several MB of resident memory at start otherwise). The variadic functions below are
   called through the pointer the module found with dlsym, passed as the first argument. */
typedef CURLcode (*upstream_easy_setopt_fn)(CURL *, CURLoption, ...);
typedef CURLMcode (*upstream_multi_setopt_fn)(CURLM *, CURLMoption, ...);
typedef CURLcode (*upstream_easy_getinfo_fn)(CURL *, CURLINFO, ...);

/* curl_easy_setopt is variadic, so Swift cannot call it; one typed wrapper per argument kind. */

/* Options taking a long (flags, counts, milliseconds). */
static inline CURLcode upstream_easy_setopt_long(void *setopt, CURL *easy, CURLoption option, long value) {
    return ((upstream_easy_setopt_fn)setopt)(easy, option, value);
}
/* Options taking a C string (copied by libcurl) or a pointer it keeps (user data, error buffer, slist). */
static inline CURLcode upstream_easy_setopt_pointer(void *setopt, CURL *easy, CURLoption option, const void *value) {
    return ((upstream_easy_setopt_fn)setopt)(easy, option, value);
}
/* Options taking a curl_off_t (sizes that may exceed a long). */
static inline CURLcode upstream_easy_setopt_off(void *setopt, CURL *easy, CURLoption option, curl_off_t value) {
    return ((upstream_easy_setopt_fn)setopt)(easy, option, value);
}
/* CURLOPT_WRITEFUNCTION / CURLOPT_HEADERFUNCTION / CURLOPT_READFUNCTION: byte-moving callbacks. */
static inline CURLcode upstream_easy_setopt_data_callback(void *setopt, CURL *easy, CURLoption option,
                                                          size_t (*callback)(char *, size_t, size_t, void *)) {
    return ((upstream_easy_setopt_fn)setopt)(easy, option, callback);
}
/* CURLOPT_SEEKFUNCTION: rewinds the upload when libcurl retries on a fresh connection. */
static inline CURLcode upstream_easy_setopt_seek_callback(void *setopt, CURL *easy, curl_seek_callback callback) {
    return ((upstream_easy_setopt_fn)setopt)(easy, CURLOPT_SEEKFUNCTION, callback);
}
/* CURLOPT_OPENSOCKETFUNCTION: the pool creates connection sockets itself to track them. */
static inline CURLcode upstream_easy_setopt_opensocket_callback(void *setopt, CURL *easy, curl_opensocket_callback callback) {
    return ((upstream_easy_setopt_fn)setopt)(easy, CURLOPT_OPENSOCKETFUNCTION, callback);
}
/* CURLOPT_CLOSESOCKETFUNCTION: the pool stops watching a socket before it is closed. */
static inline CURLcode upstream_easy_setopt_closesocket_callback(void *setopt, CURL *easy, curl_closesocket_callback callback) {
    return ((upstream_easy_setopt_fn)setopt)(easy, CURLOPT_CLOSESOCKETFUNCTION, callback);
}

/* CURLOPT_PREREQFUNCTION: a connection is ready for the transfer (the pool measures the wait for one). */
static inline CURLcode upstream_easy_setopt_prereq_callback(void *setopt, CURL *easy, curl_prereq_callback callback) {
    return ((upstream_easy_setopt_fn)setopt)(easy, CURLOPT_PREREQFUNCTION, callback);
}

/* curl_multi_setopt is variadic too. */

/* Multi options taking a long (limits, pipelining mode). */
static inline CURLMcode upstream_multi_setopt_long(void *setopt, CURLM *multi, CURLMoption option, long value) {
    return ((upstream_multi_setopt_fn)setopt)(multi, option, value);
}
/* CURLMOPT_SOCKETDATA / CURLMOPT_TIMERDATA: user data pointers. */
static inline CURLMcode upstream_multi_setopt_pointer(void *setopt, CURLM *multi, CURLMoption option, void *value) {
    return ((upstream_multi_setopt_fn)setopt)(multi, option, value);
}
/* CURLMOPT_SOCKETFUNCTION: libcurl says which sockets to watch. */
static inline CURLMcode upstream_multi_setopt_socket_callback(void *setopt, CURLM *multi, curl_socket_callback callback) {
    return ((upstream_multi_setopt_fn)setopt)(multi, CURLMOPT_SOCKETFUNCTION, callback);
}
/* CURLMOPT_TIMERFUNCTION: libcurl says when to call it back for timeouts. */
static inline CURLMcode upstream_multi_setopt_timer_callback(void *setopt, CURLM *multi, curl_multi_timer_callback callback) {
    return ((upstream_multi_setopt_fn)setopt)(multi, CURLMOPT_TIMERFUNCTION, callback);
}

/* curl_easy_getinfo is variadic as well. */

/* CURLINFO_LONG results (status code, connection counts). */
static inline CURLcode upstream_easy_getinfo_long(void *getinfo, CURL *easy, CURLINFO info, long *value) {
    return ((upstream_easy_getinfo_fn)getinfo)(easy, info, value);
}
#endif
