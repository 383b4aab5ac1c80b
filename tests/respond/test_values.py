"""The response values: SetCookie, ResponseHeader, CacheControlHeader and ETag."""

from __future__ import annotations

import email.utils
import gc
import time
from datetime import UTC, datetime, timedelta, timezone

import msgspec
import pytest

from lanner._respond.values import CacheControlHeader, ETag, ResponseHeader, SetCookie, check_header

# --- SetCookie -------------------------------------------------------------------------


def test_cookie_defaults_write_path_and_samesite_lax() -> None:
    assert SetCookie("sid", "abc").to_header() == "sid=abc; Path=/; SameSite=Lax"


def test_cookie_attributes_are_written_in_a_fixed_order() -> None:
    cookie = SetCookie(
        "sid",
        "abc",
        max_age=3600,
        expires=datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC),
        path="/app",
        domain="example.com",
        secure=True,
        httponly=True,
        samesite="none",
        partitioned=True,
    )
    assert cookie.to_header() == (
        "sid=abc; Max-Age=3600; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Path=/app; "
        "Domain=example.com; Secure; HttpOnly; SameSite=None; Partitioned"
    )


def test_cookie_value_none_is_written_empty() -> None:
    assert SetCookie("sid").to_header().startswith("sid=; ")


def test_cookie_value_with_space_or_comma_is_quoted() -> None:
    assert SetCookie("a", "hello world").to_header().startswith('a="hello world"; ')
    assert SetCookie("a", "x,y").to_header().startswith('a="x,y"; ')


@pytest.mark.parametrize("value", ["a;b", 'say "hi"', "back\\slash", "caf\u00e9", "tab\there", "del\x7f"])
def test_cookie_value_that_cannot_be_carried_raises_with_encoding_hint(value: str) -> None:
    with pytest.raises(ValueError, match="encode it first"):
        SetCookie("a", value)


def test_cookie_value_characters_are_the_cookie_octets_and_space_and_comma() -> None:
    # RFC 6265 cookie-octet: visible ASCII but DQUOTE, comma, semicolon and backslash.
    allowed = {chr(code) for code in range(0x20, 0x7F)} - {'"', ";", "\\"}
    for code in range(0x300):
        char = chr(code)
        try:
            SetCookie("a", f"x{char}y")
        except ValueError:
            assert char not in allowed, repr(char)
        else:
            assert char in allowed, repr(char)


@pytest.mark.parametrize("value", ["a\rb", "a\nb", "a\0b"])
def test_cookie_value_with_cr_lf_or_nul_raises(value: str) -> None:
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        SetCookie("a", value)


@pytest.mark.parametrize("key", ["", "a b", "a=b", "a;b", "a,b", "caf\u00e9", "a\r\nX-Evil: 1", "(x)"])
def test_cookie_key_must_be_a_token(key: str) -> None:
    with pytest.raises(ValueError):
        SetCookie(key, "v")


def test_cookie_key_accepts_token_punctuation() -> None:
    assert SetCookie("__Host-a.b_c!#$%&'*+^`|~", "v").key == "__Host-a.b_c!#$%&'*+^`|~"


@pytest.mark.parametrize("field", ["path", "domain"])
@pytest.mark.parametrize("text", ["/a;b", "/a\r\n", "/a\0", "/a\x01", "", "/caf\u00e9"])
def test_cookie_path_and_domain_reject_separators_and_controls(field: str, text: str) -> None:
    with pytest.raises(ValueError):
        SetCookie("a", "v", **{field: text})  # type: ignore[arg-type]  # field is path or domain


def test_cookie_path_none_leaves_the_attribute_out() -> None:
    assert SetCookie("a", "v", path=None).to_header() == "a=v; SameSite=Lax"


def test_samesite_none_requires_secure() -> None:
    with pytest.raises(ValueError, match="secure=True"):
        SetCookie("a", "v", samesite="none")


def test_samesite_none_with_secure_is_written() -> None:
    assert SetCookie("a", "v", samesite="none", secure=True).to_header().endswith("Secure; SameSite=None")


