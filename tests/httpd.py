#!/usr/bin/env python3
"""httpd.py - a scriptable HTTP/1.1 test server on 127.0.0.1 (python3 standard library only).

Serves a table of routes and records every request, so crawler tests can check what the
crawler did from the server's side: order, timing, headers, and how many requests to one
host overlapped in time.  After wget2's tests/libtest.c, as a separate process.

    python3 tests/httpd.py --routes routes.json --log requests.jsonl [--port 0]
                           [--tls-cert CERT.pem --tls-key KEY.pem]

prints "http://127.0.0.1:PORT" (https with a certificate) on stdout once listening, then
serves until killed.

routes.json: {"routes": {PATH: ROUTE, ...}, "prefix": {PREFIX: ROUTE, ...}}
PATH includes the query ("/a?x=1"); a PATH without one also matches any query.  ROUTE keys:
  status (200), headers {name: value}, body (text; "{base}" becomes http://127.0.0.1:PORT
  "{host_base}" http://HOST:PORT of the request, "{port}" the port), body_file, content_type
  ("text/html; charset=utf-8"), delay (seconds before answering), drip (send the body one
  byte per second, announcing Content-Length), endless (chunked body that never ends),
  size (N bytes of filler after the body), gzip (Content-Encoding: gzip when accepted),
  chunked (Transfer-Encoding: chunked), redirect (Location; status 302 unless given),
  reset (close the connection with a TCP RST, no answer), etag / last_modified
  (answer 304 to a matching If-None-Match / If-Modified-Since), calendar (a page linking
  to the next month: PREFIX?month=N -> ?month=N+1, endlessly), fail_times + fail_status +
  fail_headers (the first N requests to the path get that status and headers, then the
  route answers normally), cookie_gate ("name=value": a request without that cookie is
  sent back to the same path with Set-Cookie, as a portal's session gate does).
Unknown paths get 404.  Each request is logged as one JSON line: start, end (unix seconds,
float), method, path, host, headers, status, overlap (requests to the same Host not yet
answered when this one started, itself included).
"""
import argparse
import gzip
import json
import os
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROUTES = {}
PREFIX = {}
LOG_LOCK = threading.Lock()
LOG_FILE = None
IN_FLIGHT = {}
FAILS = {}
PORT = 0


