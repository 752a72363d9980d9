"""A real HTTP server for webhook tests: records every request as a JSON line in LOG and answers
503 to the first FAIL_FIRST requests (so clients must retry), 200 afterwards. With DELAY_MS it
holds each answer that long, and each line says how many requests were in flight when it came
("inflight", itself included), so tests can see concurrency.

Usage: webhook_server.py LOG FAIL_FIRST [DELAY_MS]   (prints "PORT <n>" once it listens)
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

log_path = sys.argv[1]
fail_first = int(sys.argv[2])
delay_s = (int(sys.argv[3]) if len(sys.argv) > 3 else 0) / 1000.0
lock = threading.Lock()
seen = 0
inflight = 0


class Handler(BaseHTTPRequestHandler):
    def handle_any(self):
        global seen, inflight
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        with lock:
            seen += 1
            inflight += 1
            status = 503 if seen <= fail_first else 200
            with open(log_path, "a", encoding="utf-8") as log:
                log.write(json.dumps({"method": self.command, "path": self.path,
                                      "headers": {k.lower(): v for k, v in self.headers.items()},
                                      "body": body, "status": status,
                                      "inflight": inflight}) + "\n")
        if delay_s:
            time.sleep(delay_s)
        with lock:
            inflight -= 1
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("PORT", server.server_address[1], flush=True)
server.serve_forever()