def test_samesite_strict_is_written_capitalised() -> None:
    assert SetCookie("a", "v", samesite="strict").to_header().endswith("SameSite=Strict")


def test_samesite_unknown_value_raises() -> None:
    with pytest.raises(ValueError, match="samesite"):
        SetCookie("a", "v", samesite="Lax")  # type: ignore[arg-type]  # the wrong spelling on purpose


def test_partitioned_requires_secure() -> None:
    with pytest.raises(ValueError, match="partitioned"):
        SetCookie("a", "v", partitioned=True)


def test_cookie_naive_expires_raises() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        SetCookie("a", "v", expires=datetime(2030, 1, 1))


def test_cookie_expires_in_another_zone_is_written_in_gmt() -> None:
    plus_two = datetime(2030, 1, 1, 2, 0, tzinfo=timezone(timedelta(hours=2)))
    assert "Expires=Tue, 01 Jan 2030 00:00:00 GMT" in SetCookie("a", "v", expires=plus_two).to_header()


def test_cookie_expires_int_counts_seconds_from_now() -> None:
    header = SetCookie("a", "v", expires=3600).to_header()
    written = header.split("Expires=")[1].split(";")[0]
    expected = time.time() + 3600
    assert abs(email.utils.parsedate_to_datetime(written).timestamp() - expected) <= 2


@pytest.mark.parametrize("bad", [True, 1.5, "60"])
def test_cookie_max_age_must_be_an_int(bad: object) -> None:
    with pytest.raises(TypeError, match="max_age"):
        SetCookie("a", "v", max_age=bad)  # type: ignore[arg-type]  # a wrong type on purpose


def test_cookie_to_deleting_expires_the_same_cookie() -> None:
    cookie = SetCookie("sid", "abc", path="/app", domain="example.com", max_age=60)
    deleting = cookie.to_deleting()
    assert (deleting.key, deleting.path, deleting.domain) == ("sid", "/app", "example.com")
    assert (deleting.value, deleting.max_age) == (None, 0)
    assert deleting.to_header() == (
        "sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/app; Domain=example.com; SameSite=Lax"
    )


def test_cookie_header_pair_is_latin1_bytes() -> None:
    pair = SetCookie("a", "1", httponly=True).header_pair()
    assert pair == (b"set-cookie", b"a=1; Path=/; HttpOnly; SameSite=Lax")


def test_cookie_is_immutable() -> None:
    cookie = SetCookie("a", "1")
    with pytest.raises(AttributeError):
        cookie.value = "2"  # type: ignore[misc]  # assigning is what is tested


def test_cookies_compare_and_hash_by_value() -> None:
    assert SetCookie("a", "1", secure=True) == SetCookie("a", "1", secure=True)
    assert SetCookie("a", "1") != SetCookie("a", "2")
    assert len({SetCookie("a", "1"), SetCookie("a", "1")}) == 1


def test_cookie_replace_validates_again() -> None:
    with pytest.raises(ValueError, match="secure=True"):
        msgspec.structs.replace(SetCookie("a", "1"), samesite="none")


# --- ResponseHeader --------------------------------------------------------------------


def test_header_pair_lowercases_the_name() -> None:
    assert ResponseHeader("X-Trace-Id", "Abc").header_pair() == (b"x-trace-id", b"Abc")


def test_header_value_latin1_is_encoded_as_latin1() -> None:
    assert ResponseHeader("X-Name", "caf\u00e9").header_pair() == (b"x-name", b"caf\xe9")


def test_header_value_not_latin1_raises() -> None:
    with pytest.raises(ValueError, match="must be latin-1"):
        ResponseHeader("X-Name", "\u2603")


@pytest.mark.parametrize("value", ["a\r\nX-Evil: 1", "a\nb", "a\rb", "a\0b"])
def test_header_value_with_cr_lf_or_nul_raises(value: str) -> None:
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        ResponseHeader("X-A", value)


@pytest.mark.parametrize("value", ["a\x01b", "a\x7fb", "a\x1bb"])
def test_header_value_with_other_controls_raises(value: str) -> None:
    with pytest.raises(ValueError, match="without controls"):
        ResponseHeader("X-A", value)


