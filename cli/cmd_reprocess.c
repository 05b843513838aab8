/* cmd_reprocess.c — `vnnews reprocess`: every stored article re-derived from its raw
 * response after a parser or lexicon upgrade, without the network.  Shares its options,
 * lock and summary with `vnnews import` (cmd_import.c, cli_import_main). */
#include "cli/cli.h"

int cmd_reprocess(int argc, char **argv)
{
	return cli_import_main(argc, argv, true);
}
