"""An S3 endpoint without conditional writes, for the test that Riverdelta refuses such a store:
a pass-through proxy in front of the real SeaweedFS test server that forwards every request
(method, path, query, body) but drops If-None-Match and If-Match, the way a store or gateway
without conditional writes ignores them. The signature covers those headers, so the proxy
forwards without credentials (Authorization and x-amz-* dropped) to the one bucket the server
opens to anonymous requests ($RIVERDELTA_TEST_S3_OPEN_BUCKET). The data lands on the real server.
Usage: s3_unconditional_proxy.py UPSTREAM_URL; prints "PORT\\n" once listening, serves until
killed."""
import http.client
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

UPSTREAM = urlparse(sys.argv[1])
DROPPED = {"authorization", "if-none-match", "if-match", "host", "expect", "content-length"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in DROPPED and not k.lower().startswith("x-amz-")}
        conn = http.client.HTTPConnection(UPSTREAM.hostname, UPSTREAM.port, timeout=60)
        conn.request(self.command, self.path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        conn.close()

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = forward


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
