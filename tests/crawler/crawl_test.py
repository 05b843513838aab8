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
    def __init__(self, tmp, cfg, port=0, tls=None):
        self.routes = os.path.join(tmp, "routes.json")
        self.log = os.path.join(tmp, "requests.jsonl")
        with open(self.routes, "w", encoding="utf-8") as f:
            json.dump(cfg, f)
        self.proc = subprocess.Popen([sys.executable, HTTPD, "--routes", self.routes,
                                      "--log", self.log, "--port", str(port)]
                                     + (["--tls-cert", tls[0], "--tls-key", tls[1]] if tls else []),
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
    # every failed robots.txt request is an error in the summary, not "errors: 0"
    tries = len([p for p in paths if p == "/robots.txt"])
    check(tries >= 2 and ("errors: %d (" % tries) in err,
          "the summary counts the %d failed robots.txt requests: %s" % (tries, err))


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
        first = len(srv.requests())
        t2 = os.path.join(tmp, "b")
        os.mkdir(t2)
        rc2, err2 = crawl(t2, "--sites", site, "--delay", "0", "--max-conns", "8",
                          "--per-host", "2")
    finally:
        srv.stop()
    reqs2 = srv.requests()[first:]
    reqs = srv.requests()[:first]
    check(rc2 == 0, "--per-host 2: exit 0, got %d: %s" % (rc2, err2))
    check(max(r["overlap"] for r in reqs2) <= 2, "--per-host 2: never three at once")
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


def case_redirects_keep_to_scope(tmp):
    # A redirect is followed by the crawl, not by curl: to another host (out of scope) it
    # sends no request; to another origin in scope (another port here) it goes through
    # that origin's robots.txt first; on the same origin it is asked at once.
    other_dir = os.path.join(tmp, "other")
    os.mkdir(other_dir)
    other = Server(other_dir, {"routes": {
        "/robots.txt": {"body": "User-agent: *\nDisallow: /private\n",
                        "content_type": "text/plain"},
        "/": {"body": listing([])}, "/b.html": {"body": article(2)},
        "/private/c.html": {"body": article(3)}}})
    trap_dir = os.path.join(tmp, "trap")
    os.mkdir(trap_dir)
    trap = Server(trap_dir, {"routes": {"/x.html": {"body": article(9)}}})
    cfg = simple_site(1, extra={
        "/away": {"redirect": "http://localhost:%d/x.html" % trap.port},
        "/port": {"redirect": other.base + "/b.html"},
        "/hidden": {"redirect": other.base + "/private/c.html"},
        "/moved": {"redirect": "/tin/0.html", "status": 301},
        "/here": {"redirect": "/private/s.html"}, "/private/s.html": {"body": article(4)}})
    cfg["routes"]["/robots.txt"]["body"] = "User-agent: *\nDisallow: /private\n"
    cfg["routes"]["/"]["body"] = listing(["/away", "/port", "/hidden", "/moved", "/here"])
    srv = Server(tmp, cfg)
    try:
        rc, err = crawl(tmp, "--delay", "0", srv.base + "/")
    finally:
        srv.stop()
        other.stop()
        trap.stop()
    check(trap.paths() == [], "a redirect out of scope sent a request: %s" % trap.paths())
    op = other.paths()
    check(op[:1] == ["/robots.txt"] and "/b.html" in op,
          "the other origin: robots.txt first, then the page: %s" % op)
    check("/private/c.html" not in op, "a redirect into a robots.txt-disallowed path was fetched")
    check("/tin/0.html" in srv.paths(), "a 301 on the same origin is followed")
    check("/private/s.html" not in srv.paths(),
          "a redirect into a robots.txt-disallowed path of the same origin was fetched")
    rows = dict(db_rows(tmp, "SELECT url, status FROM urls"))
    away = [s for u, s in rows.items() if u.endswith("/away")]
    check(away == [3], "the redirect out of scope is recorded as skipped: %s" % away)
    stored = db_rows(tmp, "SELECT count(*) FROM articles")[0][0]
    check(rc == 0 and stored == 2, "2 articles (tin/0 and b), exit 0: %d, exit %d %s"
          % (stored, rc, err[-300:]))


def case_start_page_moved(tmp):
    # `vnnews crawl URL` of a portal that moved to a new domain: the start page's redirect
    # takes the crawl there (the new host joins the scope; a deeper page's redirect to
    # another host stays out of it, see redirects_keep_to_scope).
    new_dir = os.path.join(tmp, "new")
    os.mkdir(new_dir)
    new = Server(new_dir, simple_site(2))
    old = Server(tmp, {"routes": {"/robots.txt": {"body": "", "content_type": "text/plain"},
                                  "/": {"redirect": "http://localhost:%d/" % new.port,
                                        "status": 301}}})
    try:
        rc, err = crawl(tmp, "--delay", "0", old.base + "/")
    finally:
        old.stop()
        new.stop()
    paths = new.paths()
    stored = db_rows(tmp, "SELECT count(*) FROM articles")[0][0]
    check("/tin/0.html" in paths and "/tin/1.html" in paths and stored == 2,
          "the moved portal's articles stored: %d, requests there %s (exit %d) %s"
          % (stored, paths, rc, err[-300:]))
    check("moved to localhost" in err, "the move is said on stderr: %s" % err[-300:])


def case_cookie_gate_passed(tmp):
    # A portal that sends a request without its session cookie back to the same URL with
    # Set-Cookie: the crawl keeps the run's cookies, as a browser does, and gets through.
    cfg = simple_site(2)
    cfg["routes"]["/tin/0.html"]["cookie_gate"] = "ASP.NET_SessionId=abc123"
    cfg["routes"]["/tin/1.html"]["cookie_gate"] = "ASP.NET_SessionId=abc123"
    srv = Server(tmp, cfg)
    try:
        rc, err = crawl(tmp, "--delay", "0", srv.base + "/")
    finally:
        srv.stop()
    paths = srv.paths()
    stored = db_rows(tmp, "SELECT count(*) FROM articles")[0][0]
    check(rc == 0 and stored == 2, "both gated articles stored, exit 0: %d, exit %d %s"
          % (stored, rc, err[-300:]))
    check(paths.count("/tin/0.html") == 2 and paths.count("/tin/1.html") == 1,
          "one trip through the gate, then the cookie is sent: %s" % paths)


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


def case_conditional_get_after_redirect(tmp):
    # A listing that always redirects ("/muc" -> "/muc/") still answers 304 on the next
    # run: the validators of the response at the end of the redirect are sent again.
    cfg = simple_site(2)
    cfg["routes"]["/"]["body"] = listing(["/muc"])
    cfg["routes"]["/muc"] = {"redirect": "/muc/", "status": 301}
    cfg["routes"]["/muc/"] = {"body": listing(["/tin/0.html", "/tin/1.html"], "Mục tin"),
                              "etag": '"m1"'}
    srv = Server(tmp, cfg)
    try:
        rc1, err1 = crawl(tmp, "--delay", "0", srv.base + "/")
        first = len(srv.requests())
        rc2, err2 = crawl(tmp, "--delay", "0", srv.base + "/")
    finally:
        srv.stop()
    second = srv.requests()[first:]
    muc = [r for r in second if r["path"] == "/muc/"]
    check(rc1 == 0 and rc2 == 0, "both runs exit 0: %d %d %s" % (rc1, rc2, err2[-300:]))
    check(len(muc) == 1 and muc[0]["status"] == 304 and
          muc[0]["headers"].get("if-none-match") == '"m1"',
          "the redirected listing answered 304 to its validator: %s" % muc)
    check(not any(r["path"].startswith("/tin/") for r in second),
          "no request for a known article: %s" % [r["path"] for r in second])


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
    warc = os.path.join(tmp, "warc")
    os.mkdir(warc)
    rnd = random.Random(1234)
    kills = 0
    try:
        for _ in range(6):
            p = subprocess.Popen([VNNEWS, "crawl", "--db", db, "--no-progress", "-q",
                                  "--delay", "0", "--sites", site, "--warc", warc],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(rnd.uniform(0.05, 0.5))
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
                kills += 1
            p.wait()
        rc, err = crawl(tmp, "--delay", "0", "--sites", site, "--warc", warc)
    finally:
        srv.stop()
    check(not [f for f in os.listdir(warc) if f.endswith(".open")],
          "no WARC file left open: %s" % os.listdir(warc))
    import zlib
    for url, wf, off, length in db_rows(tmp, "SELECT a.url, r.warc_file, r.warc_offset,"
                                             " r.warc_length FROM articles a JOIN raw r"
                                             " ON r.id = a.raw_id"):
        try:
            with open(wf, "rb") as f:
                f.seek(off)
                rec = zlib.decompress(f.read(length), 16 + zlib.MAX_WBITS)
            ok = ("WARC-Target-URI: " + url).encode() in rec
        except (OSError, zlib.error) as e:
            ok = False
        check(ok, "the WARC record of %s is readable where the corpus says" % url)
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


def case_sample_site_end_to_end(tmp):
    """The offline sample portal (scripts/serve-sample): every article stored once, robots
    and the calendar trap respected, and a second run fetches no known article."""
    src = os.environ.get("VNNEWS_SRCDIR", os.path.join(HERE, "..", ".."))
    log = open(os.path.join(tmp, "serve.log"), "w")
    srv = subprocess.Popen([sys.executable, os.path.join(src, "scripts", "serve-sample"),
                            "--port", "0", "-v"], stdout=subprocess.PIPE, stderr=log, text=True)
    base = srv.stdout.readline().split()[-1].rstrip("/")
    site = os.path.join(tmp, "sample.ini")
    with open(site, "w", encoding="utf-8") as f:
        f.write("[Cổng TTĐT tỉnh Sơn Hà]\nprovince = Sơn Hà\nstart = %s/\n"
                "listing = /tin-tuc/*/$\nlisting = /tin-tuc/*/page-\n"
                "article = /tin-tuc/*/*.html$\n" % base)
    truth = []
    with open(os.path.join(src, "data", "sample-site", "truth.jsonl"), encoding="utf-8") as f:
        truth = [json.loads(line) for line in f if line.strip()]
    stats = os.path.join(tmp, "stats.json")
    try:
        rc, err = crawl(tmp, "--sites", site, "--delay", "0", "--crawl-delay-cap", "0.02",
                        "--max-per-pattern", "20", "--stats-json", stats, timeout=120)
        st1 = json.load(open(stats, encoding="utf-8"))
        rc2, err2 = crawl(tmp, "--sites", site, "--delay", "0", "--crawl-delay-cap", "0.02",
                          "--max-per-pattern", "20", "--stats-json", stats, timeout=120)
        st2 = json.load(open(stats, encoding="utf-8"))
    finally:
        srv.terminate()
        srv.wait()
        log.close()
    with open(os.path.join(tmp, "serve.log"), encoding="utf-8", errors="replace") as f:
        served = f.read()
    check(rc == 0, "first run exits 0: %d %s" % (rc, err))
    check(rc2 == 0, "second run exits 0: %d %s" % (rc2, err2))
    urls = {r[0] for r in db_rows(tmp, "SELECT url FROM articles")}
    want = {base + t["path"] for t in truth}
    check(len(truth) >= 40 and want <= urls, "every sample article stored: missing %s"
          % sorted(want - urls)[:3])
    check(len(urls) == len(want), "only articles stored: %d vs %d" % (len(urls), len(want)))
    check(st1["articles_new"] == len(want), "first run: all new: %s" % st1["articles_new"])
    check(st1["feeds"] >= 2, "the robots.txt sitemap and the RSS feed were read: %s" % st1["feeds"])
    check(st2["articles_new"] == 0 and st2["articles_updated"] == 0,
          "second run: nothing new or rewritten: %s" % st2)
    check("/tim-kiem" not in served, "robots.txt Disallow: /tim-kiem respected")
    cal = db_rows(tmp, "SELECT count(*) FROM urls WHERE url LIKE '%lich-cong-tac%'")[0][0]
    check(0 < cal <= 21, "calendar trap bounded: %d URLs" % cal)
    check(db_rows(tmp, "PRAGMA integrity_check") == [("ok",)], "integrity_check ok")


def case_sample_site_without_sites_file(tmp):
    """`vnnews crawl URL` of the sample portal with no sites file: the parser's page kind
    alone decides, and exactly the truth articles are stored (no home, listing, pager,
    calendar or introduction page)."""
    src = os.environ.get("VNNEWS_SRCDIR", os.path.join(HERE, "..", ".."))
    srv = subprocess.Popen([sys.executable, os.path.join(src, "scripts", "serve-sample"),
                            "--port", "0"], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
    base = srv.stdout.readline().split()[-1].rstrip("/")
    with open(os.path.join(src, "data", "sample-site", "truth.jsonl"), encoding="utf-8") as f:
        truth = [json.loads(line) for line in f if line.strip()]
    try:
        rc, err = crawl(tmp, "--delay", "0", "--crawl-delay-cap", "0.02",
                        "--max-per-pattern", "20", base + "/", timeout=120)
    finally:
        srv.terminate()
        srv.wait()
    check(rc == 0, "exits 0: %d %s" % (rc, err))
    urls = {r[0] for r in db_rows(tmp, "SELECT url FROM articles")}
    want = {base + t["path"] for t in truth}
    check(len(truth) == 45, "45 truth articles: %d" % len(truth))
    check(want <= urls, "every truth article stored: missing %s" % sorted(want - urls)[:3])
    check(urls <= want, "only articles stored: extra %s" % sorted(urls - want)[:3])


def warc_records(path):
    """(offset of the gzip member, headers dict, block bytes) for each record of a
    per-record-gzip WARC file, read with the standard library only."""
    import zlib
    data = open(path, "rb").read()
    out, pos = [], 0
    while pos < len(data):
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        raw = d.decompress(data[pos:])
        used = len(data) - pos - len(d.unused_data)
        head, _, rest = raw.partition(b"\r\n\r\n")
        lines = head.decode("utf-8").split("\r\n")
        hdrs = dict(line.split(": ", 1) for line in lines[1:])
        n = int(hdrs["Content-Length"])
        out.append((pos, used, lines[0], hdrs, rest[:n]))
        check(rest[n:] == b"\r\n\r\n", "record ends with CRLF CRLF")
        pos += used
    return out


def case_warc_output_readable(tmp):
    import base64
    import glob
    import hashlib
    cfg = simple_site(2)
    cfg["routes"]["/tin/0.html"]["gzip"] = True
    cfg["routes"]["/tin/1.html"]["chunked"] = True
    cfg["routes"]["/"]["etag"] = '"home-1"'
    srv = Server(tmp, cfg)
    warc = os.path.join(tmp, "warc")
    os.mkdir(warc)
    site = sites_file(tmp, srv.base)
    try:
        rc1, err1 = crawl(tmp, "--delay", "0", "--sites", site, "--warc", warc)
        rc2, err2 = crawl(tmp, "--delay", "0", "--sites", site, "--warc", warc)
    finally:
        srv.stop()
    check(rc1 == 0 and rc2 == 0, "both runs exit 0: %d %d %s %s" % (rc1, rc2, err1, err2))
    files = sorted(glob.glob(os.path.join(warc, "*.warc.gz")))
    check(len(files) == 2, "one WARC file per run, renamed from .open: %s" % os.listdir(warc))
    check(not glob.glob(os.path.join(warc, "*.open")), "no .open file left")
    types, payload_gzip, revisit_home = [], False, False
    for f in files:
        recs = warc_records(f)
        check(recs and recs[0][3].get("WARC-Type") == "warcinfo", "warcinfo first in " + f)
        for off, length, ver, h, block in recs:
            check(ver == "WARC/1.1", "WARC/1.1: %s" % ver)
            types.append(h["WARC-Type"])
            want = "sha1:" + base64.b32encode(hashlib.sha1(block).digest()).decode()
            if h["WARC-Type"] != "warcinfo" or "WARC-Block-Digest" in h:
                check(h.get("WARC-Block-Digest") == want,
                      "block digest of %s %s" % (h["WARC-Type"], h.get("WARC-Target-URI")))
            if h["WARC-Type"] == "response":
                body = block.partition(b"\r\n\r\n")[2]
                want = "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode()
                check(h.get("WARC-Payload-Digest") == want, "payload digest")
                check(h.get("WARC-IP-Address") == "127.0.0.1", "WARC-IP-Address")
                check(not h["WARC-Target-URI"].startswith("<"), "Target-URI without <>")
                if h["WARC-Target-URI"].endswith("/tin/0.html"):
                    payload_gzip = body[:2] == b"\x1f\x8b"
            if h["WARC-Type"] == "revisit" and h["WARC-Target-URI"].endswith(":%d/" % srv.port):
                revisit_home = True
    check(types.count("request") >= 4 and types.count("response") >= 4,
          "request and response records: %s" % types)
    check(payload_gzip, "the gzip page is kept content-encoded as it came")
    check(revisit_home, "the 304 of the second run is a revisit record")
    rows = db_rows(tmp, "SELECT a.url, r.warc_file, r.warc_offset, r.warc_length FROM articles a"
                        " JOIN raw r ON r.id = a.raw_id")
    check(len(rows) == 2, "both articles point into the WARC: %s" % rows)
    for url, wf, off, length in rows:
        import zlib
        with open(wf if os.path.isabs(wf) else os.path.join(tmp, wf), "rb") as f:
            f.seek(off)
            rec = zlib.decompress(f.read(length), 16 + zlib.MAX_WBITS)
        check(b"WARC-Type: response" in rec and ("WARC-Target-URI: " + url).encode() in rec,
              "(file, offset, length) of %s is its response record" % url)
    node = os.path.join(os.environ.get("VNNEWS_SRCDIR", ""), "tests", "archive", "node")
    cli = os.path.join(node, "node_modules", "warcio", "dist", "cli.js")
    if shutil.which("node") and os.path.exists(cli):
        for f in files:
            p = subprocess.run(["node", cli, "cdx-index", "--all", f], capture_output=True,
                               text=True, cwd=node)
            check(p.returncode == 0 and len(p.stdout.splitlines()) == len(warc_records(f)),
                  "warcio cdx-index reads every record of %s: %s" % (f, p.stderr[-300:]))


def case_failing_host_parked(tmp):
    cfg = simple_site(8)
    for i in range(8):
        cfg["routes"]["/tin/%d.html" % i] = {"status": 500, "body": "down"}
    srv = Server(tmp, cfg)
    stats = os.path.join(tmp, "stats.json")
    try:
        rc, err = crawl(tmp, "--delay", "0", "--retries", "1", "--park-after", "3",
                        "--stats-json", stats, "--sites", sites_file(tmp, srv.base), timeout=120)
    finally:
        srv.stop()
    st = json.load(open(stats, encoding="utf-8"))
    asked = [p for p in srv.paths() if p.startswith("/tin/")]
    check(rc == 3, "exit 3, got %d" % rc)
    check(len(asked) == 3, "the host is parked after 3 consecutive failures: %s" % asked)
    check(st["parked_hosts"] == 1 and st["postponed"] == 5, "stats: %s" % st)
    check("postponed" in err, "the summary says so: %s" % err)
    left = db_rows(tmp, "SELECT count(*) FROM urls WHERE status = 0")[0][0]
    check(left == 5, "the other URLs stay queued for the next run: %d" % left)
    gaps = [b["start"] - a["end"] for a, b in zip(srv.requests()[2:], srv.requests()[3:])]
    check(all(g >= 0.45 for g in gaps), "back-off between failures: %s" % gaps)


def case_limits_pages_time_and_depth(tmp):
    cfg = simple_site(10)
    srv = Server(tmp, cfg)
    site = sites_file(tmp, srv.base)
    stats = os.path.join(tmp, "stats.json")
    try:
        rc, err = crawl(tmp, "--delay", "0", "--max-pages", "4", "--sites", site,
                        "--stats-json", stats)
        st = json.load(open(stats, encoding="utf-8"))
        n1 = len([p for p in srv.paths() if p != "/robots.txt"])
        check(rc == 0 and n1 == 4, "--max-pages 4 fetches 4 pages: %d (exit %d)" % (n1, rc))
        check(st["limit_hit"] and st["queued_left"] == 7, "limit and queue reported: %s" % st)
        # the next run goes on from the queue
        rc, err = crawl(tmp, "--delay", "0", "--sites", site, "--stats-json", stats)
        st = json.load(open(stats, encoding="utf-8"))
        check(rc == 0 and st["queued_left"] == 0 and
              db_rows(tmp, "SELECT count(*) FROM articles")[0][0] == 10,
              "the next run finishes the queue: %s" % st)
    finally:
        srv.stop()
    tmp2 = os.path.join(tmp, "b")
    os.mkdir(tmp2)
    cfg2 = simple_site(3)
    cfg2["routes"]["/"]["body"] = listing(["/l1"])
    cfg2["routes"]["/l1"] = {"body": listing(["/l2"])}
    cfg2["routes"]["/l2"] = {"body": listing(["/tin/0.html"])}
    srv = Server(tmp2, cfg2)
    try:
        rc, err = crawl(tmp2, "--delay", "0", "--max-depth", "2", srv.base + "/")
    finally:
        srv.stop()
    check("/l2" in srv.paths() and "/tin/0.html" not in srv.paths(),
          "--max-depth 2 stops two links from the start: %s" % srv.paths())
    tmp3 = os.path.join(tmp, "c")
    os.mkdir(tmp3)
    # Slow answers (30 pages x 0.5 s) against a 3 s budget: on a loaded machine start-up and
    # robots.txt alone took more than a 1 s budget, so no page was ever fetched.
    srv = Server(tmp3, simple_site(30, delay=0.5))
    stats = os.path.join(tmp3, "stats.json")
    try:
        rc, err = crawl(tmp3, "--delay", "0", "--max-time", "3", "--stats-json", stats,
                        "--sites", sites_file(tmp3, srv.base))
    finally:
        srv.stop()
    st = json.load(open(stats, encoding="utf-8"))
    check(rc == 0 and st["limit_hit"] and 0 < st["fetched"] < 31 and st["queued_left"] > 0,
          "--max-time stops starting fetches and leaves the rest queued: %s" % st)


def case_sitemaps_and_feeds_feed_the_frontier(tmp):
    cfg = simple_site(6)
    # nothing links to the articles: only the sitemap (from robots.txt) and the feed do
    cfg["routes"]["/"]["body"] = listing([]).replace(
        "</head>", '<link rel="alternate" type="application/rss+xml" href="/rss"></head>')
    cfg["routes"]["/robots.txt"]["body"] = "User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml.gz\n"
    cfg["routes"]["/sitemap.xml.gz"] = {"body_file": os.path.join(tmp, "sm.gz"),
                                        "content_type": "application/x-gzip"}
    cfg["routes"]["/sm2.xml"] = {"content_type": "application/xml", "body":
        "\ufeff<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        "<url><loc>{base}/tin/0.html</loc><lastmod>2021-12-06</lastmod></url>"
        "<url><loc>{base}/tin/1.html</loc></url><url><loc>http://elsewhere.example/x</loc></url>"
        "</urlset>"}
    cfg["routes"]["/rss"] = {"content_type": "application/rss+xml", "body":
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>t</title>"
        + "".join("<item><title>%d</title><link>{base}/tin/%d.html</link></item>" % (i, i)
                  for i in range(2, 6)) + "</channel></rss>"}
    srv = Server(tmp, {"routes": {}})
    srv.stop()
    import gzip as gz
    with open(os.path.join(tmp, "sm.gz"), "wb") as f:
        f.write(gz.compress(("<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/"
                             "schemas/sitemap/0.9'><sitemap><loc>http://127.0.0.1:%d/sm2.xml</loc>"
                             "</sitemap></sitemapindex>" % srv.port).encode()))
    srv = Server(tmp, cfg, port=srv.port)
    stats = os.path.join(tmp, "stats.json")
    try:
        rc, err = crawl(tmp, "--delay", "0", "--sites", sites_file(tmp, srv.base),
                        "--stats-json", stats)
    finally:
        srv.stop()
    st = json.load(open(stats, encoding="utf-8"))
    stored = sorted(r[0].rsplit("/", 1)[1] for r in db_rows(tmp, "SELECT url FROM articles"))
    check(rc == 0, "exit 0: %d %s" % (rc, err))
    check(stored == ["%d.html" % i for i in range(6)], "articles found via sitemap and feed: %s" % stored)
    check(st["feeds"] == 3, "sitemap index, sitemap and feed read: %s" % st["feeds"])
    rows = db_rows(tmp, "SELECT url FROM urls WHERE is_listing = 1 ORDER BY url")
    check(any(u[0].endswith("/rss") for u in rows) and any(u[0].endswith("sm2.xml") for u in rows),
          "feeds are kept as listings (refetched each run): %s" % rows)
    check(db_rows(tmp, "SELECT count(*) FROM urls WHERE url LIKE '%elsewhere%'")[0][0] == 0,
          "off-site sitemap entries ignored")


def case_tls_verify_insecure_and_ca_bundle(tmp):
    openssl = shutil.which("openssl")
    if not openssl:
        print("SKIP: openssl not installed")
        sys.exit(77)
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    srv = Server(tmp, simple_site(1), tls=(cert, key))
    try:
        check(srv.base.startswith("https://"), "TLS server: %s" % srv.base)
        stats = os.path.join(tmp, "stats.json")
        rc, err = crawl(tmp, "--delay", "0", "--stats-json", stats, srv.base + "/")
        st = json.load(open(stats, encoding="utf-8"))
        check(rc == 3 and st["fetched"] == 0 and "postponed" in err and "--ca-bundle" in err,
              "an unknown CA is refused by default, with a hint: %d %s" % (rc, err))
        check(st["errors"]["tls"] == 1, "counted as a TLS error: %s" % st["errors"])
        t2 = os.path.join(tmp, "b")
        os.mkdir(t2)
        rc, err = crawl(t2, "--delay", "0", "--ca-bundle", cert, srv.base + "/")
        check(rc == 0 and db_rows(t2, "SELECT count(*) FROM urls WHERE status = 1")[0][0] >= 2,
              "--ca-bundle verifies it: %d %s" % (rc, err))
        t3 = os.path.join(tmp, "c")
        os.mkdir(t3)
        site = os.path.join(t3, "s.ini")
        with open(site, "w") as f:
            f.write("[self-signed]\nstart = %s/\ninsecure = yes\n" % srv.base)
        rc, err = crawl(t3, "--delay", "0", "--sites", site)
        check(rc == 0 and "verification is OFF" in err,
              "a site marked insecure is fetched, and the log says so: %d %s" % (rc, err))
    finally:
        srv.stop()


def case_long_retry_after_postpones_host(tmp):
    cfg = simple_site(3)
    cfg["routes"]["/tin/0.html"] = {"body": article(0), "fail_times": 1, "fail_status": 503,
                                    "fail_headers": {"Retry-After": "7200"}}
    cfg["routes"]["/"]["body"] = listing(["/tin/0.html", "/tin/1.html", "/tin/2.html"])
    srv = Server(tmp, cfg)
    stats = os.path.join(tmp, "stats.json")
    try:
        # the subprocess timeout (60 s) fails the test if the crawler waits for 2 hours
        rc, err = crawl(tmp, "--delay", "0", "--stats-json", stats, srv.base + "/", timeout=60)
    finally:
        srv.stop()
    st = json.load(open(stats, encoding="utf-8"))
    check(rc == 3 and st["parked_hosts"] == 1, "host postponed: %d %s" % (rc, st))
    check("Retry-After 7200" in err, "the message gives the reason: %s" % err)
    check(db_rows(tmp, "SELECT count(*) FROM urls WHERE status = 0 AND url LIKE '%/tin/0.html'")[0][0] == 1,
          "the URL stays queued for the next run")


def case_page_worker_matches_serial_pipeline(tmp):
    # Many pages in flight at once, parsed on the page worker thread while the main thread
    # stores others: every article once, and exactly what the one-thread pipeline
    # (`vnnews reprocess` over the stored bytes) derives from the same pages.
    n = 120
    routes = {"/robots.txt": {"body": "User-agent: *\nDisallow:\n", "content_type": "text/plain"}}
    lists = ["/list/%d.html" % k for k in range(4)]
    routes["/"] = {"body": listing(lists, "Trang chủ")}
    for k, u in enumerate(lists):
        routes[u] = {"body": listing(lists + ["/tin/%d.html" % i for i in range(k, n, 4)])}
    for i in range(n):
        rel = "".join('<a href="/tin/%d.html">Tin liên quan</a>' % ((i * 7 + j) % n) for j in (1, 2, 3))
        rel += "".join('<a href="%s">Danh mục</a>' % u for u in lists)
        body = article(i, rel)
        if i % 3 == 0:
            body = body.replace("Chủ tịch UBND tỉnh yêu cầu", "Chủ tịch UBND tỉnh ban hành Công văn "
                                "số %d/UBND-VX chỉ đạo, yêu cầu" % (100 + i))
        routes["/tin/%d.html" % i] = {"body": body}
    srv = Server(tmp, {"routes": routes})
    stats = os.path.join(tmp, "stats.json")
    try:
        rc, err = crawl(tmp, "--delay", "0", "--per-host", "8", "--max-conns", "8",
                        "--stats-json", stats, srv.base + "/")
    finally:
        srv.stop()
    check(rc == 0, "crawl exits 0, got %d: %s" % (rc, err))
    paths = [p for p in srv.paths() if p.startswith("/tin/")]
    check(len(paths) == n and len(set(paths)) == n,
          "each article fetched once: %d requests, %d distinct" % (len(paths), len(set(paths))))
    with open(stats, encoding="utf-8") as f:
        st = json.load(f)
    stored = db_rows(tmp, "SELECT count(*), count(DISTINCT url) FROM articles")[0]
    check(stored == (n, n), "each article stored once: %r" % (stored,))
    check(st["articles_new"] == n and st["pages"] == st["fetched"],
          "summary counts every page: %r" % st)
    db_tags = dict(db_rows(tmp, "SELECT class, count(*) FROM tags WHERE label = 1 GROUP BY class"))
    check(db_tags, "the pages got tags")
    check(all(st["tags"].get(k, 0) == v for k, v in db_tags.items()) and
          sum(st["tags"].values()) == sum(db_tags.values()),
          "summary tags are the stored tags: %r vs %r" % (st["tags"], db_tags))
    snap = ("SELECT a.url, a.title, a.body, a.published, "
            " (SELECT group_concat(class || '=' || label || ':' || round(score, 6), ' ')"
            "  FROM (SELECT * FROM tags t WHERE t.article_id = a.id ORDER BY class))"
            " FROM articles a ORDER BY a.url")
    before = db_rows(tmp, snap)
    p = subprocess.run([VNNEWS, "reprocess", "--db", os.path.join(tmp, "corpus.db"), "-q"],
                       capture_output=True, text=True, timeout=60)
    check(p.returncode == 0, "reprocess exits 0: %s" % p.stderr)
    after = db_rows(tmp, snap)
    diff = [b[0] for b, a in zip(before, after) if a != b]
    check(len(before) == n and before == after,
          "the worker thread's articles and tags equal the one-thread pipeline's: %d differ %r"
          % (len(diff), diff[:3]))


def case_repeated_hrefs_resolve_against_each_page(tmp):
    # The crawl resolves an href once per run and skips it on later pages; the same href
    # text on pages with another directory, path or <base> is another link all the same.
    cfg = simple_site(0)
    r = cfg["routes"]
    r["/"]["body"] = listing(["/x/index.html", "/y/index.html", "/z/list?p=1", "/w/list",
                              "/b/index.html", "/c/index.html"])
    r["/x/index.html"] = {"body": listing(["a.html", "../top.html", "/abs.html"])}
    r["/y/index.html"] = {"body": listing(["a.html", "../top.html", "/abs.html"])}
    r["/z/list?p=1"] = {"body": listing(["?p=2", "a.html"])}
    r["/w/list"] = {"body": listing(["?p=2"])}
    r["/b/index.html"] = {"body": listing(["a.html"]).replace(
        "</head>", '<base href="/q/"></head>')}
    leaves = ["/x/a.html", "/y/a.html", "/top.html", "/abs.html", "/z/a.html", "/q/a.html",
              "/z/list?p=2", "/w/list?p=2", "/proto.html"]
    for i, path in enumerate(leaves):
        r[path] = {"body": article(i)}
    srv = Server(tmp, cfg)
    r["/c/index.html"] = {"body": listing(["//127.0.0.1:%d/proto.html" % srv.port, "a.html"])}
    r["/c/a.html"] = {"body": article(99)}
    port = srv.port
    srv.stop()
    srv = Server(tmp, cfg, port=port)  # the routes now name the port
    try:
        rc, err = crawl(tmp, "--delay", "0", srv.base + "/")
    finally:
        srv.stop()
    got = set(srv.paths())
    missing = [p for p in leaves + ["/c/a.html"] if p not in got]
    check(rc == 0 and not missing, "every link fetched, resolved against its own page: "
          "missing %s (exit %d) %s" % (missing, rc, err[-300:]))
    stored = db_rows(tmp, "SELECT count(*) FROM articles")[0][0]
    check(stored == len(leaves) + 1, "%d articles stored, %d expected" % (stored, len(leaves) + 1))


def case_refresh_script_and_frames_lead_on(tmp):
    # Old portals' ways into the news with no <a> on the way: a root page that only
    # refreshes, a page a script sends on, a frameset, an image map.
    cfg = simple_site(0)
    r = cfg["routes"]
    r["/"]["body"] = ('<html><head><meta http-equiv="refresh" content="0; URL=/cong/">'
                      '<title>Cổng thông tin</title></head><body></body></html>')
    r["/cong/"] = {"body": '<html><head><title>Cổng</title><script>window.location.href = '
                           '"/portal/index.asp";</script></head><body>Đang chuyển...</body></html>'}
    r["/portal/index.asp"] = {"body": '<html><head><title>UBND</title></head>'
                                      '<frameset cols="200,*"><frame src="menu.asp">'
                                      '<frame src="/tin/list.asp"></frameset></html>'}
    r["/portal/menu.asp"] = {"body": '<html><head><title>Menu</title></head><body>'
                                     '<img src="/anh/map.gif" usemap="#m"><map name="m">'
                                     '<area shape="rect" coords="0,0,9,9" href="/tin/2.html">'
                                     '</map></body></html>'}
    r["/tin/list.asp"] = {"body": listing(["/tin/0.html", "/tin/1.html"])}
    for i in range(3):
        r["/tin/%d.html" % i] = {"body": article(i)}
    srv = Server(tmp, cfg)
    try:
        rc, err = crawl(tmp, "--delay", "0", srv.base + "/")
    finally:
        srv.stop()
    got = set(srv.paths())
    want = ["/cong/", "/portal/index.asp", "/portal/menu.asp", "/tin/list.asp", "/tin/0.html",
            "/tin/1.html", "/tin/2.html"]
    missing = [p for p in want if p not in got]
    check(rc == 0 and not missing, "every page reached: missing %s (exit %d) %s"
          % (missing, rc, err[-300:]))
    check("/anh/map.gif" not in got, "an image's src is no link")
    stored = db_rows(tmp, "SELECT count(*) FROM articles")[0][0]
    check(stored == 3, "%d articles stored, 3 expected" % stored)


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
