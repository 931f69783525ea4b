#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Validate the hand annotations of the extraction evaluation set.

Usage: check-annotations.py [--gazetteer NE_POPULATED_PLACES.dbf] [DIR]

For every NAME.txt under DIR (default: this script's folder, held-out texts
included) it checks that NAME.json exists and is valid JSON of the documented
shape, that the publication date is stated in the text, that every figure's and
date's "text" and every place's "forms" occur verbatim, that coordinates are in
range and kinds known, and that the text is 250-900 words long.

With --gazetteer (Natural Earth's ne_10m_populated_places_simple.dbf, Debian
package libmagics++-data) it also reports each city or capital that lies more
than 25 km from the nearest populated place of the same name, a second look at
the hand-typed coordinates; those and the places it lacks are listed to be looked
at again by hand, not counted as failures.
Exit status 1 when any check fails.
"""

import datetime
import json
import math
import pathlib
import re
import struct
import sys
import unicodedata

KINDS = {"city", "capital", "country", "region", "water", "venue"}
PLACE_KEYS = {"name", "kind", "lon", "lat", "forms", "adjectival", "metonymy",
              "note", "aliases"}
FIGURE_KEYS = {"text", "value", "low", "high", "qualifier", "unit", "note",
               "optional"}
DATE_KEYS = {"text", "date", "span", "future", "note"}
MIN_WORDS, MAX_WORDS = 250, 900
GAZETTEER_TOLERANCE_KM = 25.0


def fold(s):
    """Lower case without accents, for matching names against the gazetteer."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


