#!/usr/bin/python3
"""Writes a small gazetteer for fuzz-gazetteer to start from.

  tests/fuzz/make-gazetteer-seed.py OUTPUT NAME...

Reads the shipped data/gazetteer/places.gaz, keeps the entries whose
preferred name is one of NAME (with all their alternate names and
demonyms), and writes them with make-gazetteer.py's own writer, so the seed
has exactly the format the app ships.  The shipped file is too large for a
fuzzer's inputs; a few dozen entries exercise every section.  Needs what
make-gazetteer.py needs to import (python3-shapely).
"""

import importlib.util
import os
import struct
import sys

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
SCRIPT = os.path.join(TOP, 'data', 'gazetteer', 'make-gazetteer.py')
SHIPPED = os.path.join(TOP, 'data', 'gazetteer', 'places.gaz')


def load_writer():
    spec = importlib.util.spec_from_file_location('make_gazetteer', SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def string_at(text, offset):
    return text[offset:text.index(b'\0', offset)].decode('utf-8')


def read_entries(gz, path):
    data = open(path, 'rb').read()
    (magic, version, header_size, n_entries, n_names, n_demonyms, n_countries, names_end,
     text_size, file_size, crc) = struct.unpack_from('<8s10I', data)
    if magic != gz.MAGIC or version != gz.VERSION or file_size != len(data):
        sys.exit(f'{path}: not a gazetteer this script reads')
    records = header_size
    demonyms = records + n_entries * gz.ENTRY_SIZE + n_names * 4
    text_start = demonyms + n_demonyms * 8 + n_countries * 4
    text = data[text_start:text_start + text_size]

    entries = []
    for i in range(n_entries):
        (name, admin1, geonames_id, lon, lat, population, importance, n_alternates, kind,
         _flags, cc, _pad) = struct.unpack_from('<IIIiiIfHBB2sH', data,
                                                records + i * gz.ENTRY_SIZE)
        names = []
        offset = name
        for _ in range(n_alternates + 1):
            names.append(string_at(text, offset))
            offset += len(names[-1].encode('utf-8')) + 1
        e = gz.Entry(gz.KINDS[kind], names[0], lon / 1e7, lat / 1e7, geonames_id, population,
                     cc.rstrip(b'\0').decode('ascii'), string_at(text, admin1) if admin1 else '',
                     importance)
        e.names = names[1:]
        entries.append(e)
    for i in range(n_demonyms):
        offset, entry = struct.unpack_from('<II', data, demonyms + i * 8)
        entries[entry].demonyms.append(string_at(text, offset))
    return entries


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    gz = load_writer()
    wanted = set(sys.argv[2:])
    kept = [e for e in read_entries(gz, SHIPPED) if e.name in wanted]
    missing = wanted - {e.name for e in kept}
    if missing:
        sys.exit('not in the gazetteer: ' + ', '.join(sorted(missing)))
    gz.OUTPUT = sys.argv[1]
    gz.write(kept)


if __name__ == '__main__':
    main()
