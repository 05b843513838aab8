#!/usr/bin/env python3
"""alloc_fail.py — allocation-failure injection: runs a vnnews command again and again with
the Nth allocation failing (tests/reliability/failmalloc.c, LD_PRELOAD), for failure points
spread over the whole run, and checks that every run ends by itself with an exit status,
never a signal (crash, abort) and never a hang.

    python3 alloc_fail.py SHIM VNNEWS CASE [POINTS]

CASE: extract (vnnews extract --format json on the parser's seed fixtures and a real page)
or corpus (see corpus_case below).  POINTS: how many failure points (default 60).
Prints "CASE: N failure points, N clean errors, N unaffected, N crashes, N hangs" and exits 1
on any crash or hang.  Exits 77 (meson: skipped) when the binary is built with ASan, which
owns malloc itself.
"""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

SRCDIR = os.environ.get("VNNEWS_SRCDIR", os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED = os.environ.get("VNNEWS_SHARED", os.path.join(SRCDIR, "..", "shared"))
TIMEOUT = 10


def uses_asan(binary):
    out = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    if "libasan" in out:
        return True
    with open(binary, "rb") as f:
        return b"__asan_init" in f.read()


def run(shim, cmd, fail_at, count_file=None, mode="once", cwd=None, out=None):
    env = dict(os.environ, LD_PRELOAD=shim, VNNEWS_FAIL_ALLOC=str(fail_at),
               VNNEWS_FAIL_MODE=mode)
    if count_file:
        env["VNNEWS_ALLOC_COUNT"] = count_file
    try:
        p = subprocess.run(cmd, env=env, capture_output=True, timeout=TIMEOUT, cwd=cwd)
        if out is not None:
            out.append(p.stdout.decode("utf-8", "replace"))
        return p.returncode, p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return None, "timeout"


def points(total, n):
    """n failure points over 1..total: evenly spread, plus the first and last few."""
    if total <= n:
        return list(range(1, total + 1))
    step = total / (n - 10)
    pts = {int(1 + i * step) for i in range(n - 10)}
    pts.update(range(max(1, total - 4), total + 1))
    pts.update(range(1, 6))
    return sorted(pts)


def sweep(name, shim, cmd, n, check=None, setup=None):
    tmp = tempfile.mkdtemp(prefix="vnnews-allocfail-")
    count_file = os.path.join(tmp, "count")
    if setup:
        setup(tmp)
    rc, err = run(shim, cmd(tmp), 0, count_file=count_file)
    if rc != 0:
        print(f"{name}: the run without injected failures failed ({rc}): {err[-500:]}")
        keep_or_remove(tmp, True)
        return 1
    with open(count_file) as f:
        total = int(f.read())
    clean = unaffected = crashes = hangs = bad = 0
    for k in points(total, n):
        for mode in ("once", "all"):
            if setup:
                setup(tmp)
            stdout = []
            rc, err = run(shim, cmd(tmp), k, mode=mode, out=stdout)
            if rc is None:
                hangs += 1
                print(f"  hang: allocation {k} ({mode}) of {total}")
            elif rc < 0:
                crashes += 1
                print(f"  crash: allocation {k} ({mode}) of {total}: signal {-rc}\n"
                      f"    {err.strip()[-300:]}")
            else:
                if rc == 0:
                    unaffected += 1
                else:
                    clean += 1
                msg = check(tmp, rc, stdout[0]) if check else None
                if msg:
                    bad += 1
                    print(f"  damage: allocation {k} ({mode}) of {total}: {msg}")
    tried = clean + unaffected + crashes + hangs
    print(f"{name}: {tried} failure runs over {total} allocations, {clean} clean errors, "
          f"{unaffected} unaffected, {crashes} crashes, {hangs} hangs, {bad} damaged")
    failed = crashes or hangs or bad
    keep_or_remove(tmp, failed)
    return 1 if failed else 0


def keep_or_remove(path, failed):
    """A passing run leaves nothing in /tmp; a failing one keeps its files and says where."""
    if failed:
        print(f"files kept in {path}", file=sys.stderr)
    else:
        shutil.rmtree(path, ignore_errors=True)


def extract_case(shim, vnnews, n):
    files = sorted(os.path.join(SRCDIR, "tests", "data", "parser", f)
                   for f in os.listdir(os.path.join(SRCDIR, "tests", "data", "parser"))
                   if f.endswith(".html"))[:2]
    page = os.path.join(SHARED, "data", "vi-pages", "dantri1.html")
    if os.path.exists(page):
        files.append(page)
    return sweep("extract", shim, lambda tmp: [vnnews, "extract", "--format", "json"] + files,
                 n)


DB_FILES = ("corpus.db", "corpus.db-wal", "corpus.db-shm", "corpus.db.lock")


def corpus_case(shim, vnnews, driver, n):
    """Articles stored one transaction each with allocations failing: afterwards the database
    passes PRAGMA integrity_check and holds exactly the articles reported stored, each with
    its full-text index entry and no orphan rows."""
    fixtures = sorted(f for f in os.listdir(os.path.join(SRCDIR, "tests", "data", "parser"))
                      if f.endswith(".html"))
    records = []
    for i, f in enumerate(fixtures):
        p = subprocess.run([vnnews, "extract", "--format", "json", "--url",
                            f"https://example.gov.vn/tin/{i}.html",
                            os.path.join(SRCDIR, "tests", "data", "parser", f)],
                           capture_output=True, check=True)
        records.append(p.stdout.decode().strip())
    rec_dir = tempfile.mkdtemp(prefix="vnnews-records-")
    rec_path = os.path.join(rec_dir, "records.jsonl")
    with open(rec_path, "w") as f:
        f.write("\n".join(records) + "\n")

    def setup(tmp):
        for name in DB_FILES:
            if os.path.exists(os.path.join(tmp, name)):
                os.unlink(os.path.join(tmp, name))

    def check(tmp, rc, stdout):
        path = os.path.join(tmp, "corpus.db")
        if not os.path.exists(path):
            return None if "stored" not in stdout else "articles reported, no database"
        stored = stdout.count("stored ")
        con = sqlite3.connect(path)
        try:
            ok = con.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                return f"integrity_check: {ok}"
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            if "articles" not in tables:
                return None if stored == 0 else "articles reported, no articles table"
            n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
            if n != stored:
                return f"{n} articles in the database, {stored} reported stored"
            if con.execute("SELECT count(*) FROM articles WHERE body IS NULL OR title IS NULL"
                           ).fetchone()[0]:
                return "an article without title or body"
            if "articles_fts_docsize" in tables:
                m = con.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0]
                if m != n:
                    return f"{m} full-text entries for {n} articles"
            for t in ("documents", "tags", "aliases", "evidence"):
                if t in tables and con.execute(
                        f"SELECT count(*) FROM {t} WHERE article_id NOT IN "
                        f"(SELECT id FROM articles)").fetchone()[0]:
                    return f"orphan rows in {t}"
        finally:
            con.close()
        return None

    rc = sweep("corpus", shim, lambda tmp: [driver, os.path.join(tmp, "corpus.db"),
                                             rec_path], n, check=check, setup=setup)
    keep_or_remove(rec_dir, rc != 0)
    return rc


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    shim, vnnews, case = sys.argv[1:4]
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 60
    if uses_asan(vnnews):
        print("skipped: the binary is built with AddressSanitizer, which owns malloc")
        return 77
    if case == "extract":
        return extract_case(shim, vnnews, n)
    if case == "corpus":
        driver = os.environ.get("VNNEWS_STORE_ARTICLES")
        return corpus_case(shim, vnnews, driver, n)
    print(f"unknown case {case}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
