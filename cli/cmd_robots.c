/* cmd_robots.c — `vnnews robots FILE --agent UA URL…`: what our robots.txt engine decides.
 *
 * A debugging aid for the crawler's politeness: reads a robots.txt file, picks the group
 * for the agent as the crawler would (RFC 9309) and prints one line per URL, "allowed" or
 * "disallowed", with the rule and line that decided. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/vn_buf.h"
#include "crawler/crawler.h"
#include "vn_config.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vnnews robots FILE [--agent UA] URL...\n"
		"\n"
		"Print whether each URL (or path) may be fetched under the robots.txt in FILE\n"
		"('-' reads standard input), as 'vnnews crawl' decides it (RFC 9309: agent groups,\n"
		"longest match, '*' and '$', Allow wins ties).\n"
		"\n"
		"Options:\n"
		"  -a, --agent UA   the User-Agent whose product token picks the group\n"
		"                   (default: vnnews/%s)\n"
		"  -h, --help       this text\n"
		"\n"
		"Output: 'allowed' or 'disallowed', a tab, the URL, and the deciding rule with its\n"
		"line.  Exit status 0, or 2 when FILE cannot be read.\n"
		"\n"
		"Example:\n"
		"  vnnews robots robots.txt --agent vnnews https://example.gov.vn/tin-tuc/a.html\n",
		VN_VERSION);
}

int cmd_robots(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "agent", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char default_agent[64];
	const char *agent = default_agent, *file;
	struct crawler_robots *r = NULL;
	struct vn_buf b;
	int c, rc, ret = CLI_EXIT_ERROR;

	vn_buf_init(&b, 8u << 20);
	snprintf(default_agent, sizeof default_agent, "vnnews/%s", VN_VERSION);
	optind = 1;
	while ((c = getopt_long(argc, argv, "a:h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			agent = optarg;
			break;
		case 'h':
			usage(stdout);
			ret = CLI_EXIT_OK;
			goto out;
		default:
			ret = cli_usage_error("robots", "unknown option");
			goto out;
		}
	}
	if (argc - optind < 2) {
		ret = cli_usage_error("robots", "need a robots.txt FILE and at least one URL");
		goto out;
	}
	file = argv[optind++];
	if ((rc = vn_buf_read_file(&b, file))) {
		cli_error("%s: %s", file, vn_strerror(rc));
		goto out;
	}
	if ((rc = crawler_robots_parse(b.data, b.len, agent, &r))) {
		cli_error("%s: %s", file, vn_strerror(rc));
		goto out;
	}
	for (; optind < argc; optind++) {
		const char *rule = NULL;
		int line = 0;
		bool ok = crawler_robots_allowed(r, argv[optind], &rule, &line);

		if (rule)
			printf("%s\t%s\t(%s:%d: %s)\n", ok ? "allowed" : "disallowed", argv[optind],
			       file, line, rule);
		else
			printf("%s\t%s\t(%s)\n", ok ? "allowed" : "disallowed", argv[optind],
			       crawler_robots_group(r) ? "no rule matches" : "no group for this agent");
	}
	ret = CLI_EXIT_OK;
out:
	crawler_robots_free(r);
	vn_buf_release(&b);
	return ret;
}