def test_header_value_allows_tab_nbsp_and_empty() -> None:
    assert ResponseHeader("X-A", "a\tb\xa0c").value == "a\tb\xa0c"
    assert ResponseHeader("X-A", "").header_pair() == (b"x-a", b"")


@pytest.mark.parametrize("name", ["", "X A", "X:A", "X-A\r\n", "X\u00e9"])
def test_header_name_must_be_a_token(name: str) -> None:
    with pytest.raises(ValueError):
        ResponseHeader(name, "v")


def test_header_without_value_needs_documentation_only() -> None:
    with pytest.raises(ValueError, match="documentation_only"):
        ResponseHeader("X-A")


def test_documentation_only_header_has_no_pair_to_send() -> None:
    header = ResponseHeader("X-Rate-Limit", description="Requests left", documentation_only=True)
    with pytest.raises(ValueError, match="documentation-only"):
        header.header_pair()


def test_header_is_immutable_and_compares_by_value() -> None:
    header = ResponseHeader("X-A", "1")
    assert header == ResponseHeader("X-A", "1")
    assert hash(header) == hash(ResponseHeader("X-A", "1"))
    with pytest.raises(AttributeError):
        header.value = "2"  # type: ignore[misc]  # assigning is what is tested


# --- CacheControlHeader ----------------------------------------------------------------


def test_cache_control_directives_are_written_in_a_fixed_order() -> None:
    header = CacheControlHeader(60, public=True, must_revalidate=True)
    assert header.to_header() == "public, max-age=60, must-revalidate"


def test_cache_control_writes_every_directive() -> None:
    header = CacheControlHeader(
        1,
        2,
        private=True,
        no_cache=True,
        no_store=True,
        no_transform=True,
        must_revalidate=True,
        proxy_revalidate=True,
        immutable=True,
        stale_while_revalidate=3,
        stale_if_error=4,
    )
    assert header.to_header() == (
        "private, no-cache, no-store, no-transform, max-age=1, s-maxage=2, must-revalidate, "
        "proxy-revalidate, immutable, stale-while-revalidate=3, stale-if-error=4"
    )


def test_cache_control_empty_writes_nothing() -> None:
    assert CacheControlHeader().to_header() == ""


@pytest.mark.parametrize(
    "header",
    [
        CacheControlHeader(),
        CacheControlHeader(0),
        CacheControlHeader(60, public=True),
        CacheControlHeader(private=True, no_cache=True),
        CacheControlHeader.prevent_storing(),
        CacheControlHeader(31536000, public=True, immutable=True),
        CacheControlHeader(10, 20, no_transform=True, proxy_revalidate=True),
        CacheControlHeader(max_age=5, stale_while_revalidate=30, stale_if_error=86400),
        CacheControlHeader(must_revalidate=True, no_store=True, s_maxage=7),
    ],
)
def test_cache_control_round_trips(header: CacheControlHeader) -> None:
    assert CacheControlHeader.from_header(header.to_header()) == header


def test_cache_control_parses_any_order_and_case() -> None:
    parsed = CacheControlHeader.from_header("Must-Revalidate,MAX-AGE=30 ,  Public")
    assert parsed == CacheControlHeader(30, public=True, must_revalidate=True)


def test_cache_control_ignores_unknown_directives() -> None:
    assert CacheControlHeader.from_header("x-custom=1, max-age=5, community=\"UCI\"") == CacheControlHeader(5)


def test_cache_control_reads_quoted_field_lists_as_the_bare_directive() -> None:
    parsed = CacheControlHeader.from_header('no-cache="Set-Cookie, Vary", max-age="10"')
    assert parsed == CacheControlHeader(10, no_cache=True)


def test_cache_control_first_of_a_repeated_directive_wins() -> None:
    assert CacheControlHeader.from_header("max-age=1, max-age=2") == CacheControlHeader(1)


@pytest.mark.parametrize(
    "text", ["max-age=abc", "max-age=", "max-age", "s-maxage=-1", "max-age=1.5", "max-age=\u0661"]
)
def test_cache_control_malformed_number_raises(text: str) -> None:
    with pytest.raises(ValueError, match="whole number"):
        CacheControlHeader.from_header(text)


