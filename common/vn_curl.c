/* vn_curl.c — libcurl, loaded with dlopen(3) the first time a curl_* function is called.
 *
 * Linked normally, libcurl brings about 30 shared libraries (GnuTLS, OpenSSL, Kerberos,
 * LDAP, SSH, RTMP, nghttp2, libidn2...) whose loading, symbol relocation and constructors
 * are half the start-up of every vnnews command, although grep, export and stats never
 * touch the network or a URL.  So vnnews is built against libcurl's headers only, and
 * this file defines the libcurl functions vnnews calls, with libcurl's own prototypes
 * (the compiler checks each against <curl/curl.h>): each resolves libcurl once, then
 * forwards the call.  The program names no libcurl symbol to the dynamic linker, so the
 * library, once loaded RTLD_LOCAL, binds its own calls to itself.  The four variadic
 * functions forward their one argument by the type its option number announces, as
 * libcurl itself reads it (lib/setopt.c, CURLOPTTYPE_*; lib/share.c for the share's).
 * When libcurl cannot be loaded, each returns libcurl's own failure value (NULL,
 * CURLE_FAILED_INIT...), and vn_curl_load() gives the message a command prints before it
 * starts.
 * $VNNEWS_LIBCURL names another libcurl to load (its SONAME must still be 4). */
#define CURL_DISABLE_TYPECHECK /* the typecheck macros would rename the setopt functions */
#include <curl/curl.h>

#include <dlfcn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "common/vn_curl.h"
#include "common/vn_error.h"

static struct {
	__typeof__(curl_url) *url;
	__typeof__(curl_url_set) *url_set;
	__typeof__(curl_url_get) *url_get;
	__typeof__(curl_url_dup) *url_dup;
	__typeof__(curl_url_cleanup) *url_cleanup;
	__typeof__(curl_free) *free;
	__typeof__(curl_easy_init) *easy_init;
	__typeof__(curl_easy_setopt) *easy_setopt;
	__typeof__(curl_easy_getinfo) *easy_getinfo;
	__typeof__(curl_easy_header) *easy_header;
	__typeof__(curl_easy_strerror) *easy_strerror;
	__typeof__(curl_easy_cleanup) *easy_cleanup;
	__typeof__(curl_slist_append) *slist_append;
	__typeof__(curl_slist_free_all) *slist_free_all;
	__typeof__(curl_multi_init) *multi_init;
	__typeof__(curl_multi_setopt) *multi_setopt;
	__typeof__(curl_multi_add_handle) *multi_add_handle;
	__typeof__(curl_multi_remove_handle) *multi_remove_handle;
	__typeof__(curl_multi_perform) *multi_perform;
	__typeof__(curl_multi_poll) *multi_poll;
	__typeof__(curl_multi_wakeup) *multi_wakeup;
	__typeof__(curl_multi_info_read) *multi_info_read;
	__typeof__(curl_multi_cleanup) *multi_cleanup;
	__typeof__(curl_version_info) *version_info;
	__typeof__(curl_share_init) *share_init;
	__typeof__(curl_share_setopt) *share_setopt;
	__typeof__(curl_share_cleanup) *share_cleanup;
} fn;

/* Each member of `fn` with the libcurl symbol it holds, in member order. */
static const char *const fn_names[] = {
	"curl_url", "curl_url_set", "curl_url_get", "curl_url_dup", "curl_url_cleanup",
	"curl_free", "curl_easy_init", "curl_easy_setopt", "curl_easy_getinfo",
	"curl_easy_header", "curl_easy_strerror", "curl_easy_cleanup", "curl_slist_append",
	"curl_slist_free_all", "curl_multi_init", "curl_multi_setopt", "curl_multi_add_handle",
	"curl_multi_remove_handle", "curl_multi_perform", "curl_multi_poll",
	"curl_multi_wakeup", "curl_multi_info_read", "curl_multi_cleanup", "curl_version_info",
	"curl_share_init", "curl_share_setopt", "curl_share_cleanup",
};
_Static_assert(sizeof fn == sizeof fn_names / sizeof fn_names[0] * sizeof fn.url,
	       "one name per function pointer");

