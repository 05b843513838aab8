/* vn_error.c — messages for the project's error codes (see vn_error.h). */
#include "common/vn_error.h"

const char *vn_strerror(int err)
{
	switch (err) {
	case VN_OK: return "success";
	case VN_ENOMEM: return "out of memory";
	case VN_EINVAL: return "invalid argument";
	case VN_EIO: return "input/output error";
	case VN_ETOOBIG: return "size limit exceeded";
	case VN_ENOTFOUND: return "not found";
	case VN_EPARSE: return "malformed input";
	case VN_ECHARSET: return "undecodable character encoding";
	case VN_ENET: return "network transfer failed";
	case VN_ETIMEOUT: return "timed out";
	case VN_EDB: return "corpus database error";
	case VN_ELOCKED: return "corpus is locked by another process";
	case VN_EDENIED: return "not allowed (robots.txt, scope or protocol)";
	case VN_EUNSUPPORTED: return "not supported";
	case VN_ECORRUPT: return "data is corrupt";
	case VN_EINTERRUPTED: return "interrupted";
	default: return "unknown error";
	}
}
