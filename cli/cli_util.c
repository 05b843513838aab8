/* cli_util.c — messages and small helpers shared by the subcommands. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vn_config.h"
#define VN_VERSION_STR VN_VERSION

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("vnnews: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("vnnews: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vnnews %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'vnnews %s --help'.\n", cmd);
	return CLI_EXIT_ERROR;
}

int cli_not_implemented(const char *cmd)
{
	fprintf(stderr, "vnnews %s: not implemented yet in this version (%s)\n", cmd, VN_VERSION_STR);
	return CLI_EXIT_ERROR;
}

bool cli_color_auto(FILE *f)
{
	const char *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (nc && *nc)
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fileno(f));
}
