#!/usr/bin/env python3
"""libcurl is loaded only by the commands that may call it (common/vn_curl.c): grep,
export and stats start without it and its ~30 libraries and work where it cannot be
loaded; every other command says which library it could not load, in one line, exit 2."""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

VN = os.path.abspath(sys.argv[1])
SRC = os.environ.get("VNNEWS_SRCDIR", os.path.join(os.path.dirname(__file__), "..", ".."))
RECORDS = os.path.join(SRC, "tests", "data", "corpus", "records.jsonl")
HTML = sorted(glob.glob(os.path.join(SRC, "tests", "data", "parser", "*.html")))[0]
TMP = tempfile.mkdtemp(prefix="vnnews-libcurl-")
DB = os.path.join(TMP, "c.db")
MISSING = os.path.join(TMP, "no-such-dir", "libcurl.so.4")
failures = 0


def run(args, **env):
    e = dict(os.environ)
    e.update(env)
    p = subprocess.run([VN] + args, capture_output=True, timeout=120, env=e)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print(f"  check failed: {what}", file=sys.stderr)


def loaded_libraries(args, **env):
    """The shared objects the dynamic loader opened for this run (LD_DEBUG=libs)."""
    rc, out, err = run(args, LD_DEBUG="libs", **env)
    return rc, out, [l for l in err.splitlines() if "calling init:" in l]


def main():
    rc, _, err = run(["add", "--db", DB, RECORDS])
    check(rc == 0, f"add: {err}")

    # grep, export and stats: libcurl and its TLS libraries are not even loaded
    rc, out, inits = loaded_libraries(["grep", "--db", DB, "-c", "dien bien"])
    check(rc == 0 and out.strip() == "3", f"grep -c: exit {rc}, {out!r}")
    check(inits, "LD_DEBUG=libs reported no library initialisation at all")
    check(not any("libcurl" in l or "libgnutls" in l for l in inits),
          "grep loaded libcurl: " + " ".join(l.split()[-1] for l in inits))
    # ... and work where libcurl cannot be loaded
    for args in (["grep", "--db", DB, "-l", "dien bien"], ["export", "--db", DB],
                 ["stats", "--db", DB]):
        rc, out, err = run(args, VNNEWS_LIBCURL=MISSING)
        check(rc == 0 and out and not err, f"{args[0]} without libcurl: exit {rc}: {err}")

    # the commands that may call libcurl load it, and say so clearly when they cannot
    rc, out, inits = loaded_libraries(["extract", "--format", "json", HTML])
    check(rc == 0 and '"title"' in out, f"extract: exit {rc}")
    check(any("libcurl" in l for l in inits), "extract did not load libcurl")
    rc, out, _ = run(["version"])
    check(rc == 0 and ("libcurl 7." in out or "libcurl 8." in out), out)
    for args in (["extract", HTML], ["crawl", "--db", DB, "--max-pages", "1"],
                 ["import", "--db", DB, HTML], ["robots", HTML], ["version"]):
        rc, out, err = run(args, VNNEWS_LIBCURL=MISSING)
        check(rc == 2, f"{args[0]} without libcurl: exit {rc}")
        check(err.startswith(f"vnnews {args[0]}: cannot load libcurl ({MISSING}: "),
              f"{args[0]}: {err!r}")
        check(len(err.splitlines()) == 1 and not out, f"{args[0]}: one line, no output")
    # a library that is not libcurl is named, with what it lacks
    rc, _, err = run(["extract", HTML], VNNEWS_LIBCURL="libz.so.1")
    check(rc == 2 and "libz.so.1" in err and "curl_url" in err, err)
    # help needs no library
    rc, out, _ = run(["help", "crawl"], VNNEWS_LIBCURL=MISSING)
    check(rc == 0 and "usage: vnnews crawl" in out, "help crawl without libcurl")

    shutil.rmtree(TMP, ignore_errors=True)
    print(f"{failures} failed checks", file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
