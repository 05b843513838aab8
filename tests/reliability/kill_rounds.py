#!/usr/bin/env python3
"""kill_rounds.py — SIGKILL `vnnews crawl` at random moments, again and again, on one corpus
(issue #8 point 3, issue #5 point 8).

    python3 kill_rounds.py VNNEWS [ROUNDS] [SEED]

A site of 60 articles behind paginated listings is served on 127.0.0.1 by tests/httpd.py
(each article answers after 30 ms, so a crawl takes a few seconds).  Each round starts a
crawl on the same corpus (with --warc) and kills it with SIGKILL after a random delay
within the time an uninterrupted crawl takes (seeded: the same SEED gives the same
delays).  After every round:
  - PRAGMA integrity_check is "ok";
  - no article is there twice (same URL or same content hash), none is without its body,
    and the full-text index has exactly one entry per article;
  - every closed WARC file (*.warc.gz, not *.open) reads to the end, record by record.
The next round must start (a killed run's lock never blocks the corpus).  After the last
round of each corpus one crawl runs to its end; the corpus must then hold exactly the
articles of a reference crawl of the same site into a fresh corpus, with the same content
hashes.  Every third round runs with --refresh (updates under fire); every 10 rounds start
a fresh corpus (resume from an empty frontier again).
Then the WARC files those crawls wrote are imported into a fresh corpus, and that corpus
reprocessed, each with ROUNDS/5 (at least 3) SIGKILL rounds under the same checks; the
import must yield the crawl's articles, and reprocess must never drop one.
Prints "kill rounds: N rounds survived of N, ..." and exits 1 on any failed check.
"""
import gzip
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
HTTPD = os.path.join(HERE, "..", "httpd.py")
N_ARTICLES = 60
PER_PAGE = 10
FAILS = []

PARAS = [
    "Ngày {d}/12/2021, UBND tỉnh tổ chức hội nghị trực tuyến về công tác phòng, chống dịch "
    "COVID-19 trên địa bàn tỉnh, bài số {i}.",
    "Chủ tịch UBND tỉnh yêu cầu các sở, ban, ngành tiếp tục thực hiện nghiêm các biện pháp "
    "phòng, chống dịch, đẩy nhanh tiến độ tiêm vắc xin cho người dân (mục {i}).",
    "Các địa phương cần rà soát, cập nhật tình hình và báo cáo kết quả trước ngày 15/12/2021; "
    "thực hiện Công văn số {i}/UBND-VX của UBND tỉnh.",
    "Sở Y tế hướng dẫn các trung tâm y tế huyện chuẩn bị đủ vật tư, thuốc men và nhân lực "
    "cho đợt cao điểm thứ {i}.",
]


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("check failed: " + what, file=sys.stderr)
    return cond


def article(i):
    title = "Hội nghị trực tuyến phòng chống dịch số %d" % i
    body = "".join("<p>%s</p>" % p.format(i=i, d=1 + i % 28) for p in PARAS)
    return ("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>%s</title>"
            "</head><body><div class=\"news-detail\"><h1>%s</h1><div class=\"date\">Thứ hai, "
            "%02d/12/2021 08:%02d</div><div class=\"content\">%s</div></div></body></html>"
            % (title, title, 1 + i % 28, i % 60, body))


def site():
    routes = {"/robots.txt": {"body": "User-agent: *\nDisallow:\n", "content_type": "text/plain"}}
    pages = (N_ARTICLES + PER_PAGE - 1) // PER_PAGE
    for p in range(pages):
        items = "".join("<li><a href=\"/tin/%d.html\">Tin %d</a></li>" % (i, i)
                        for i in range(p * PER_PAGE, min(N_ARTICLES, (p + 1) * PER_PAGE)))
        nxt = "<a href=\"/tin-tuc?page=%d\">Trang sau</a>" % (p + 1) if p + 1 < pages else ""
        html = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Tin tức</title>"
                "</head><body><h1>Tin tức</h1><ul>%s</ul>%s</body></html>" % (items, nxt))
        routes["/tin-tuc?page=%d" % p] = {"body": html}
    routes["/"] = {"body": "<html><body><a href=\"/tin-tuc?page=0\">Tin tức</a></body></html>"}
    for i in range(N_ARTICLES):
        routes["/tin/%d.html" % i] = {"body": article(i), "delay": 0.03}
    return {"routes": routes}


