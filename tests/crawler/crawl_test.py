#!/usr/bin/env python3
"""crawl_test.py - runs the real `vnnews crawl` against tests/httpd.py on 127.0.0.1.

    python3 crawl_test.py VNNEWS_BINARY CASE

Each CASE builds a route table, starts the server, runs the crawler and checks what a user
would check: the server's request log (what was asked, when, how many at once), the exit
code and messages, and the corpus (sqlite3).  Timing checks are lower bounds on the
crawler's politeness (gaps it must leave), never upper bounds on its speed.
"""
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

HERE = os.path.dirname(os.path.abspath(__file__))
HTTPD = os.path.join(HERE, "..", "httpd.py")
VNNEWS = None
FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("check failed: " + what, file=sys.stderr)


def article(i, links=""):
    """An article page in the shape of a provincial portal's news item."""
    return ("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
            "<title>Bài viết số %d về công tác phòng chống dịch</title></head><body>"
            "<div class=\"header\"><a href=\"/\">Trang chủ</a></div>"
            "<div class=\"news-detail\"><h1 class=\"title\">Bài viết số %d về công tác "
            "phòng chống dịch</h1><div class=\"date\">Thứ hai, 06/12/2021 08:%02d</div>"
            "<div class=\"content\"><p>Ngày 06/12/2021, UBND tỉnh tổ chức hội nghị trực tuyến "
            "về công tác phòng, chống dịch COVID-19 trên địa bàn tỉnh, bài số %d.</p>"
            "<p>Chủ tịch UBND tỉnh yêu cầu các sở, ban, ngành tiếp tục thực hiện nghiêm các "
            "biện pháp phòng, chống dịch, đẩy nhanh tiến độ tiêm vắc xin cho người dân.</p>"
            "<p>Các địa phương cần rà soát, cập nhật tình hình và báo cáo kết quả trước ngày "
            "15/12/2021.</p></div></div>%s</body></html>" % (i, i, i % 60, i, links))


def listing(links, title="Tin tức"):
    items = "".join("<li><a href=\"%s\">Tin %d</a></li>" % (u, n) for n, u in enumerate(links))
    return ("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>%s</title>"
            "</head><body><h1>%s</h1><ul class=\"list-news\">%s</ul></body></html>"
            % (title, title, items))


