/* vn_curl.h — libcurl is loaded on first use (vn_curl.c), so that the commands which never
 * reach the network (grep, export, stats) start without its libraries.  Code calls the
 * curl_* functions of <curl/curl.h> as usual. */
#ifndef VN_CURL_H
#define VN_CURL_H

#include <stddef.h>

/* Loads libcurl now if it is not loaded yet (thread-safe).  VN_OK, or VN_EUNSUPPORTED
 * with a one-line message in `err` saying which library could not be loaded and how to
 * install it; a command that needs libcurl calls this first so that it can say so
 * instead of failing later on a NULL handle. */
int vn_curl_load(char *err, size_t errlen);

#endif
