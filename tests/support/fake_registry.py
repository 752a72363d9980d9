#!/usr/bin/env python3
"""A tiny stand-in for a Schema Registry that demands HTTP basic auth, for tests of what a real
registry without auth (the Apicurio test service) cannot show: 401 handling, that the client
sends credentials, HTTPS with a private CA.

Usage: fake_registry.py USER PASSWORD [CERTFILE KEYFILE]
Prints the port it listens on (127.0.0.1) as the first stdout line, then serves until killed.
GET /subjects answers ["fake-subject"] with the right credentials and 401 otherwise.
"""
import base64
import http.server
import json
import ssl
import sys


def main() -> int:
    user, password = sys.argv[1], sys.argv[2]
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self, status: int, body) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/vnd.schemaregistry.v1+json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            if self.headers.get("Authorization") != expected:
                self._answer(401, {"error_code": 401, "message": "Unauthorized"})
            elif self.path.endswith("/subjects"):
                self._answer(200, ["fake-subject"])
            else:
                self._answer(404, {"error_code": 40401, "message": "Subject not found"})

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if len(sys.argv) > 4:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[3], sys.argv[4])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