def find_route(path):
    if path in ROUTES:
        return ROUTES[path]
    bare = path.split("?", 1)[0]
    if bare in ROUTES:
        return ROUTES[bare]
    best = None
    for p, r in PREFIX.items():
        if path.startswith(p) and (best is None or len(p) > len(best[0])):
            best = (p, r)
    return best[1] if best else None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "vnnews-test-httpd"

    def setup(self):
        super().setup()
        # headers and body go out in separate writes: without this, Nagle and the
        # client's delayed ACK add 40 ms to every response
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def handle(self):
        try:
            super().handle()
        except (ConnectionResetError, BrokenPipeError, socket.timeout):
            pass  # the client gave up (a capped body, a timeout): that is the test

    def log_message(self, fmt, *args):  # keep stderr quiet; the JSON log says it all
        pass

    def do_HEAD(self):
        self.handle_any(head=True)

    def do_GET(self):
        self.handle_any(head=False)

    def handle_any(self, head):
        host = self.headers.get("Host", "")
        with LOG_LOCK:
            IN_FLIGHT[host] = IN_FLIGHT.get(host, 0) + 1
            overlap = IN_FLIGHT[host]
        entry = {"start": time.time(), "method": self.command, "path": self.path,
                 "host": host, "headers": {k.lower(): v for k, v in self.headers.items()},
                 "overlap": overlap, "status": 0}
        self.in_flight_host = host
        try:
            entry["status"] = self.answer(host, head)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            entry["status"] = entry["status"] or -1
            self.close_connection = True
        finally:
            entry["end"] = time.time()
            self.leave()
            with LOG_LOCK:
                LOG_FILE.write(json.dumps(entry) + "\n")
                LOG_FILE.flush()

    def leave(self):
        """The request stops counting as in flight just before its answer goes out: a
        client cannot send its next request before that, so a later overlap is real (a
        request that came while this one was still being delayed), never a race with this
        thread's bookkeeping."""
        host = getattr(self, "in_flight_host", None)
        if host is not None:
            with LOG_LOCK:
                IN_FLIGHT[host] -= 1
            self.in_flight_host = None

    def answer(self, host, head):
        route = find_route(self.path)
        if route is None:
            self.leave()
            body = b"<html><body>not found</body></html>"
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)
            return 404
        if route.get("delay"):
            time.sleep(float(route["delay"]))
        self.leave()
        if route.get("reset"):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return -2
        status = int(route.get("status", 200))
        headers = dict(route.get("headers", {}))
        if route.get("fail_times"):
            with LOG_LOCK:
                FAILS[self.path] = FAILS.get(self.path, 0) + 1
                failing = FAILS[self.path] <= int(route["fail_times"])
            if failing:
                body = b"<html><body>try later</body></html>"
                self.send_response(int(route.get("fail_status", 503)))
                for k, v in route.get("fail_headers", {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not head:
                    self.wfile.write(body)
                return int(route.get("fail_status", 503))
        gate = route.get("cookie_gate")
        if gate and gate not in [c.strip() for c in self.headers.get("Cookie", "").split(";")]:
            body = b"<html><body>a cookie, please</body></html>"
            self.send_response(302)
            self.send_header("Set-Cookie", gate + "; Path=/")
            self.send_header("Location", self.path)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)
            return 302
        if "redirect" in route:
            status = int(route.get("status", 302))
            headers["Location"] = route["redirect"].replace("{base}", "http://127.0.0.1:%d" % PORT)
        etag, lm = route.get("etag"), route.get("last_modified")
        if etag:
            headers["ETag"] = etag
        if lm:
            headers["Last-Modified"] = lm
        if (etag and self.headers.get("If-None-Match") == etag) or \
           (lm and not etag and self.headers.get("If-Modified-Since") == lm):
            self.send_response(304)
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            return 304
        body = self.make_body(route, host)
        ctype = route.get("content_type", "text/html; charset=utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in headers.items():
            self.send_header(k, v)
        if route.get("endless"):
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<p>" + b"x" * 65536 + b"</p>\n"
            frame = b"%x\r\n%s\r\n" % (len(chunk), chunk)
            deadline = time.time() + 60
            while not head and time.time() < deadline:
                self.wfile.write(frame)
            self.close_connection = True
            return status
        if route.get("gzip") and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
        if route.get("drip"):
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            for i in range(len(body)):
                if head:
                    break
                self.wfile.write(body[i:i + 1])
                self.wfile.flush()
                time.sleep(1.0)
            return status
        if route.get("chunked"):
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            if not head:
                step = max(1, len(body) // 7)
                for i in range(0, len(body), step):
                    part = body[i:i + step]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                self.wfile.write(b"0\r\n\r\n")
            return status
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            view = memoryview(body)
            for i in range(0, len(body), 1 << 20):
                self.wfile.write(view[i:i + (1 << 20)])
        return status

    def make_body(self, route, host):
        if "calendar" in route:
            month = 0
            if "month=" in self.path:
                try:
                    month = int(self.path.split("month=", 1)[1].split("&")[0])
                except ValueError:
                    month = 0
            text = ('<html><head><title>Lich thang %d</title></head><body><h1>Lich</h1>'
                    '<a href="%s?month=%d">thang sau</a> <a href="%s?month=%d">thang truoc</a>'
                    '</body></html>' % (month, route["calendar"], month + 1, route["calendar"],
                                        month - 1))
            return text.encode()
        if "body_file" in route:
            with open(route["body_file"], "rb") as f:
                body = f.read()
        else:
            body = route.get("body", "").replace("{base}", "http://127.0.0.1:%d" % PORT)
            body = body.replace("{host_base}", "http://%s" % host)
            body = body.replace("{port}", str(PORT)).encode()
        if route.get("size"):
            filler = b"<!-- " + b"y" * 1000 + b" -->\n"
            n = int(route["size"])
            body += (filler * (n // len(filler) + 1))[:n]
        return body


def main():
    global LOG_FILE, PORT
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--routes", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    args = ap.parse_args()
    with open(args.routes, encoding="utf-8") as f:
        cfg = json.load(f)
    ROUTES.update(cfg.get("routes", {}))
    PREFIX.update(cfg.get("prefix", {}))
    LOG_FILE = open(args.log, "a", encoding="utf-8")
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.allow_reuse_address = True
    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    PORT = srv.server_address[1]
    scheme = "http"
    if args.tls_cert:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
        scheme = "https"
    print("%s://127.0.0.1:%d" % (scheme, PORT), flush=True)
    try:
        srv.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        LOG_FILE.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