def sites_file(tmp, base):
    path = os.path.join(tmp, "sites.ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write("[vnnews]\ncontact = https://example.org/vnnews-tests\n\n"
                "[Cổng thử nghiệm]\nprovince = Thử Nghiệm\nstart = %s/\n"
                "article = /tin/*.html$\nlisting = /tin-tuc*\n" % base)
    return path


def crawl_cmd(vnnews, db, sites, warc, refresh=False):
    cmd = [vnnews, "crawl", "--db", db, "--sites", sites, "--no-progress", "-q",
           "--delay", "0", "--retries", "1"] + (["--refresh"] if refresh else [])
    if warc:
        cmd += ["--warc", warc]
    return cmd


def warc_readable(path):
    """Reads a .warc.gz record by record (each record its own gzip member); returns the
    number of records, or raises ValueError naming what is wrong."""
    n = 0
    with open(path, "rb") as f:
        data = f.read()
    pos = 0
    while pos < len(data):
        d = zlib.decompressobj(31)
        try:
            rec = d.decompress(data[pos:])
        except zlib.error as e:
            raise ValueError("%s: bad gzip member at offset %d: %s" % (path, pos, e))
        if not d.eof:
            raise ValueError("%s: truncated gzip member at offset %d" % (path, pos))
        pos = len(data) - len(d.unused_data)
        head, sep, rest = rec.partition(b"\r\n\r\n")
        if not sep or not head.startswith(b"WARC/1."):
            raise ValueError("%s: record %d has no WARC header" % (path, n))
        length = None
        for line in head.split(b"\r\n")[1:]:
            k, _, v = line.partition(b":")
            if k.strip().lower() == b"content-length":
                length = int(v.strip())
        if length is None or len(rest) != length + 4 or not rest.endswith(b"\r\n\r\n"):
            raise ValueError("%s: record %d: block length does not match Content-Length"
                             % (path, n))
        n += 1
    return n


def corpus_state(db):
    """(integrity, {url: hash}, problems) of a corpus."""
    problems = []
    # Read-write on purpose: after a kill the WAL must be recovered, which a read-only
    # connection cannot do ("attempt to write a readonly database", now and then); the next
    # vnnews run recovers it the same way.
    con = sqlite3.connect(db)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        if "articles" not in tables:
            return ok, {}, problems
        rows = con.execute("SELECT url, content_hash, length(body) FROM articles").fetchall()
        arts = {}
        for url, h, blen in rows:
            if url in arts:
                problems.append("article %s twice" % url)
            arts[url] = h
            if not blen:
                problems.append("article %s without a body" % url)
        hashes = [h for h in arts.values() if h]
        if len(set(hashes)) != len(hashes):
            problems.append("the same content stored as two articles")
        if "articles_fts_docsize" in tables:
            m = con.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0]
            if m != len(rows):
                problems.append("%d full-text entries for %d articles" % (m, len(rows)))
        return ok, arts, problems
    finally:
        con.close()


def kill_phase(name, cmd, db, ref, rounds, rng, same_set=False):
    """SIGKILL `cmd` (a command on corpus `db`) `rounds` times at random moments within the
    time an uninterrupted run takes, then run it to its end.  After every round the corpus
    is whole and its articles are a subset of `ref` (with `same_set`: exactly `ref`, for
    reprocess, which must never drop an article); at the end it holds exactly `ref`.
    Returns (rounds survived, rounds killed mid-run)."""
    t0 = time.monotonic()
    probe = db + ".probe"
    if os.path.exists(db):
        shutil.copy(db, probe)
    p = subprocess.run([c if c != db else probe for c in cmd], capture_output=True,
                       timeout=300)
    span = max(0.3, (time.monotonic() - t0) * 1.1)
    for suffix in ("", "-wal", "-shm", ".lock"):
        if os.path.exists(probe + suffix):
            os.unlink(probe + suffix)
    check(p.returncode in (0, 3), "%s: uninterrupted run exit %d: %s"
          % (name, p.returncode, p.stderr.decode("utf-8", "replace")[-500:]))
    survived = killed = 0
    for r in range(rounds):
        delay = rng.uniform(0.02, span)
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        _, err = proc.communicate()
        good = check(proc.returncode in (-signal.SIGKILL, 0, 3), "%s round %d: exit %d: %s"
                     % (name, r, proc.returncode, err.decode("utf-8", "replace")[-500:]))
        ok, arts, problems = corpus_state(db) if os.path.exists(db) else ("ok", {}, [])
        good &= check(ok == "ok", "%s round %d: integrity_check: %s" % (name, r, ok))
        good &= check(not problems, "%s round %d: %s" % (name, r, problems))
        extra = [u for u in arts if u not in ref]
        good &= check(not extra, "%s round %d: unexpected articles %s" % (name, r, extra[:3]))
        if same_set:
            good &= check(set(arts) == set(ref), "%s round %d: %d articles, %d before"
                          % (name, r, len(arts), len(ref)))
        survived += good
    p = subprocess.run(cmd, capture_output=True, timeout=300)
    check(p.returncode in (0, 3), "%s: final run exit %d" % (name, p.returncode))
    ok, arts, problems = corpus_state(db)
    check(ok == "ok" and not problems, "%s: final: %s %s" % (name, ok, problems))
    check(set(arts) == set(ref), "%s: final corpus %d articles, expected %d"
          % (name, len(arts), len(ref)))
    return survived, killed


