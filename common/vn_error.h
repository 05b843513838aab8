/* vn_error.h — the one error type of vnnews.
 *
 * Every function that can fail returns an `int` that is VN_OK (0) or one of the negative
 * codes below, and hands results back through pointers (as wget2's wget_error and curl's
 * CURLcode do).  Only main() turns a code into a process exit status. */
#ifndef VN_ERROR_H
#define VN_ERROR_H

#if defined(__GNUC__) || defined(__clang__)
#define VN_WUR __attribute__((warn_unused_result))
#define VN_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define VN_WUR
#define VN_PRINTF(f, a)
#endif

enum vn_error {
	VN_OK = 0,
	VN_ENOMEM = -1,       /* an allocation failed */
	VN_EINVAL = -2,       /* a caller passed an argument the function cannot accept */
	VN_EIO = -3,          /* reading or writing a file failed (errno says more) */
	VN_ETOOBIG = -4,      /* input or output would exceed its size cap */
	VN_ENOTFOUND = -5,    /* the file, record or key asked for does not exist */
	VN_EPARSE = -6,       /* input is malformed beyond recovery */
	VN_ECHARSET = -7,     /* bytes cannot be decoded in any plausible charset */
	VN_ENET = -8,         /* a network transfer failed */
	VN_ETIMEOUT = -9,     /* an operation ran past its time limit */
	VN_EDB = -10,         /* the corpus database reported an error */
	VN_ELOCKED = -11,     /* another process holds the corpus lock */
	VN_EDENIED = -12,     /* forbidden by robots.txt, scope or protocol rules */
	VN_EUNSUPPORTED = -13,/* a feature or format this build does not handle */
	VN_ECORRUPT = -14,    /* stored data fails its integrity check */
	VN_EINTERRUPTED = -15,/* stopped by a signal before finishing */
	VN_ERROR_MIN = -15
};

/* A static, human-readable sentence for `err`; never NULL, also for unknown codes. */
const char *vn_strerror(int err);

#endif
