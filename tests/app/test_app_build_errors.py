"""Registration errors: `App(...)` refuses a handler that cannot work, saying where and how to fix it."""

from __future__ import annotations

import pathlib
import re
from collections.abc import Callable
from typing import Annotated, Any

import msgspec
import pytest

from lanner import (
    App,
    Body,
    Extract,
    ImproperlyConfigured,
    Path,
    Query,
    RouteHandler,
    Router,
    delete,
    get,
    post,
)

FILE = pathlib.Path(__file__).name


class Item(msgspec.Struct, frozen=True):
    name: str


class Money:
    """A class msgspec does not know how to encode."""

    def __init__(self, cents: int) -> None:
        self.cents = cents


def _build_error(*handlers: RouteHandler[Callable[..., Any]]) -> str:
    with pytest.raises(ImproperlyConfigured) as info:
        App(list(handlers))
    return str(info.value)


def _assert_names_handler(message: str, handler: RouteHandler[Callable[..., Any]], method: str, path: str) -> None:
    """The message names the method, the path, the handler and its file:line."""
    fn: Callable[..., Any] = handler.fn
    assert method in message, message
    assert path in message, message
    assert fn.__name__ in message, message
    found = re.search(re.escape(FILE) + r":(\d+)", message)
    assert found is not None, message
    first_line = fn.__code__.co_firstlineno  # the decorator's line
    assert first_line <= int(found.group(1)) <= first_line + 2, message


def test_placeholder_without_path_param_is_improperly_configured() -> None:
    @get("/items/{item_id:int}")  # type: ignore[lanner-route]  # on purpose: the mistake under test
    async def read_item() -> str:
        return ""

    message = _build_error(read_item)
    _assert_names_handler(message, read_item, "GET", "/items/{item_id:int}")
    assert '"item_id"' in message
    assert "item_id: Path[" in message  # the fix: add the parameter


def test_path_param_missing_from_template_is_improperly_configured() -> None:
    @get("/items")
    async def read_item(item_id: Path[int]) -> str:
        return ""

    message = _build_error(read_item)
    _assert_names_handler(message, read_item, "GET", "/items")
    assert "item_id" in message
    assert "default" in message  # the fix: add the placeholder or give a default


def test_path_param_with_default_may_be_missing_from_template() -> None:
    @get("/items")
    async def read_item(item_id: Path[int] = 0) -> str:
        return ""

    App([read_item])


def test_converter_type_disagreement_is_improperly_configured() -> None:
    @post("/items/{item_id:int}")  # type: ignore[lanner-route]  # on purpose: the mistake under test
    async def update_item(item_id: Path[str]) -> None:
        return None

    message = _build_error(update_item)
    _assert_names_handler(message, update_item, "POST", "/items/{item_id:int}")
    assert "Path[str]" in message
    assert "{item_id:str}" in message  # the fix: the converter that agrees


def test_converter_disagreement_in_router_prefix_is_improperly_configured() -> None:
    @get("/posts")
    async def list_posts(user_id: Path[int]) -> str:
        return ""

    with pytest.raises(ImproperlyConfigured, match=r"/users/\{user_id:uuid\}/posts") as info:
        App([Router("/users/{user_id:uuid}", [list_posts])])
    _assert_names_handler(str(info.value), list_posts, "GET", "/users/{user_id:uuid}/posts")


def test_router_prefix_placeholder_without_path_param_is_improperly_configured() -> None:
    @get("/posts")
    async def list_posts() -> str:
        return ""

    with pytest.raises(ImproperlyConfigured, match="user_id") as info:
        App([Router("/users/{user_id}", [list_posts])])
    _assert_names_handler(str(info.value), list_posts, "GET", "/users/{user_id}/posts")


def test_duplicate_placeholder_is_improperly_configured() -> None:
    @get("/a/{x}/b/{x}")  # type: ignore[lanner-route]  # on purpose: the mistake under test
    async def twice(x: Path[str]) -> str:
        return x

    message = _build_error(twice)
    _assert_names_handler(message, twice, "GET", "/a/{x}/b/{x}")
    assert "twice" in message
    assert "own name" in message  # the fix


def test_unknown_converter_is_improperly_configured() -> None:
    @get("/items/{slug:slug}")  # type: ignore[lanner-route]  # on purpose: the mistake under test
    async def by_slug(slug: Path[str]) -> str:
        return slug

    message = _build_error(by_slug)
    _assert_names_handler(message, by_slug, "GET", "/items/{slug:slug}")
    assert '"slug"' in message
    assert "str, int, float, uuid, path, date" in message  # the fix: the known converters