static once_flag load_once = ONCE_FLAG_INIT;
static bool loaded;
static char load_err[512];

static void load(void)
{
	const char *name = getenv("VNNEWS_LIBCURL");
	void *lib;
	char *slot = (char *)&fn;

	if (!name || !*name)
		name = "libcurl.so.4";
	lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		const char *why = dlerror();

		snprintf(load_err, sizeof load_err, "cannot load libcurl (%s); install it "
			 "(Debian: apt-get install libcurl4) or name it in VNNEWS_LIBCURL",
			 why ? why : name);
		return;
	}
	for (size_t i = 0; i < sizeof fn_names / sizeof fn_names[0]; i++) {
		void *p = dlsym(lib, fn_names[i]);

		if (!p) {
			snprintf(load_err, sizeof load_err, "cannot use libcurl %s: it has no %s "
				 "(libcurl 7.83 or later is needed)", name, fn_names[i]);
			memset(&fn, 0, sizeof fn);
			dlclose(lib);
			return;
		}
		/* POSIX guarantees a function's address converts from dlsym's void * */
		memcpy(slot + i * sizeof p, &p, sizeof p);
	}
	loaded = true;
}

static bool ready(void)
{
	call_once(&load_once, load);
	return loaded;
}

int vn_curl_load(char *err, size_t errlen)
{
	if (ready())
		return VN_OK;
	if (err && errlen)
		snprintf(err, errlen, "%s", load_err);
	return VN_EUNSUPPORTED;
}

CURLU *curl_url(void)
{
	return ready() ? fn.url() : NULL;
}

CURLUcode curl_url_set(CURLU *handle, CURLUPart what, const char *part, unsigned int flags)
{
	return ready() ? fn.url_set(handle, what, part, flags) : CURLUE_OUT_OF_MEMORY;
}

CURLUcode curl_url_get(CURLU *handle, CURLUPart what, char **part, unsigned int flags)
{
	return ready() ? fn.url_get(handle, what, part, flags) : CURLUE_OUT_OF_MEMORY;
}

CURLU *curl_url_dup(CURLU *in)
{
	return ready() ? fn.url_dup(in) : NULL;
}

void curl_url_cleanup(CURLU *handle)
{
	if (ready())
		fn.url_cleanup(handle);
}

void curl_free(void *p)
{
	if (ready())
		fn.free(p);
}

CURL *curl_easy_init(void)
{
	return ready() ? fn.easy_init() : NULL;
}

