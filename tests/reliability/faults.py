#!/usr/bin/env python3
"""faults.py — the corpus under faults (issue #8 point 3): disk full during a crawl, the
database locked by another run or by a SQLite lock, read-only, and corrupt.

    python3 faults.py VNNEWS CASE

CASE:
  disk-full  a crawl runs with a file-size limit (ulimit -f, SIGXFSZ ignored so writes fail
             with EFBIG as on a full disk) just above the corpus size: it must stop with
             the documented error status and a message, leave a database that passes
             PRAGMA integrity_check with no half article, and the next run (no limit) must
             finish the crawl with exactly the articles of a reference crawl.
  locked     a second crawl while one runs exits 4 naming the lock; grep reads meanwhile;
             a crawl while another process holds a SQLite write lock ends with an error
             status (no hang, no damage).
  read-only  the corpus file is read-only: crawl fails with a message naming it, grep and
             stats still read.  As root (whom file modes do not stop) they run as nobody.
  corrupt    the corpus file is garbage (or truncated): grep, stats and crawl exit 2 with
             a message naming the file, and the file is left as it was.
Uses the 60-article site of kill_rounds.py.  Prints one line of figures; exits 1 on any
failed check, 77 (skip) when crawl is still a stub.
"""
import hashlib
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import kill_rounds as site  # noqa: E402  (the same test site and corpus checks)

FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("check failed: " + what, file=sys.stderr)
    return cond


class Server:
    def __init__(self, tmp, delay=None):
        cfg = site.site()
        if delay is not None:
            for r in cfg["routes"].values():
                if "delay" in r:
                    r["delay"] = delay
        self.routes = os.path.join(tmp, "routes.json")
        with open(self.routes, "w", encoding="utf-8") as f:
            json.dump(cfg, f)
        self.proc = subprocess.Popen([sys.executable, site.HTTPD, "--routes", self.routes,
                                      "--log", os.path.join(tmp, "requests.jsonl")],
                                     stdout=subprocess.PIPE, text=True)
        self.base = self.proc.stdout.readline().strip()
        self.sites = site.sites_file(tmp, self.base)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def run(cmd, timeout=300, preexec=None):
    p = subprocess.run(cmd, capture_output=True, timeout=timeout, preexec_fn=preexec)
    return p.returncode, p.stderr.decode("utf-8", "replace")


def implemented(vnnews, command):
    """Whether this build has `command` (grep and stats may land after crawl)."""
    p = subprocess.run([vnnews, command, "--help"], capture_output=True, text=True)
    return "not implemented" not in (p.stdout + p.stderr)


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def case_disk_full(vnnews, tmp):
    srv = Server(tmp, delay=0.0)
    try:
        ref_db = os.path.join(tmp, "reference.db")
        rc, err = run(site.crawl_cmd(vnnews, ref_db, srv.sites, None))
        check(rc == 0, "reference crawl exit %d: %s" % (rc, err[-500:]))
        _, ref, _ = site.corpus_state(ref_db)
        db = os.path.join(tmp, "corpus.db")
        # a small start so the file exists, then the rest under a limit just above it
        rc, err = run(site.crawl_cmd(vnnews, db, srv.sites, None) + ["--max-pages", "5"])
        check(rc in (0, 3), "first crawl exit %d: %s" % (rc, err[-500:]))
        limit = os.path.getsize(db) + 64 * 1024

        def limited():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        rc, err = run(site.crawl_cmd(vnnews, db, srv.sites, None), preexec=limited)
        full_rc = rc
        check(rc >= 0, "crawl on a full disk died of signal %d" % -rc)
        check(rc in (2, 3), "crawl on a full disk: exit %d (2 or 3 expected)" % rc)
        check(err.strip() != "", "crawl on a full disk said nothing")
        check("corpus.db" in err or "disk" in err.lower() or "full" in err.lower(),
              "the disk-full message names neither the file nor the cause: %r" % err[-300:])
        ok, arts, problems = site.corpus_state(db)
        check(ok == "ok", "integrity_check after the full disk: %s" % ok)
        check(not problems, "after the full disk: %s" % problems)
        at_full = len(arts)
        rc, err = run(site.crawl_cmd(vnnews, db, srv.sites, None))
        check(rc == 0, "crawl after space came back: exit %d: %s" % (rc, err[-500:]))
        ok, arts, problems = site.corpus_state(db)
        check(ok == "ok" and not problems, "after the resumed crawl: %s %s" % (ok, problems))
        check(set(arts) == set(ref), "resumed corpus has %d articles, reference %d"
              % (len(arts), len(ref)))
        print("disk-full: limit %d bytes, crawl exit %d with %d of %d articles stored, "
              "integrity ok, next run completed %d of %d" % (limit, full_rc, at_full,
                                                            len(ref), len(arts), len(ref)))
    finally:
        srv.stop()


