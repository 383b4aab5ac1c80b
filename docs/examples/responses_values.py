import datetime

from lanner import CacheControlHeader, ETag, ResponseHeader, SetCookie

session = SetCookie(
    "session",
    "abc123",
    max_age=3600,
    expires=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    secure=True,
    httponly=True,
    samesite="strict",
    partitioned=True,
)
# session=abc123; Max-Age=3600; Expires=Tue, 01 Jan 2030 00:00:00 GMT; Path=/; Secure; HttpOnly; SameSite=Strict; Partitioned
session_header = session.to_header()

request_id = ResponseHeader("X-Request-Id", "42", description="echoes the request's id")

cache = CacheControlHeader(max_age=600, public=True, stale_while_revalidate=60)
cache_header = cache.to_header()  # "public, max-age=600, stale-while-revalidate=60"
cache_read = CacheControlHeader.from_header("Max-Age=600, PUBLIC, stale-while-revalidate=60")  # == cache

strong = ETag("33a64df5").to_header()  # '"33a64df5"'
weak = ETag("0815", weak=True).to_header()  # 'W/"0815"'
parsed = ETag.from_header('W/"0815"')  # ETag("0815", weak=True)