def km(lon1, lat1, lon2, lat2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def read_dbf(path):
    """Rows of a dBASE III file as dicts (enough of the format for Natural Earth)."""
    data = pathlib.Path(path).read_bytes()
    count, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields, pos = [], 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0")[0].decode("ascii")
        fields.append((name.lower(), data[pos + 16]))
        pos += 32
    for i in range(count):
        rec = data[header_len + i * record_len: header_len + (i + 1) * record_len]
        if rec[:1] == b"*":
            continue
        row, off = {}, 1
        for name, length in fields:
            row[name] = rec[off:off + length].decode("cp1252", "replace").strip()
            off += length
        yield row


def load_gazetteer(path):
    index = {}
    for row in read_dbf(path):
        try:
            lon, lat = float(row["longitude"]), float(row["latitude"])
        except (KeyError, ValueError):
            continue
        for key in {fold(row.get("name", "")), fold(row.get("nameascii", ""))}:
            if key:
                index.setdefault(key, []).append((lon, lat))
    return index


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def check_file(txt_path, gazetteer, problems, warnings):
    def bad(msg):
        problems.append(f"{txt_path.with_suffix('.json')}: {msg}")

    text = txt_path.read_text(encoding="utf-8")
    words = len(text.split())
    if not MIN_WORDS <= words <= MAX_WORDS:
        bad(f"text has {words} words, not {MIN_WORDS}-{MAX_WORDS}")
    json_path = txt_path.with_suffix(".json")
    try:
        ann = json.loads(json_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        bad(f"cannot read: {e}")
        return
    if not isinstance(ann, dict):
        bad("top level is not an object")
        return
    for key in ("date", "places", "not_places", "figures", "dates"):
        if key not in ann:
            bad(f"missing \"{key}\"")
            return
    try:
        pub = datetime.date.fromisoformat(ann["date"])
    except (TypeError, ValueError):
        bad(f"publication date {ann['date']!r} is not YYYY-MM-DD")
        return
    if not any(d.get("date") == ann["date"] for d in ann["dates"]
               if isinstance(d, dict)):
        bad("no date annotation states the publication date in the text")

    seen = set()
    for p in ann["places"]:
        if not isinstance(p, dict):
            bad(f"place {p!r} is not an object")
            continue
        name = p.get("name")
        if set(p) - PLACE_KEYS:
            bad(f"place {name}: unknown keys {sorted(set(p) - PLACE_KEYS)}")
        if p.get("kind") not in KINDS:
            bad(f"place {name}: kind {p.get('kind')!r} not one of {sorted(KINDS)}")
        lon, lat = p.get("lon"), p.get("lat")
        if not (is_number(lon) and -180 <= lon <= 180
                and is_number(lat) and -90 <= lat <= 90):
            bad(f"place {name}: coordinates {lon!r}, {lat!r} out of range")
            continue
        key = (name, p.get("kind"), round(lon), round(lat))
        if key in seen:
            bad(f"place {name} listed twice")
        seen.add(key)
        forms = p.get("forms")
        if not forms or not isinstance(forms, list):
            bad(f"place {name}: no \"forms\" (its surface forms in the text)")
            forms = []
        for form in forms:
            if form not in text:
                bad(f"place {name}: form {form!r} not in the text")
        if gazetteer is not None and p["kind"] in ("city", "capital"):
            candidates = [c for n in [name] + p.get("aliases", [])
                          for c in gazetteer.get(fold(n), [])]
            if not candidates:
                warnings.append(f"{txt_path.name}: {name} is not in the gazetteer")
            else:
                d = min(km(lon, lat, c[0], c[1]) for c in candidates)
                # Only a warning: a same-name place elsewhere (Pokrovsk in
                # Yakutia, the gazetteer's only one) is what the traps are about.
                if d > GAZETTEER_TOLERANCE_KM:
                    warnings.append(f"{txt_path.name}: {name} is {d:.0f} km "
                                     f"from the gazetteer's nearest {name}")

    for n in ann["not_places"]:
        if not isinstance(n, str):
            bad(f"not_place {n!r} is not a string")
            continue
        word = n.split(" (")[0]
        if word not in text:
            bad(f"not_place {word!r} not in the text")

    for f in ann["figures"]:
        if not isinstance(f, dict):
            bad(f"figure {f!r} is not an object")
            continue
        t = f.get("text")
        if set(f) - FIGURE_KEYS:
            bad(f"figure {t!r}: unknown keys {sorted(set(f) - FIGURE_KEYS)}")
        if not isinstance(t, str) or t not in text:
            bad(f"figure {t!r} not in the text")
        has_value = is_number(f.get("value"))
        has_range = is_number(f.get("low")) and is_number(f.get("high"))
        if "low" in f or "high" in f:
            if not has_range or f["low"] > f["high"]:
                bad(f"figure {t!r}: bad range")
        if not (has_value or has_range or f.get("qualifier")):
            bad(f"figure {t!r}: no value, range or qualifier")
        if not f.get("unit"):
            bad(f"figure {t!r}: no unit")

    for d in ann["dates"]:
        if not isinstance(d, dict):
            bad(f"date {d!r} is not an object")
            continue
        t = d.get("text")
        if set(d) - DATE_KEYS:
            bad(f"date {t!r}: unknown keys {sorted(set(d) - DATE_KEYS)}")
        if not isinstance(t, str) or t not in text:
            bad(f"date {t!r} not in the text")
        try:
            when = datetime.date.fromisoformat(d.get("date"))
        except (TypeError, ValueError):
            bad(f"date {t!r}: {d.get('date')!r} is not YYYY-MM-DD")
            continue
        if d.get("span") not in (None, "week"):
            bad(f"date {t!r}: span {d['span']!r} unknown")
        if d.get("span") == "week" and when.weekday() != 0:
            bad(f"date {t!r}: a week starts on a Monday")
        if d.get("future") and when <= pub:
            bad(f"date {t!r} marked future but not after the publication date")
        if not d.get("future") and when > pub:
            bad(f"date {t!r} after the publication date but not marked future")
        weekday = re.search(r"(Monday|Tuesday|Wednesday|Thursday|Friday|"
                            r"Saturday|Sunday)", t or "")
        if weekday and not d.get("span") and when.strftime("%A") != weekday.group(1):
            bad(f"date {t!r} resolves to a {when.strftime('%A')}")
        # "last Friday" in a Friday's paper is the Friday a week before.
        latest = 13 if re.match(r"(?i)last ", t or "") else 6
        if weekday and not d.get("future") and (pub - when).days > latest:
            bad(f"date {t!r} is not the most recent {weekday.group(1)}")


def main(argv):
    gazetteer_path = None
    args = list(argv[1:])
    if len(args) >= 2 and args[0] == "--gazetteer":
        gazetteer_path = args[1]
        args = args[2:]
    root = pathlib.Path(args[0]) if args else pathlib.Path(__file__).parent
    gazetteer = load_gazetteer(gazetteer_path) if gazetteer_path else None
    texts = sorted(root.rglob("*.txt"))
    if not texts:
        print(f"{root}: no texts found", file=sys.stderr)
        return 1
    problems, warnings = [], []
    for txt in texts:
        check_file(txt, gazetteer, problems, warnings)
    for p in problems:
        print(p)
    for w in warnings:
        print(f"look again: {w}")
    dev = sum(1 for t in texts if t.parent.name != "heldout")
    print(f"{len(texts)} texts ({dev} development, {len(texts) - dev} held out), "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
