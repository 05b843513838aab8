/* cmd_version.c — `vnnews version`: our version and the libraries it runs with, for bug
 * reports and for citing the tool in a methods section. */
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <sqlite3.h>
#include <unicode/uversion.h>

#include "cli/cli.h"
#include "vn_config.h"

int cmd_version(int argc, char **argv)
{
	const curl_version_info_data *curl;
	UVersionInfo icu;
	char icu_str[U_MAX_VERSION_STRING_LENGTH];

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: vnnews version\n\nPrints the vnnews version and the versions of "
		       "libcurl, libxml2, ICU, SQLite and jansson it runs with.\n");
		return CLI_EXIT_OK;
	}
	if (argc > 1)
		return cli_usage_error("version", "unexpected argument '%s'", argv[1]);
	curl = curl_version_info(CURLVERSION_NOW);
	u_getVersion(icu);
	u_versionToString(icu, icu_str);
	printf("vnnews %s\n", VN_VERSION);
	printf("libcurl %s\nlibxml2 %s\nICU %s\nSQLite %s\njansson %s\n",
	       curl ? curl->version : "(not loaded)", xmlParserVersion, icu_str,
	       sqlite3_libversion(), jansson_version_str());
	return CLI_EXIT_OK;
}