EPOCH = 10  # rounds on one corpus before a fresh one: resumes from scratch are exercised too


def finish_epoch(vnnews, db, sites, warc, ref, totals):
    """One crawl to its end; the corpus must then equal the reference."""
    p = subprocess.run(crawl_cmd(vnnews, db, sites, warc, False), capture_output=True,
                       timeout=300)
    check(p.returncode == 0, "%s: final crawl exit %d: %s"
          % (db, p.returncode, p.stderr.decode("utf-8", "replace")[-1000:]))
    ok, arts, problems = corpus_state(db)
    check(ok == "ok", "%s: final integrity_check: %s" % (db, ok))
    check(not problems, "%s: final: %s" % (db, problems))
    missing = sorted(set(ref) - set(arts))
    check(not missing, "%s: %d articles lost after the kills: %s" % (db, len(missing),
                                                                     missing[:5]))
    extra = sorted(set(arts) - set(ref))
    check(not extra, "%s: articles the reference does not have: %s" % (db, extra[:5]))
    differ = [u for u in ref if u in arts and arts[u] != ref[u]]
    check(not differ, "%s: articles differing from the reference: %s" % (db, differ[:5]))
    totals["corpora"] += 1
    totals["lost"] += len(missing)
    totals["dup"] += len(problems)
    totals["articles"] += len(arts)


