/* cli_corpus.c — what grep, export, stats and add share: --db and the filter options
 * (--tag --site --province --since --until --cites), and opening the corpus with a message
 * that names the file. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

int cli_filter_option(struct cli_filter *cf, int opt, const char *arg, const char *cmd)
{
	switch (opt) {
	case CLI_OPT_DB:
		cf->db = arg;
		return 1;
	case CLI_OPT_TAG:
		if (cf->n_tags == CLI_MAX_TAGS) {
			cli_usage_error(cmd, "too many --tag options (at most %d)", CLI_MAX_TAGS);
			return -1;
		}
		cf->tags[cf->n_tags++] = arg;
		cf->filter.tags = cf->tags;
		cf->filter.n_tags = cf->n_tags;
		return 1;
	case CLI_OPT_SITE:
		cf->filter.site = arg;
		return 1;
	case CLI_OPT_PROVINCE:
		cf->filter.province = arg;
		return 1;
	case CLI_OPT_SINCE:
		cf->filter.since = arg;
		return 1;
	case CLI_OPT_UNTIL:
		cf->filter.until = arg;
		return 1;
	case CLI_OPT_CITES:
		cf->filter.cites = arg;
		return 1;
	default:
		return 0;
	}
}

int cli_filter_check(const struct cli_filter *cf, const char *cmd)
{
	char err[512];

	if (corpus_filter_check(&cf->filter, err, sizeof err) != VN_OK) {
		cli_usage_error(cmd, "%s", err);
		return -1;
	}
	return 0;
}

int cli_corpus_open(const char *cmd, const char *db_option, unsigned flags,
		    struct corpus_db **out)
{
	char err[1024];
	int rc = corpus_db_open(corpus_db_default_path(db_option), flags, out, err, sizeof err);

	if (rc == VN_OK) {
		if (corpus_db_upgraded_from(*out))
			fprintf(stderr, "vnnews %s: note: %s was upgraded from corpus schema version "
				"%d to this vnnews's schema\n", cmd, corpus_db_path(*out),
				corpus_db_upgraded_from(*out));
		return CLI_EXIT_OK;
	}
	fprintf(stderr, "vnnews %s: %s\n", cmd, err);
	return rc == VN_ELOCKED ? CLI_EXIT_LOCKED : CLI_EXIT_ERROR;
}
