"""Checks the run report files a test wrote; prints one JSON object with what it found.

usage: check_report.py SCHEMA REPORT.json REPORT.html
- the JSON report is validated against the JSON Schema (draft 2020-12, formats checked)
- the HTML must parse with html.parser; every <img> must be an inline data:image/png;base64
  URI that decodes to a PNG, so the file reads offline
"""
import base64
import json
import sys
from html.parser import HTMLParser

import jsonschema


class Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.png, self.external, self.titles = 0, 0, [], []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.images += 1
            src = a.get("src", "")
            prefix = "data:image/png;base64,"
            if src.startswith(prefix) and base64.b64decode(src[len(prefix):])[:8] == b"\x89PNG\r\n\x1a\n":
                self.png += 1
            else:
                self.external.append(src[:60])
        if tag in ("link", "script") and (a.get("href") or a.get("src")):
            self.external.append(a.get("href") or a.get("src"))
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.titles.append(data)
            self._in_title = False


def main():
    schema_path, json_path, html_path = sys.argv[1:4]
    schema = json.load(open(schema_path, encoding="utf-8"))
    report = json.load(open(json_path, encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(report)]
    parser = Images()
    parser.feed(open(html_path, encoding="utf-8").read())
    parser.close()
    print(json.dumps({"schemaErrors": errors[:20], "images": parser.images, "pngImages": parser.png,
                      "external": parser.external, "title": "".join(parser.titles)}))


if __name__ == "__main__":
    main()