@pytest.mark.parametrize("template", ["/items/{item_id", "/items/item_id}", "/items/{{item_id}"])
def test_unbalanced_brace_is_improperly_configured(template: str) -> None:
    @get(template)
    async def read_item(item_id: Path[str] = "") -> str:
        return item_id

    message = _build_error(read_item)
    _assert_names_handler(message, read_item, "GET", template)
    assert "brace" in message


def test_parameter_that_is_not_an_extractor_is_improperly_configured() -> None:
    @get("/plain")  # type: ignore[lanner-route]  # on purpose: the mistake under test
    async def plain(limit: int) -> int:
        return limit

    message = _build_error(plain)
    _assert_names_handler(message, plain, "GET", "/plain")
    assert '"limit"' in message
    assert "Query[T]" in message  # the fix: annotate it as an extractor


def bad_extractor(limit: int) -> int:
    return limit


def test_custom_extractor_parameter_that_is_not_an_extractor_is_improperly_configured() -> None:
    @get("/custom")  # type: ignore[lanner-route]  # on purpose: the mistake under test
    async def custom(value: Annotated[int, Extract(bad_extractor)]) -> int:
        return value

    message = _build_error(custom)
    _assert_names_handler(message, custom, "GET", "/custom")
    assert "bad_extractor" in message
    assert '"limit"' in message


def test_two_body_extractors_are_improperly_configured() -> None:
    @post("/two")  # type: ignore[lanner-route]  # on purpose: the mistake under test
    async def two_bodies(item: Body[Item], raw: Body[bytes]) -> None:
        return None

    message = _build_error(two_bodies)
    _assert_names_handler(message, two_bodies, "POST", "/two")
    assert '"item"' in message and '"raw"' in message
    assert "one body extractor" in message  # the fix


def item_from_body(item: Body[Item]) -> Item:
    return item


def test_two_body_extractors_one_through_a_custom_extractor_are_improperly_configured() -> None:
    @post("/two-deep")  # type: ignore[lanner-route]  # on purpose: the mistake under test
    async def two_bodies(item: Annotated[Item, Extract(item_from_body)], raw: Body[bytes]) -> None:
        return None

    message = _build_error(two_bodies)
    _assert_names_handler(message, two_bodies, "POST", "/two-deep")
    assert "item_from_body" in message
    assert "one body extractor" in message


def test_missing_return_annotation_is_improperly_configured() -> None:
    @get("/untyped")
    async def untyped():  # type: ignore[no-untyped-def, lanner-return]  # on purpose: the missing annotation is the error
        return "x"

    message = _build_error(untyped)
    _assert_names_handler(message, untyped, "GET", "/untyped")
    assert "return annotation" in message
    assert "-> None" in message or "-> Item" in message  # the fix: an example annotation


def test_unencodable_return_type_is_improperly_configured() -> None:
    @get("/money")
    async def money() -> Money:  # type: ignore[lanner-return]  # on purpose: the mistake under test
        return Money(100)

    message = _build_error(money)
    _assert_names_handler(message, money, "GET", "/money")
    assert "Money" in message
    assert "type_encoders" in message  # the fix


def test_unencodable_type_nested_in_a_container_is_improperly_configured() -> None:
    @get("/monies")
    async def monies() -> list[Money]:  # type: ignore[lanner-return]  # on purpose: the mistake under test
        return []

    assert "type_encoders" in _build_error(monies)


def test_unencodable_return_type_is_accepted_with_a_handler_type_encoder() -> None:
    @get("/money", type_encoders={Money: lambda m: m.cents})
    async def money() -> Money:
        return Money(100)

    App([money])


def test_unencodable_return_type_is_accepted_with_an_app_type_encoder() -> None:
    @get("/money")
    async def money() -> list[Money]:  # type: ignore[lanner-return]  # the App's type_encoders, which the plugin cannot see, encode Money
        return [Money(100)]

    App([money], type_encoders={Money: lambda m: m.cents})


def test_unencodable_return_type_is_accepted_with_a_router_type_encoder() -> None:
    @get("/money")
    async def money() -> Money:  # type: ignore[lanner-return]  # the Router's type_encoders, which the plugin cannot see, encode Money
        return Money(100)

    App([Router("/r", [money], type_encoders={Money: lambda m: m.cents})])


def test_body_with_status_204_is_improperly_configured() -> None:
    @get("/empty", status_code=204)
    async def empty() -> Item:  # type: ignore[lanner-return]  # on purpose: the mistake under test
        return Item("x")

    message = _build_error(empty)
    _assert_names_handler(message, empty, "GET", "/empty")
    assert "204" in message
    assert "None" in message  # the fix: return None or change the status


