"""Decode `Form[T]`: a urlencoded or multipart body into a Struct, dataclass or TypedDict.

`FormDecoder` is built once per route from `T`'s fields; per request it reads the body
within the route's limits and decodes each field like a query parameter, every problem
reported at once (source "form"). Fields typed `UploadFile` or `list[UploadFile]` take
the files.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Final, get_args

import msgspec

from lanner._connection.parsing import parse_content_type
from lanner._connection.upload import UploadFile
from lanner._errors import ErrorDetail, ValidationError
from lanner._extract.markers import Source
from lanner._extract.params import Decoder, build_decoder
from lanner._extract.plan import Param, PlanError, group_fields, is_group, strip_optional
from lanner._multipart import FormLimits, read_form

__all__ = ["FormDecoder"]

_VALUE, _FILE, _FILES = 0, 1, 2
_MISSING: Final = "Missing required form field"


class FormDecoder:
    """Reads and validates one route's `Form[T]`."""

    __slots__ = ("_fields", "_limits", "_type")

    def __init__(self, annotation: object, limits: FormLimits) -> None:
        form_type = strip_optional(annotation)
        if not (isinstance(form_type, type) and is_group(form_type)):
            raise PlanError(
                f"reads a Form of {annotation!r}; a Form is a msgspec Struct, dataclass or TypedDict "
                "whose fields are the form's fields"
            )
        self._type: type = form_type
        self._limits = limits
        self._fields = tuple((param, *_kind(param)) for param in group_fields(form_type, Source.FORM))

    async def decode(self, content_type: str, chunks: AsyncIterator[bytes], uploads: list[UploadFile]) -> object:
        """The validated `T`; 415 for another body, 413/400 past a limit, 400 when invalid."""
        media_type, params = parse_content_type(content_type)
        pairs = await read_form(media_type, params, chunks, self._limits, uploads)
        multi: dict[str, list[str | UploadFile]] = {}
        for name, value in pairs:
            multi.setdefault(name, []).append(value)
        values: dict[str, object] = {}
        errors: list[ErrorDetail] = []
        for param, kind, decode in self._fields:
            found = multi.get(param.wire)
            if found is None:
                if param.required:
                    errors.append(ErrorDetail("form", param.wire, _MISSING))
                continue
            files = [item for item in found if isinstance(item, UploadFile)]
            texts = [item for item in found if isinstance(item, str)]
            if kind == _FILE or kind == _FILES:
                if not files:
                    errors.append(ErrorDetail("form", param.wire, "Expected a file, got a text field"))
                else:
                    values[param.wire] = files if kind == _FILES else files[-1]
                continue
            if not texts:
                errors.append(ErrorDetail("form", param.wire, "Expected a text field, got a file"))
                continue
            raw: object = texts if param.many else texts[-1]
            try:
                values[param.wire] = raw if decode is None else decode(raw)
            except msgspec.ValidationError as exc:
                message, _, where = str(exc).partition(" - at `$")
                errors.append(ErrorDetail("form", param.wire + where.rstrip("`"), message))
        if errors:
            raise ValidationError(errors)
        try:
            return msgspec.convert(values, self._type, strict=False)
        except msgspec.ValidationError as exc:
            message, _, where = str(exc).partition(" - at `$")
            raise ValidationError([ErrorDetail("form", where.rstrip("`").lstrip(".") or "$", message)]) from None


def _kind(param: Param) -> tuple[int, Decoder | None]:
    if param.bare is UploadFile:
        return _FILE, None
    if param.many and UploadFile in get_args(param.bare):
        return _FILES, None
    return _VALUE, build_decoder(param)