def case_locked(vnnews, tmp):
    srv = Server(tmp, delay=0.05)  # a crawl of a few seconds to overlap with
    try:
        db = os.path.join(tmp, "corpus.db")
        first = subprocess.Popen(site.crawl_cmd(vnnews, db, srv.sites, None),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(100):  # wait until it has stored something (not a timing assertion)
            time.sleep(0.1)
            if os.path.exists(db) and site.corpus_state(db)[1]:
                break
        rc, err = run(site.crawl_cmd(vnnews, db, srv.sites, None), timeout=60)
        check(rc == 4, "second crawl on a locked corpus: exit %d (4 expected): %s"
              % (rc, err[-300:]))
        check("lock" in err.lower(), "the second crawl's message does not say locked: %r"
              % err[-300:])
        grc = None
        if implemented(vnnews, "grep"):
            grc, gerr = run([vnnews, "grep", "--db", db, "-c", "phòng chống dịch"], timeout=60)
            check(grc in (0, 1), "grep during a crawl: exit %d: %s" % (grc, gerr[-300:]))
        first.wait(timeout=120)
        check(first.returncode == 0, "the first crawl exit %d" % first.returncode)
        # a SQLite write lock held by another program: the crawl must give up cleanly
        con = sqlite3.connect(db, timeout=1, isolation_level=None)
        con.execute("BEGIN EXCLUSIVE")
        t0 = time.monotonic()
        rc, err = run(site.crawl_cmd(vnnews, db, srv.sites, None) + ["--refresh"],
                      timeout=180)
        took = time.monotonic() - t0
        con.execute("ROLLBACK")
        con.close()
        check(rc >= 0, "crawl against a held SQLite lock died of signal %d" % -rc)
        check(rc in (2, 3, 4), "crawl against a held SQLite lock: exit %d" % rc)
        ok, arts, problems = site.corpus_state(db)
        check(ok == "ok" and not problems, "after the held lock: %s %s" % (ok, problems))
        print("locked: second crawl refused with exit 4, grep during the crawl exit %s, crawl "
              "against a held SQLite lock exit %d after %.0f s, integrity %s, %d articles"
              % ("(no grep in this build)" if grc is None else grc, rc, took, ok, len(arts)))
    finally:
        srv.stop()


def as_nobody():
    """File modes do not stop root: as root, the commands on the read-only corpus run as
    nobody, like the researcher's own account would."""
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)


def case_read_only(vnnews, tmp):
    user = as_nobody if os.geteuid() == 0 else None
    if user:
        os.chmod(tmp, 0o777)
    srv = Server(tmp, delay=0.0)
    try:
        db = os.path.join(tmp, "corpus.db")
        rc, err = run(site.crawl_cmd(vnnews, db, srv.sites, None))
        check(rc == 0, "crawl exit %d" % rc)
        before = digest(db)
        os.chmod(db, 0o444)
        rc, err = run(site.crawl_cmd(vnnews, db, srv.sites, None) + ["--refresh"],
                      preexec=user)
        check(rc == 2, "crawl on a read-only corpus: exit %d (2 expected)" % rc)
        check("corpus.db" in err, "the message does not name the file: %r" % err[-300:])
        grc = None
        if implemented(vnnews, "grep"):
            grc, gerr = run([vnnews, "grep", "--db", db, "-c", "phòng chống dịch"],
                            preexec=user)
            check(grc == 0, "grep on a read-only corpus: exit %d: %s" % (grc, gerr[-300:]))
        check(digest(db) == before, "the read-only corpus changed")
        print("read-only%s: crawl exit %d, grep exit %s, file unchanged"
              % (" (as nobody)" if user else "", rc, grc))
    finally:
        srv.stop()
    return 0


def case_corrupt(vnnews, tmp):
    srv = Server(tmp, delay=0.0)
    tried = 0
    try:
        good = os.path.join(tmp, "good.db")
        rc, err = run(site.crawl_cmd(vnnews, good, srv.sites, None))
        check(rc == 0, "crawl exit %d" % rc)
        variants = {
            "garbage": lambda b: os.urandom(len(b)),
            "truncated": lambda b: b[:len(b) // 3],
            "bad-header": lambda b: b"SQLite format 2\0" + b[16:],
            "zeroed-page": lambda b: b[:4096] + b"\0" * 4096 + b[8192:],
        }
        with open(good, "rb") as f:
            raw = f.read()
        for name, damage in variants.items():
            path = os.path.join(tmp, "%s.db" % name)
            with open(path, "wb") as f:
                f.write(damage(raw))
            before = digest(path)
            cmds = [[vnnews, "grep", "--db", path, "dịch"], [vnnews, "stats", "--db", path],
                    site.crawl_cmd(vnnews, path, srv.sites, None)]
            for cmd in [c for c in cmds if implemented(vnnews, c[1])]:
                tried += 1
                rc, err = run(cmd, timeout=120)
                what = "%s on a %s corpus" % (cmd[1], name)
                check(rc >= 0, "%s died of signal %d" % (what, -rc))
                # a damaged page may not be read by this command: then it succeeds
                if rc not in (0, 1, 3):
                    check(rc == 2, "%s: exit %d (2 expected)" % (what, rc))
                    check(path in err or os.path.basename(path) in err,
                          "%s: the message does not name the file: %r" % (what, err[-300:]))
                if cmd[1] != "crawl":
                    check(digest(path) == before, "%s changed the file" % what)
        print("corrupt: %d commands on %d damaged corpora, none crashed, every error named "
              "the file" % (tried, len(variants)))
    finally:
        srv.stop()


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    vnnews, case = sys.argv[1], sys.argv[2]
    p = subprocess.run([vnnews, "crawl", "--help"], capture_output=True, text=True)
    if p.returncode != 0 and "not implemented" in (p.stdout + p.stderr):
        print("skipped: vnnews crawl is not implemented in this build")
        return 77
    tmp = tempfile.mkdtemp(prefix="vnnews-faults-")
    try:
        cases = {"disk-full": case_disk_full, "locked": case_locked,
                 "read-only": case_read_only, "corrupt": case_corrupt}
        if case not in cases:
            print("unknown case %s" % case, file=sys.stderr)
            return 2
        rc = cases[case](vnnews, tmp)
        if rc == 77:
            return 77
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