CURLcode curl_easy_setopt(CURL *curl, CURLoption option, ...)
{
	va_list ap;
	CURLcode rc;

	if (!ready())
		return CURLE_FAILED_INIT;
	va_start(ap, option);
	if (option < CURLOPTTYPE_OBJECTPOINT)
		rc = fn.easy_setopt(curl, option, va_arg(ap, long));
	else if (option < CURLOPTTYPE_FUNCTIONPOINT)
		rc = fn.easy_setopt(curl, option, va_arg(ap, void *));
	else if (option < CURLOPTTYPE_OFF_T)
		rc = fn.easy_setopt(curl, option, va_arg(ap, void (*)(void)));
	else if (option < CURLOPTTYPE_BLOB)
		rc = fn.easy_setopt(curl, option, va_arg(ap, curl_off_t));
	else
		rc = fn.easy_setopt(curl, option, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

CURLcode curl_easy_getinfo(CURL *curl, CURLINFO info, ...)
{
	va_list ap;
	CURLcode rc;

	if (!ready())
		return CURLE_FAILED_INIT;
	va_start(ap, info);
	rc = fn.easy_getinfo(curl, info, va_arg(ap, void *)); /* always a pointer to the result */
	va_end(ap);
	return rc;
}

CURLHcode curl_easy_header(CURL *easy, const char *name, size_t index, unsigned int origin,
			   int request, struct curl_header **hout)
{
	return ready() ? fn.easy_header(easy, name, index, origin, request, hout)
		       : CURLHE_NOT_BUILT_IN;
}

const char *curl_easy_strerror(CURLcode code)
{
	return ready() ? fn.easy_strerror(code) : "libcurl could not be loaded";
}

void curl_easy_cleanup(CURL *curl)
{
	if (ready())
		fn.easy_cleanup(curl);
}

struct curl_slist *curl_slist_append(struct curl_slist *list, const char *data)
{
	return ready() ? fn.slist_append(list, data) : NULL;
}

void curl_slist_free_all(struct curl_slist *list)
{
	if (ready())
		fn.slist_free_all(list);
}

CURLM *curl_multi_init(void)
{
	return ready() ? fn.multi_init() : NULL;
}

CURLMcode curl_multi_setopt(CURLM *multi_handle, CURLMoption option, ...)
{
	va_list ap;
	CURLMcode rc;

	if (!ready())
		return CURLM_INTERNAL_ERROR;
	va_start(ap, option);
	if (option < CURLOPTTYPE_OBJECTPOINT)
		rc = fn.multi_setopt(multi_handle, option, va_arg(ap, long));
	else if (option < CURLOPTTYPE_FUNCTIONPOINT)
		rc = fn.multi_setopt(multi_handle, option, va_arg(ap, void *));
	else if (option < CURLOPTTYPE_OFF_T)
		rc = fn.multi_setopt(multi_handle, option, va_arg(ap, void (*)(void)));
	else
		rc = fn.multi_setopt(multi_handle, option, va_arg(ap, curl_off_t));
	va_end(ap);
	return rc;
}

CURLMcode curl_multi_add_handle(CURLM *multi_handle, CURL *curl_handle)
{
	return ready() ? fn.multi_add_handle(multi_handle, curl_handle) : CURLM_INTERNAL_ERROR;
}

CURLMcode curl_multi_remove_handle(CURLM *multi_handle, CURL *curl_handle)
{
	return ready() ? fn.multi_remove_handle(multi_handle, curl_handle) : CURLM_INTERNAL_ERROR;
}

CURLMcode curl_multi_perform(CURLM *multi_handle, int *running_handles)
{
	return ready() ? fn.multi_perform(multi_handle, running_handles) : CURLM_INTERNAL_ERROR;
}

CURLMcode curl_multi_poll(CURLM *multi_handle, struct curl_waitfd extra_fds[],
			  unsigned int extra_nfds, int timeout_ms, int *ret)
{
	return ready() ? fn.multi_poll(multi_handle, extra_fds, extra_nfds, timeout_ms, ret)
		       : CURLM_INTERNAL_ERROR;
}

CURLMcode curl_multi_wakeup(CURLM *multi_handle)
{
	return ready() ? fn.multi_wakeup(multi_handle) : CURLM_INTERNAL_ERROR;
}

CURLMsg *curl_multi_info_read(CURLM *multi_handle, int *msgs_in_queue)
{
	return ready() ? fn.multi_info_read(multi_handle, msgs_in_queue) : NULL;
}

CURLMcode curl_multi_cleanup(CURLM *multi_handle)
{
	return ready() ? fn.multi_cleanup(multi_handle) : CURLM_OK;
}

curl_version_info_data *curl_version_info(CURLversion stamp)
{
	return ready() ? fn.version_info(stamp) : NULL;
}

CURLSH *curl_share_init(void)
{
	return ready() ? fn.share_init() : NULL;
}

CURLSHcode curl_share_setopt(CURLSH *share, CURLSHoption option, ...)
{
	va_list ap;
	CURLSHcode rc;

	if (!ready())
		return CURLSHE_NOT_BUILT_IN;
	va_start(ap, option);
	switch (option) {
	case CURLSHOPT_SHARE:
	case CURLSHOPT_UNSHARE:
		rc = fn.share_setopt(share, option, va_arg(ap, int));
		break;
	case CURLSHOPT_LOCKFUNC:
	case CURLSHOPT_UNLOCKFUNC:
		rc = fn.share_setopt(share, option, va_arg(ap, void (*)(void)));
		break;
	default:
		rc = fn.share_setopt(share, option, va_arg(ap, void *));
		break;
	}
	va_end(ap);
	return rc;
}

CURLSHcode curl_share_cleanup(CURLSH *share)
{
	return ready() ? fn.share_cleanup(share) : CURLSHE_OK;
}
