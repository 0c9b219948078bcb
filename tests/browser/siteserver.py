"""A small static server for the built site, gzip-compressed as a production host would serve it.

The browser tests start it on a free port; `python tests/browser/siteserver.py site --port 8765` serves the site
for Lighthouse, whose performance score counts uncompressed text against the page.
"""

from __future__ import annotations

import argparse
import gzip
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}
# Long-lived caching of assets, as a production host would set it (Material names its bundles by hash).
LONG_CACHE = "public, max-age=31536000, immutable"


class CompressingHandler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                super().do_GET()  # redirects "/dir" to "/dir/", as every static host does
                return
            target = target / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not target.is_file() or target.suffix not in COMPRESSIBLE or not accepts_gzip:
            super().do_GET()
            return
        body = gzip.compress(target.read_bytes(), compresslevel=6)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(str(target)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", LONG_CACHE if "/assets/" in self.path else "no-cache")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests read the browser's requests, not the server's log."""


def start_server(site: Path, port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Serve `site` on 127.0.0.1 in a background thread; return the server and its base address."""
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(CompressingHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """`site` served for the length of a `with` block; yields the base address."""
    server, address = start_server(site)
    try:
        yield address
    finally:
        server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("--port", type=int, default=8765)
    arguments = parser.parse_args()
    server = ThreadingHTTPServer(
        ("127.0.0.1", arguments.port), partial(CompressingHandler, directory=str(arguments.site))
    )
    print(f"serving {arguments.site} at http://127.0.0.1:{arguments.port}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
