"""Positions on the earth: the stored GCJ-02 coordinates, WGS-84 for `geo:` links, distances.

Records store coordinates as Chinese map services show them: GCJ-02, WGS-84 shifted by an
obfuscation function (typically 300–600 m in Gansu). A `geo:` URI (RFC 5870) must be WGS-84,
so the stored point is converted back with the standard iterative inverse: start from the
GCJ-02 point, shift it forward with the published GCJ-02 function, subtract the error, repeat
until the forward shift lands within 1e-9 degrees (about 0.1 mm) of the stored point; three or
four rounds do. The forward function is the one every open implementation uses (the
"eviltransform" constants: Krasovsky ellipsoid, a = 6378245 m, e² = 0.00669342162296594323);
tests/test_geo.py checks it against published pairs of points. The result is as exact as the
stored point (a map pick is good to a few metres).

Distances are great-circle distances (haversine, mean earth radius 6371.0088 km): within 0.5 %
of the ellipsoidal distance, far finer than "about 1.2 km" needs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

_A = 6378245.0
_EE = 0.00669342162296594323
EARTH_RADIUS_KM = 6371.0088
TOLERANCE = 1e-9  # degrees


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


def _lat_shift(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _lon_shift(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(point: Point) -> Point:
    """The published GCJ-02 function (for points in mainland China, which is all the models accept)."""
    lat, lon = point.latitude, point.longitude
    dlat = _lat_shift(lon - 105.0, lat - 35.0)
    dlon = _lon_shift(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return Point(lat + dlat, lon + dlon)


def gcj02_to_wgs84(point: Point) -> Point:
    """The WGS-84 point whose GCJ-02 image is `point`, to within TOLERANCE degrees."""
    lat, lon = point.latitude, point.longitude
    for _ in range(30):
        shifted = wgs84_to_gcj02(Point(lat, lon))
        dlat, dlon = shifted.latitude - point.latitude, shifted.longitude - point.longitude
        if abs(dlat) < TOLERANCE and abs(dlon) < TOLERANCE:
            break
        lat, lon = lat - dlat, lon - dlon
    return Point(lat, lon)


def distance_km(a: Point, b: Point) -> float:
    """Great-circle distance in kilometres (both points in the same datum)."""
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def geo_uri(point: Point) -> str:
    """An RFC 5870 URI of a WGS-84 point, six decimals (about 0.1 m): geo:36.338000,102.868000."""
    return f"geo:{point.latitude:.6f},{point.longitude:.6f}"


def distance_words(km: float) -> str:
    """'约 350 米' under a kilometre (to 10 m), else '约 1.2 公里'."""
    if km < 1:
        return f"约 {max(10, round(km * 100) * 10)} 米"
    return f"约 {km:.1f} 公里"