def crawl_missing(vnnews):
    """True when this build's `vnnews crawl` is still the stub (the test then skips)."""
    p = subprocess.run([vnnews, "crawl", "--help"], capture_output=True, text=True)
    return p.returncode != 0 and "not implemented" in (p.stdout + p.stderr)


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    vnnews = sys.argv[1]
    if crawl_missing(vnnews):
        print("skipped: vnnews crawl is not implemented in this build")
        return 77
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 8)
    tmp = tempfile.mkdtemp(prefix="vnnews-kill-")
    routes = os.path.join(tmp, "routes.json")
    with open(routes, "w", encoding="utf-8") as f:
        json.dump(site(), f)
    srv = subprocess.Popen([sys.executable, HTTPD, "--routes", routes, "--log",
                            os.path.join(tmp, "requests.jsonl")], stdout=subprocess.PIPE,
                           text=True)
    base = srv.stdout.readline().strip()
    sites = sites_file(tmp, base)
    db = os.path.join(tmp, "corpus.db")
    warc = os.path.join(tmp, "warc")
    os.makedirs(warc)
    survived = killed_mid = 0
    totals = {"corpora": 0, "lost": 0, "dup": 0, "articles": 0}
    max_articles = 0
    warc_records = 0
    try:
        # reference: one uninterrupted crawl into a fresh corpus
        ref_db = os.path.join(tmp, "reference.db")
        t0 = time.monotonic()
        p = subprocess.run(crawl_cmd(vnnews, ref_db, sites, None), capture_output=True,
                           timeout=300)
        if not check(p.returncode == 0, "reference crawl exit %d: %s"
                     % (p.returncode, p.stderr.decode("utf-8", "replace")[-1000:])):
            print("files kept in " + tmp, file=sys.stderr)
            return 1
        _, ref, ref_problems = corpus_state(ref_db)
        check(len(ref) == N_ARTICLES, "reference crawl stored %d of %d articles"
              % (len(ref), N_ARTICLES))
        check(not ref_problems, "reference: %s" % ref_problems)
        # kill moments spread over the length of a whole crawl (not a timed assertion)
        ref_time = max(0.5, (time.monotonic() - t0) * 1.1)

        epoch_db = None
        for r in range(rounds):
            if r % EPOCH == 0:
                if epoch_db:
                    finish_epoch(vnnews, epoch_db, sites, warc, ref, totals)
                epoch_db = os.path.join(tmp, "corpus-%d.db" % (r // EPOCH))
                max_articles = 0
            refresh = r % 3 == 2
            delay = rng.uniform(0.02, ref_time)
            proc = subprocess.Popen(crawl_cmd(vnnews, epoch_db, sites, warc, refresh),
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(delay)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                killed_mid += 1
            _, err = proc.communicate()
            if proc.returncode == 4:
                check(False, "round %d: the corpus stayed locked after a killed run" % r)
            elif proc.returncode not in (-signal.SIGKILL, 0, 3):
                check(False, "round %d: crawl exit %d: %s"
                      % (r, proc.returncode, err.decode("utf-8", "replace")[-500:]))
            if os.path.exists(epoch_db):
                ok, arts, problems = corpus_state(epoch_db)
            else:
                ok, arts, problems = "ok", {}, []
            good = check(ok == "ok", "round %d (kill after %.2f s): integrity_check: %s"
                         % (r, delay, ok))
            good &= check(not problems, "round %d: %s" % (r, problems))
            lost = [u for u in arts if u not in ref]
            good &= check(not lost, "round %d: articles not in the reference: %s" % (r, lost))
            good &= check(len(arts) >= max_articles, "round %d: articles went from %d to %d"
                          % (r, max_articles, len(arts)))
            max_articles = max(max_articles, len(arts))
            for name in sorted(os.listdir(warc)):
                if name.endswith(".warc.gz"):
                    try:
                        warc_readable(os.path.join(warc, name))
                    except ValueError as e:
                        good = check(False, "round %d: %s" % (r, e))
            survived += good
        if epoch_db:
            finish_epoch(vnnews, epoch_db, sites, warc, ref, totals)
        for name in sorted(os.listdir(warc)):
            if name.endswith(".warc.gz"):
                try:
                    warc_records += warc_readable(os.path.join(warc, name))
                except ValueError as e:
                    check(False, "final: %s" % e)
        n_warc = sum(1 for n in os.listdir(warc) if n.endswith(".warc.gz"))

        # import of the WARC files the crawls wrote, then reprocess, each under SIGKILL
        side = max(3, rounds // 5)
        warcs = sorted(os.path.join(warc, n) for n in os.listdir(warc) if n.endswith(".warc.gz"))
        imp_ref_db = os.path.join(tmp, "import-reference.db")
        p = subprocess.run([vnnews, "import", "--db", imp_ref_db, "--sites", sites, "-q"]
                           + warcs, capture_output=True, timeout=300)
        check(p.returncode in (0, 3), "reference import exit %d: %s"
              % (p.returncode, p.stderr.decode("utf-8", "replace")[-500:]))
        _, imp_ref, _ = corpus_state(imp_ref_db)
        check(set(imp_ref) == set(ref), "import of the crawls' WARC files: %d articles, "
              "crawl reference %d" % (len(imp_ref), len(ref)))
        imp_db = os.path.join(tmp, "import.db")
        imp_ok, imp_killed = kill_phase(
            "import", [vnnews, "import", "--db", imp_db, "--sites", sites, "-q"] + warcs,
            imp_db, imp_ref, side, rng)
        rep_ok, rep_killed = kill_phase(
            "reprocess", [vnnews, "reprocess", "--db", imp_db, "-q"], imp_db, imp_ref, side,
            rng, same_set=True)
    finally:
        srv.terminate()
        srv.wait()
    print("kill rounds: %d rounds survived of %d (%d killed mid-crawl); %d corpora finished "
          "with %d articles (reference %d each), %d lost, %d duplicated; %d WARC files with "
          "%d records readable; import %d of %d rounds survived (%d killed mid-run), "
          "reprocess %d of %d (%d killed mid-run)"
          % (survived, rounds, killed_mid, totals["corpora"], totals["articles"], len(ref),
             totals["lost"], totals["dup"], n_warc, warc_records, imp_ok, side, imp_killed,
             rep_ok, side, rep_killed))
    if FAILS:
        print("files kept in " + tmp, file=sys.stderr)
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