def test_body_with_status_304_is_improperly_configured() -> None:
    @get("/not-modified", status_code=304)
    async def not_modified() -> str:  # type: ignore[lanner-return]  # on purpose: the mistake under test
        return "x"

    assert "304" in _build_error(not_modified)


def test_delete_default_204_with_body_returning_handler_is_improperly_configured() -> None:
    @delete("/items/{item_id:int}")
    async def remove(item_id: Path[int]) -> Item:  # type: ignore[lanner-return]  # on purpose: the mistake under test
        return Item("x")

    message = _build_error(remove)
    _assert_names_handler(message, remove, "DELETE", "/items/{item_id:int}")
    assert "204" in message
    assert "status_code=200" in message  # the fix


def test_delete_returning_none_is_accepted() -> None:
    @delete("/items/{item_id:int}")
    async def remove(item_id: Path[int]) -> None:
        return None

    App([remove])


def test_two_handlers_for_the_same_method_and_path_are_improperly_configured() -> None:
    @get("/dup")
    async def first_handler() -> str:
        return "1"

    @get("/dup/")
    async def second_handler() -> str:
        return "2"

    message = _build_error(first_handler, second_handler)
    _assert_names_handler(message, second_handler, "GET", "/dup")
    assert "twice" in message
    assert "first_handler" in message  # which handler it collides with


def test_two_dynamic_handlers_for_the_same_method_and_template_are_improperly_configured() -> None:
    @get("/dup/{n:int}")
    async def first_handler(n: Path[int]) -> str:
        return "1"

    @get("/dup/{n:int}")
    async def second_handler(n: Path[int]) -> str:
        return "2"

    message = _build_error(first_handler, second_handler)
    _assert_names_handler(message, second_handler, "GET", "/dup/{n:int}")


def test_same_path_for_different_methods_is_accepted() -> None:
    @get("/same")
    async def read() -> str:
        return "r"

    @post("/same")
    async def write() -> str:
        return "w"

    App([read, write])


def test_unknown_handler_option_is_improperly_configured() -> None:
    @get("/typo", statuscode=201)  # type: ignore[call-arg]  # on purpose: the unknown option is the error
    async def typo() -> str:
        return ""

    message = _build_error(typo)
    _assert_names_handler(message, typo, "GET", "/typo")
    assert "statuscode" in message
    assert "status_code" in message  # the fix: the option it probably meant


def test_unknown_app_option_is_refused() -> None:
    with pytest.raises((ImproperlyConfigured, TypeError), match="statuscode"):
        App([], statuscode=201)  # type: ignore[call-arg]  # on purpose: the unknown option is the error


def test_unknown_router_option_is_refused() -> None:
    with pytest.raises((ImproperlyConfigured, TypeError), match="statuscode"):
        Router("/r", [], statuscode=201)  # type: ignore[call-arg]  # on purpose: the unknown option is the error


def test_annotation_that_cannot_be_resolved_is_improperly_configured() -> None:
    @get("/unresolved")
    async def unresolved(limit: Query[Undefined]) -> str:  # type: ignore[name-defined]  # noqa: F821  # on purpose
        return ""

    message = _build_error(unresolved)
    _assert_names_handler(message, unresolved, "GET", "/unresolved")
    assert "Undefined" in message


def user_from_path(user_id: Path[int]) -> str:
    return str(user_id)


def test_custom_extractor_path_param_missing_from_template_is_improperly_configured() -> None:
    @get("/profile")
    async def profile(user: Annotated[str, Extract(user_from_path)]) -> str:
        return user

    message = _build_error(profile)
    _assert_names_handler(message, profile, "GET", "/profile")
    assert "user_id" in message


def item_name(item: Body[Item]) -> str:
    return item.name


def test_custom_extractor_returning_another_type_is_improperly_configured() -> None:
    @post("/named")  # type: ignore[lanner-route]  # on purpose: the mistake under test
    async def named(name: Annotated[int, Extract(item_name)]) -> None:
        return None

    message = _build_error(named)
    _assert_names_handler(message, named, "POST", "/named")
    assert '"name" is declared int' in message
    assert "item_name" in message and "injects str" in message
    assert "Annotated[str, Extract(item_name)]" in message  # the fix


async def admin_item(item: Body[Item]) -> Item:
    return item


class Base(msgspec.Struct):
    name: str


class Derived(Base):
    pass


def derived() -> Derived:
    return Derived("x")


def test_custom_extractor_injecting_a_subclass_or_through_optional_is_accepted() -> None:
    @post("/fine")
    async def fine(a: Annotated[Base, Extract(derived)], b: Annotated[Item | None, Extract(admin_item)]) -> None:
        return None

    App([fine])
