/* crawler.h — the public face of crawler/: polite, resumable crawling with libcurl multi.
 *
 * Fetches the configured portals (robots.txt per RFC 9309, per-host limits and delays,
 * conditional GET), passes each page through parser and classify, and stores articles in
 * the corpus; the frontier lives in the corpus database so a killed run resumes. */
#ifndef CRAWLER_H
#define CRAWLER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/vn_error.h"
#include "corpus/corpus.h"

/* Filled in by the crawler helper: sites file, options, run summary, robots API. */

#endif