def test_cache_control_negative_age_raises() -> None:
    with pytest.raises(ValueError, match="at least 0"):
        CacheControlHeader(-1)


def test_cache_control_public_and_private_contradict() -> None:
    with pytest.raises(ValueError, match="public and private"):
        CacheControlHeader(public=True, private=True)


def test_cache_control_prevent_storing_is_no_store() -> None:
    assert CacheControlHeader.prevent_storing() == CacheControlHeader(no_store=True)


def test_cache_control_is_immutable() -> None:
    header = CacheControlHeader(60)
    with pytest.raises(AttributeError):
        header.max_age = 1  # type: ignore[misc]  # assigning is what is tested


# --- ETag ------------------------------------------------------------------------------


def test_etag_strong_and_weak_headers() -> None:
    assert ETag("abc").to_header() == '"abc"'
    assert ETag("abc", weak=True).to_header() == 'W/"abc"'


def test_etag_from_header_reads_weak_tags() -> None:
    assert ETag.from_header('W/"x"') == ETag("x", weak=True)


def test_etag_from_header_reads_strong_and_empty_tags() -> None:
    assert ETag.from_header(' "x" ') == ETag("x")
    assert ETag.from_header('""') == ETag("")


@pytest.mark.parametrize("text", ["x", '"x', 'x"', 'w/"x"', 'W/x', '"a"b"', "", '"', "*"])
def test_etag_from_header_rejects_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match="entity tag"):
        ETag.from_header(text)


@pytest.mark.parametrize("value", ['a"b', "a b", "caf\u00e9", "a\x01"])
def test_etag_value_must_be_visible_ascii_without_quotes(value: str) -> None:
    with pytest.raises(ValueError, match="visible ASCII"):
        ETag(value)


@pytest.mark.parametrize("value", ["a\rb", "a\nb", "a\0b"])
def test_etag_value_with_cr_lf_or_nul_raises(value: str) -> None:
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        ETag(value)


def test_etag_without_value_needs_documentation_only() -> None:
    with pytest.raises(ValueError, match="documentation_only"):
        ETag()
    with pytest.raises(ValueError, match="documentation-only"):
        ETag(documentation_only=True).to_header()


@pytest.mark.parametrize(
    ("if_none_match", "expected"),
    [
        ('"v1"', True),
        ('W/"v1"', True),
        ('"v0", "v1"', True),
        ('"v0",W/"v1"', True),
        ("*", True),
        (" * ", True),
        ('"v0"', False),
        ('"V1"', False),
        ("", False),
        ('"v1', False),
        ('x"v1"', False),
    ],
)
def test_etag_matches_uses_weak_comparison(if_none_match: str, expected: bool) -> None:
    assert ETag("v1").matches(if_none_match) is expected
    assert ETag("v1", weak=True).matches(if_none_match) is expected


def test_etag_matches_a_tag_that_holds_a_comma() -> None:
    assert ETag("a,b").matches('"x", "a,b"')
    assert not ETag("a").matches('"a,b"')


def test_etag_is_immutable_and_hashable() -> None:
    tag = ETag("x")
    assert hash(tag) == hash(ETag("x"))
    with pytest.raises(AttributeError):
        tag.weak = True  # type: ignore[misc]  # assigning is what is tested


def test_bad_names_are_refused_even_after_many_good_names_were_seen() -> None:
    # Checked names are remembered (a bounded set): filling it must not let a bad name through.
    for number in range(3000):
        check_header(f"x-name-{number}", "1")
        SetCookie(f"cookie-{number}", "1")
    with pytest.raises(ValueError, match="header name"):
        check_header("x bad", "1")
    with pytest.raises(ValueError, match="cookie name"):
        SetCookie("bad;key", "1")


def test_set_cookie_is_left_out_of_cycle_collection() -> None:
    # It holds only strings, numbers and datetimes: it cannot be in a cycle, so it is not tracked.
    assert not gc.is_tracked(SetCookie("sid", "abc", expires=datetime.now(UTC)))