class Server:
    def __init__(self, tmp, cfg, port=0):
        self.routes = os.path.join(tmp, "routes.json")
        self.log = os.path.join(tmp, "requests.jsonl")
        with open(self.routes, "w", encoding="utf-8") as f:
            json.dump(cfg, f)
        self.proc = subprocess.Popen([sys.executable, HTTPD, "--routes", self.routes,
                                      "--log", self.log, "--port", str(port)],
                                     stdout=subprocess.PIPE, text=True)
        self.base = self.proc.stdout.readline().strip()
        self.port = int(self.base.rsplit(":", 1)[1])

    def requests(self):
        if not os.path.exists(self.log):
            return []
        with open(self.log, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def paths(self):
        return [r["path"] for r in self.requests()]

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def sites_file(tmp, base, extra=""):
    path = os.path.join(tmp, "sites.ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write("[vnnews]\ncontact = https://example.org/vnnews-tests\n\n"
                "[Cổng thử nghiệm]\nprovince = Thử Nghiệm\nstart = %s/\n"
                "article = /tin/*.html$\n%s" % (base, extra))
    return path


def crawl(tmp, *args, timeout=60):
    db = os.path.join(tmp, "corpus.db")
    cmd = [VNNEWS, "crawl", "--db", db, "--no-progress"] + list(args)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stderr


def db_rows(tmp, sql, args=()):
    con = sqlite3.connect(os.path.join(tmp, "corpus.db"))
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def simple_site(n, delay=0.0, extra=None):
    routes = {"/robots.txt": {"body": "User-agent: *\nDisallow:\n", "content_type": "text/plain"},
              "/": {"body": listing(["/tin/%d.html" % i for i in range(n)])}}
    for i in range(n):
        routes["/tin/%d.html" % i] = {"body": article(i), "delay": delay}
    if extra:
        routes.update(extra)
    return {"routes": routes}


# ---- cases ----

def case_robots_rules_and_crawl_delay(tmp):
    cfg = simple_site(4)
    cfg["routes"]["/robots.txt"]["body"] = ("User-agent: *\nDisallow: /\n\n"
                                            "User-agent: vnnews\nDisallow: /tin/2.html\n"
                                            "Disallow: /private\nAllow: /$\nAllow: /tin/\n"
                                            "Crawl-delay: 0.6\n")
    cfg["routes"]["/"]["body"] = listing(["/tin/%d.html" % i for i in range(4)] + ["/private/a"])
    cfg["routes"]["/private/a"] = {"body": article(99)}
    srv = Server(tmp, cfg)
    try:
        rc, err = crawl(tmp, "--sites", sites_file(tmp, srv.base), "--delay", "0.1")
    finally:
        srv.stop()
    reqs = srv.requests()
    paths = [r["path"] for r in reqs]
    check(rc == 0, "exit 0, got %d: %s" % (rc, err))
    check(paths[0] == "/robots.txt", "robots.txt first, got %s" % paths[:1])
    check("/tin/2.html" not in paths, "disallowed page fetched")
    check("/private/a" not in paths, "disallowed /private fetched")
    check(sorted(p for p in paths if p.startswith("/tin/")) ==
          ["/tin/0.html", "/tin/1.html", "/tin/3.html"], "allowed pages fetched: %s" % paths)
    for a, b in zip(reqs, reqs[1:]):
        check(b["start"] - a["end"] >= 0.55,
              "Crawl-delay 0.6 kept between %s and %s: %.3f s" % (a["path"], b["path"],
                                                                  b["start"] - a["end"]))
    ua = reqs[0]["headers"].get("user-agent", "")
    check(ua.startswith("vnnews/") and "https://example.org/vnnews-tests" in ua,
          "User-Agent names vnnews and the contact: %r" % ua)
    rows = db_rows(tmp, "SELECT status, last_error FROM urls WHERE url LIKE '%/tin/2.html'")
    check(rows == [(3, "disallowed by robots.txt")], "robots skip recorded: %s" % rows)


def case_robots_unavailable_and_server_error(tmp):
    # 404 robots.txt: everything allowed
    cfg = simple_site(2)
    cfg["routes"]["/robots.txt"] = {"status": 404, "body": "no"}
    srv = Server(tmp, cfg)
    try:
        rc, err = crawl(tmp, "--delay", "0", srv.base + "/")
    finally:
        srv.stop()
    check(rc == 0, "robots 404: exit 0, got %d: %s" % (rc, err))
    check("/tin/1.html" in srv.paths(), "robots 404 allows all")
    # 500 robots.txt: the host is postponed, no page fetched, URLs stay queued
    tmp2 = os.path.join(tmp, "b")
    os.mkdir(tmp2)
    cfg["routes"]["/robots.txt"] = {"status": 500, "body": "oops"}
    srv = Server(tmp2, cfg)
    try:
        rc, err = crawl(tmp2, "--delay", "0", srv.base + "/", timeout=120)
    finally:
        srv.stop()
    paths = srv.paths()
    check(rc == 3, "robots 500: exit 3 (partial), got %d" % rc)
    check(set(paths) == {"/robots.txt"}, "only robots.txt asked: %s" % paths)
    check("postponed" in err, "message says the host is postponed: %s" % err)
    check(db_rows(tmp2, "SELECT count(*) FROM urls WHERE status = 0")[0][0] == 1,
          "start URL still queued for the next run")


def case_per_host_concurrency_never_exceeded(tmp):
    n = 6
    routes = {"/robots.txt": {"body": "User-agent: *\nAllow: /\n", "content_type": "text/plain"}}
    links = []
    for i in range(n):
        routes["/tin/%d.html" % i] = {"body": article(i), "delay": 0.15}
        links.append("/tin/%d.html" % i)
    # two hosts on one server: 127.0.0.1 and localhost
    routes["/"] = {"body": listing(links + ["http://localhost:{port}/tin/%d.html" % i
                                            for i in range(n)])}
    srv = Server(tmp, {"routes": routes})
    site = os.path.join(tmp, "two.ini")
    with open(site, "w", encoding="utf-8") as f:
        f.write("[two hosts]\nstart = %s/\nhosts = 127.0.0.1 localhost\narticle = /tin/*\n"
                % srv.base)
    try:
        rc, err = crawl(tmp, "--sites", site, "--delay", "0", "--max-conns", "8",
                        "--per-host", "1")
    finally:
        srv.stop()
    reqs = srv.requests()
    hosts = {r["host"].split(":")[0] for r in reqs}
    check(rc == 0, "exit 0, got %d: %s" % (rc, err))
    check(max(r["overlap"] for r in reqs) == 1, "never two requests at once to one host")
    if hosts == {"127.0.0.1", "localhost"}:
        # both hosts were crawled; their requests may overlap each other
        both = [r for r in reqs if r["path"].startswith("/tin/")]
        check(len(both) >= n + 1, "pages of both hosts fetched: %d" % len(both))
    else:
        check(False, "both hosts crawled: %s" % hosts)


def case_redirect_loop_and_chain(tmp):
    cfg = simple_site(1, extra={
        "/loop1": {"redirect": "/loop2"}, "/loop2": {"redirect": "/loop1"},
        "/moved": {"redirect": "/tin/0.html", "status": 301}})
    cfg["routes"]["/"]["body"] = listing(["/loop1", "/moved"])
    srv = Server(tmp, cfg)
    try:
        rc, err = crawl(tmp, "--delay", "0", "--max-redirects", "4", srv.base + "/")
    finally:
        srv.stop()
    loops = [p for p in srv.paths() if p.startswith("/loop")]
    check(rc == 3, "redirect loop makes the run partial (3), got %d" % rc)
    check(0 < len(loops) <= 5, "loop followed at most max-redirects+1 times: %d" % len(loops))
    rows = db_rows(tmp, "SELECT status, last_error FROM urls WHERE url LIKE '%/loop1'")
    check(rows and rows[0][0] == 2 and "redirect" in (rows[0][1] or "").lower(),
          "loop recorded as failed: %s" % rows)
    check("/tin/0.html" in srv.paths(), "301 followed to the article")


def case_big_and_endless_bodies_cut(tmp):
    cfg = simple_site(1, extra={
        "/big": {"body": "<html><body>", "size": 10 * 1024 * 1024},
        "/endless": {"body": "<html><body>", "endless": True}})
    cfg["routes"]["/"]["body"] = listing(["/big", "/endless", "/tin/0.html"])
    srv = Server(tmp, cfg)
    stats = os.path.join(tmp, "stats.json")
    try:
        rc, err = crawl(tmp, "--delay", "0", "--max-body", "1048576", "--stats-json", stats,
                        srv.base + "/")
    finally:
        srv.stop()
    with open(stats, encoding="utf-8") as f:
        st = json.load(f)
    check(rc == 3, "exit 3, got %d: %s" % (rc, err))
    check(st["errors"]["too_big"] == 2, "both bodies cut at the cap: %s" % st["errors"])
    check(st["bytes"] < 4 * 1048576, "no more than the cap read per body: %d" % st["bytes"])
    check(srv.paths().count("/big") == 1 and srv.paths().count("/endless") == 1,
          "too-big bodies are not retried")
    check("/tin/0.html" in srv.paths(), "the crawl went on")


def case_drip_times_out(tmp):
    cfg = simple_site(1, extra={"/drip": {"body": "<html>" + "x" * 200, "drip": True}})
    cfg["routes"]["/"]["body"] = listing(["/drip", "/tin/0.html"])
    srv = Server(tmp, cfg)
    try:
        rc, err = crawl(tmp, "--delay", "0", "--low-speed-time", "2", "--retries", "1",
                        srv.base + "/")
    finally:
        srv.stop()
    rows = db_rows(tmp, "SELECT status, last_error FROM urls WHERE url LIKE '%/drip'")
    check(rc == 3, "exit 3, got %d" % rc)
    check(rows and rows[0][0] == 2, "drip recorded as failed: %s" % rows)
    check("/tin/0.html" in srv.paths(), "the crawl went on")


def case_http_errors_and_retry_after(tmp):
    cfg = simple_site(2, extra={
        "/gone": {"status": 404, "body": "x"},
        "/broken": {"status": 500, "body": "x"},
        "/tin/busy.html": {"body": article(50), "fail_times": 1, "fail_status": 503,
                  "fail_headers": {"Retry-After": "2"}},
        "/slow-down": {"body": article(51), "fail_times": 1, "fail_status": 429,
                       "fail_headers": {"Retry-After": "1"}}})
    cfg["routes"]["/"]["body"] = listing(["/gone", "/broken", "/tin/busy.html", "/slow-down",
                                          "/tin/0.html", "/tin/1.html"])
    srv = Server(tmp, cfg)
    stats = os.path.join(tmp, "stats.json")
    try:
        rc, err = crawl(tmp, "--delay", "0", "--retries", "2", "--stats-json", stats,
                        "--sites", sites_file(tmp, srv.base), timeout=120)
    finally:
        srv.stop()
    reqs = srv.requests()
    paths = [r["path"] for r in reqs]
    check(rc == 3, "exit 3, got %d: %s" % (rc, err))
    check(paths.count("/gone") == 1, "404 not retried: %d" % paths.count("/gone"))
    check(paths.count("/broken") == 2, "500 retried up to --retries: %d" % paths.count("/broken"))
    busy = [r for r in reqs if r["path"] == "/tin/busy.html"]
    check(len(busy) == 2, "503 retried once: %d" % len(busy))
    if len(busy) == 2:
        check(busy[1]["start"] - busy[0]["end"] >= 1.9,
              "Retry-After: 2 honoured: %.2f s" % (busy[1]["start"] - busy[0]["end"]))
    slow = [r for r in reqs if r["path"] == "/slow-down"]
    if len(slow) == 2:
        check(slow[1]["start"] - slow[0]["end"] >= 0.9, "429 Retry-After: 1 honoured")
    else:
        check(False, "429 retried once: %d" % len(slow))
    st = json.load(open(stats, encoding="utf-8"))
    check(st["errors"]["http_4xx"] >= 1 and st["errors"]["http_5xx"] >= 2,
          "errors by kind counted: %s" % st["errors"])
    stored = {r[0] for r in db_rows(tmp, "SELECT url FROM articles")}
    check(any(u.endswith("/tin/busy.html") for u in stored), "the 503 page stored after its retry")
    check("http_4xx" in err and "http_5xx" in err, "summary shows errors by kind: %s" % err)


def case_connection_reset(tmp):
    cfg = simple_site(1, extra={"/reset": {"reset": True}})
    cfg["routes"]["/"]["body"] = listing(["/reset", "/tin/0.html"])
    srv = Server(tmp, cfg)
    try:
        rc, err = crawl(tmp, "--delay", "0", "--retries", "2", srv.base + "/", timeout=120)
    finally:
        srv.stop()
    rows = db_rows(tmp, "SELECT status FROM urls WHERE url LIKE '%/reset'")
    check(rc == 3, "exit 3, got %d" % rc)
    check(rows == [(2,)], "reset recorded as failed: %s" % rows)
    # curl itself retries once when a reused keep-alive connection is reset
    resets = srv.paths().count("/reset")
    check(2 <= resets <= 4, "a reset is retried, within --retries: %d" % resets)
    check("/tin/0.html" in srv.paths(), "the crawl went on")


def case_non_html_skipped(tmp):
    cfg = simple_site(1, extra={
        "/doc.pdf": {"body": "%PDF-1.4 " + "z" * 200000, "content_type": "application/pdf"},
        "/logo.png": {"body": "\x89PNG", "content_type": "image/png"}})
    cfg["routes"]["/"]["body"] = listing(["/doc.pdf", "/logo.png", "/tin/0.html"])
    srv = Server(tmp, cfg)
    stats = os.path.join(tmp, "stats.json")
    try:
        rc, err = crawl(tmp, "--delay", "0", "--stats-json", stats, srv.base + "/")
    finally:
        srv.stop()
    st = json.load(open(stats, encoding="utf-8"))
    check(rc == 0, "exit 0, got %d: %s" % (rc, err))
    check(st["skipped_type"] == 2, "two non-HTML skipped: %s" % st["skipped_type"])
    check(st["bytes"] < 100000, "the PDF body was not downloaded: %d bytes" % st["bytes"])
    rows = db_rows(tmp, "SELECT count(*) FROM articles WHERE url LIKE '%.pdf' OR url LIKE '%.png'")
    check(rows[0][0] == 0, "nothing stored for non-HTML")


def case_calendar_trap_bounded(tmp):
    cfg = simple_site(1)
    cfg["prefix"] = {"/lich": {"calendar": "/lich"}}
    cfg["routes"]["/"]["body"] = listing(["/lich?month=0", "/tin/0.html"])
    srv = Server(tmp, cfg)
    try:
        rc, err = crawl(tmp, "--delay", "0", "--max-depth", "100", "--max-per-pattern", "25",
                        srv.base + "/", timeout=120)
    finally:
        srv.stop()
    cal = [p for p in srv.paths() if p.startswith("/lich")]
    check(rc == 0, "exit 0, got %d: %s" % (rc, err))
    check(0 < len(cal) <= 25, "calendar pages bounded by --max-per-pattern: %d" % len(cal))
    # and by depth when the pattern budget is large
    tmp2 = os.path.join(tmp, "b")
    os.mkdir(tmp2)
    srv = Server(tmp2, cfg)
    try:
        rc, err = crawl(tmp2, "--delay", "0", "--max-depth", "6", srv.base + "/", timeout=120)
    finally:
        srv.stop()
    cal = [p for p in srv.paths() if p.startswith("/lich")]
    check(0 < len(cal) <= 2 * 6 + 1, "calendar pages bounded by --max-depth: %d" % len(cal))


def case_gzip_and_chunked(tmp):
    cfg = simple_site(2)
    cfg["routes"]["/tin/0.html"]["gzip"] = True
    cfg["routes"]["/tin/1.html"]["chunked"] = True
    srv = Server(tmp, cfg)
    try:
        rc, err = crawl(tmp, "--delay", "0", "--sites", sites_file(tmp, srv.base))
    finally:
        srv.stop()
    reqs = {r["path"]: r for r in srv.requests()}
    check(rc == 0, "exit 0, got %d: %s" % (rc, err))
    check("gzip" in reqs.get("/tin/0.html", {}).get("headers", {}).get("accept-encoding", ""),
          "Accept-Encoding offers gzip")
    titles = sorted(r[0] or "" for r in db_rows(tmp, "SELECT title FROM articles"))
    check(len(titles) == 2, "both articles stored: %s" % titles)
    check(all("Bài viết số" in t for t in titles), "decoded text stored: %s" % titles)


def case_conditional_get_304(tmp):
    cfg = simple_site(3)
    cfg["routes"]["/"]["etag"] = '"v1"'
    cfg["routes"]["/"]["last_modified"] = "Mon, 06 Dec 2021 08:00:00 GMT"
    srv = Server(tmp, cfg)
    site = sites_file(tmp, srv.base)
    try:
        rc1, err1 = crawl(tmp, "--delay", "0", "--sites", site)
        first = len(srv.requests())
        before = db_rows(tmp, "SELECT id, url, title, last_seen FROM articles ORDER BY id")
        time.sleep(1.1)
        stats = os.path.join(tmp, "stats.json")
        rc2, err2 = crawl(tmp, "--delay", "0", "--sites", site, "--stats-json", stats)
    finally:
        srv.stop()
    second = srv.requests()[first:]
    after = db_rows(tmp, "SELECT id, url, title, last_seen FROM articles ORDER BY id")
    check(rc1 == 0 and rc2 == 0, "both runs exit 0: %d %d %s" % (rc1, rc2, err2))
    home = [r for r in second if r["path"] == "/"]
    check(len(home) == 1 and home[0]["status"] == 304, "listing answered 304: %s" % home)
    check(home and home[0]["headers"].get("if-none-match") == '"v1"', "If-None-Match sent")
    check(not any(r["path"].startswith("/tin/") for r in second),
          "no request for a known article: %s" % [r["path"] for r in second])
    check(before == after and len(after) == 3, "nothing rewritten by the second run")
    st = json.load(open(stats, encoding="utf-8"))
    check(st["not_modified"] == 1 and st["articles_new"] == 0, "stats: %s" % st)
    # --refresh refetches the articles
    srv = Server(tmp, cfg, port=srv.port)
    try:
        n0 = len(srv.requests())
        rc3, err3 = crawl(tmp, "--delay", "0", "--sites", site, "--refresh")
    finally:
        srv.stop()
    third = [r["path"] for r in srv.requests()[n0:]]
    check(sum(p.startswith("/tin/") for p in third) == 3, "--refresh refetches: %s" % third)


def case_kill9_resume_loses_nothing(tmp):
    n = 40
    cfg = simple_site(n, delay=0.02)
    # a second listing level so kills land between listing and articles too
    cfg["routes"]["/"]["body"] = listing(["/page/%d" % k for k in range(4)])
    for k in range(4):
        cfg["routes"]["/page/%d" % k] = {"body": listing(["/tin/%d.html" % i
                                                          for i in range(k * 10, k * 10 + 10)])}
    srv = Server(tmp, cfg)
    site = sites_file(tmp, srv.base, "listing = /page/*\n")
    db = os.path.join(tmp, "corpus.db")
    rnd = random.Random(1234)
    kills = 0
    try:
        for _ in range(6):
            p = subprocess.Popen([VNNEWS, "crawl", "--db", db, "--no-progress", "-q",
                                  "--delay", "0", "--sites", site],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(rnd.uniform(0.05, 0.5))
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
                kills += 1
            p.wait()
        rc, err = crawl(tmp, "--delay", "0", "--sites", site)
    finally:
        srv.stop()
    check(kills >= 2, "at least two runs were killed mid-crawl: %d" % kills)
    check(rc == 0, "the final run finishes: %d %s" % (rc, err))
    rows = db_rows(tmp, "SELECT count(*), count(DISTINCT url) FROM articles")
    check(rows[0] == (n, n), "every article exactly once: %s" % (rows,))
    check(db_rows(tmp, "PRAGMA integrity_check") == [("ok",)], "integrity_check ok")
    check(db_rows(tmp, "SELECT count(*) FROM urls WHERE status = 0")[0][0] == 0,
          "nothing left queued")
    dups = db_rows(tmp, "SELECT count(*) FROM (SELECT url FROM urls GROUP BY url HAVING count(*) > 1)")
    check(dups[0][0] == 0, "no duplicate frontier rows")


def case_lock_and_sigterm(tmp):
    cfg = simple_site(20, delay=0.3)
    srv = Server(tmp, cfg)
    db = os.path.join(tmp, "corpus.db")
    try:
        site = sites_file(tmp, srv.base)
        p = subprocess.Popen([VNNEWS, "crawl", "--db", db, "--no-progress", "--delay", "0",
                              "--sites", site], stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 20
        while time.time() < deadline and not any(q.startswith("/tin/") for q in srv.paths()):
            time.sleep(0.05)
        rc2, err2 = crawl(tmp, "--delay", "0", "--sites", site)
        p.send_signal(signal.SIGTERM)
        _, err1 = p.communicate(timeout=30)
    finally:
        srv.stop()
    check(rc2 == 4, "second run exits 4 (locked), got %d" % rc2)
    check("in use by another vnnews run" in err2, "clear lock message: %s" % err2)
    check(p.returncode == 130, "SIGTERM exits 130, got %d: %s" % (p.returncode, err1))
    check("interrupted" in err1, "summary says interrupted: %s" % err1)
    reqs = srv.requests()
    check(all(r["status"] == 200 for r in reqs if r["path"].startswith("/tin/")),
          "in-flight requests finished, none cut")
    fetched = sum(r["path"].startswith("/tin/") for r in reqs)
    stored = db_rows(tmp, "SELECT count(*) FROM articles")[0][0]
    check(stored == fetched, "every fetched article stored before exiting: %d/%d" % (stored, fetched))
    check(fetched < 20, "stopped early: %d" % fetched)


def case_sites_file_scope(tmp):
    cfg = simple_site(2, extra={"/tin/x.html": {"body": article(7)},
                                "/tim-kiem": {"body": listing(["/tin/9.html"])}})
    cfg["routes"]["/"]["body"] = listing(["/tin/0.html", "/tin/1.html", "/tin/x.html",
                                          "/tim-kiem", "http://other.example/tin/5.html"])
    srv = Server(tmp, cfg)
    site = sites_file(tmp, srv.base, "deny = /tin/x\ndeny = /tim-kiem\n")
    try:
        rc, err = crawl(tmp, "--delay", "0", "--sites", site)
    finally:
        srv.stop()
    paths = srv.paths()
    check(rc == 0, "exit 0: %d %s" % (rc, err))
    check("/tin/x.html" not in paths and "/tim-kiem" not in paths, "deny patterns: %s" % paths)
    rows = db_rows(tmp, "SELECT site, province FROM articles")
    check(len(rows) == 2 and all(r == ("Cổng thử nghiệm", "Thử Nghiệm") for r in rows),
          "articles carry site and province: %s" % rows)
    check(db_rows(tmp, "SELECT count(*) FROM urls WHERE url LIKE '%other.example%'")[0][0] == 0,
          "off-site links not queued")


def case_robots_command(tmp):
    path = os.path.join(tmp, "robots.txt")
    with open(path, "w") as f:
        f.write("User-agent: *\nDisallow: /\nUser-agent: vnnews\nDisallow: /tim-kiem\n"
                "Allow: /tim-kiem/huong-dan$\n")
    p = subprocess.run([VNNEWS, "robots", path, "--agent", "vnnews/0.1",
                        "https://a.gov.vn/tin-tuc/1.html", "https://a.gov.vn/tim-kiem?q=x",
                        "/tim-kiem/huong-dan"], capture_output=True, text=True)
    lines = p.stdout.splitlines()
    check(p.returncode == 0, "exit 0")
    check(len(lines) == 3, "one line per URL: %s" % lines)
    if len(lines) == 3:
        check(lines[0].startswith("allowed\t"), lines[0])
        check(lines[1].startswith("disallowed\t") and ":4: Disallow: /tim-kiem" in lines[1],
              lines[1])
        check(lines[2].startswith("allowed\t") and "Allow: /tim-kiem/huong-dan$" in lines[2],
              lines[2])
    p = subprocess.run([VNNEWS, "robots", os.path.join(tmp, "nope.txt"), "/x"],
                       capture_output=True, text=True)
    check(p.returncode == 2 and "nope.txt" in p.stderr, "missing file named: %s" % p.stderr)


def main():
    global VNNEWS
    if len(sys.argv) != 3:
        print("usage: crawl_test.py VNNEWS CASE", file=sys.stderr)
        return 2
    VNNEWS = os.path.abspath(sys.argv[1])
    fn = globals().get("case_" + sys.argv[2])
    if not fn:
        print("unknown case " + sys.argv[2], file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="vnnews-crawl-")
    try:
        fn(tmp)
    finally:
        if not FAILS:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print("files kept in " + tmp, file=sys.stderr)
    print("%s: %s" % (sys.argv[2], "FAIL (%d checks)" % len(FAILS) if FAILS else "ok"),
          file=sys.stderr)
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
