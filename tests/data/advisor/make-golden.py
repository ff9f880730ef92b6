#!/usr/bin/env python3
"""Renders seed-threats.md.j2 with real Jinja2 (jinja2.Environment() defaults) once per context in
seed-threats.contexts.json, into the file the context is named after: the renderings TestPromptTemplate expects,
byte for byte. Run it from anywhere after changing the template or the contexts."""

import json
import pathlib

import jinja2

here = pathlib.Path(__file__).resolve().parent
# Bytes, not read_text(): universal newlines would hide a "\r\n" from Jinja.
template = jinja2.Environment().from_string((here / "seed-threats.md.j2").read_bytes().decode("utf-8"))
contexts = json.loads((here / "seed-threats.contexts.json").read_bytes().decode("utf-8"))
for name, context in contexts.items():
    (here / name).write_bytes(template.render(**context).encode("utf-8"))
