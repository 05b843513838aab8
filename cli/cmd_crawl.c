/* cmd_crawl.c — `vnnews crawl`: not written yet; says so and exits 2 (see cli.h). */
#include <string.h>

#include "cli/cli.h"

int cmd_crawl(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_not_implemented("crawl");
}
