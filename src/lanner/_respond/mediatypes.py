"""Media types by file name, from a fixed table.

Python's `mimetypes` reads the host's `/etc/mime.types`, so the same file would be served
differently on different machines; this table answers the same everywhere.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Final

__all__ = ["guess_media_type"]

_TYPES: Final = {
    ".aac": "audio/aac", ".avif": "image/avif", ".avi": "video/x-msvideo", ".bin": "application/octet-stream",
    ".bmp": "image/bmp", ".css": "text/css", ".csv": "text/csv", ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".epub": "application/epub+zip", ".gif": "image/gif", ".gz": "application/gzip", ".htm": "text/html",
    ".html": "text/html", ".ico": "image/vnd.microsoft.icon", ".ics": "text/calendar", ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg", ".js": "text/javascript", ".json": "application/json", ".jsonld": "application/ld+json",
    ".md": "text/markdown", ".mjs": "text/javascript", ".mp3": "audio/mpeg", ".mp4": "video/mp4",
    ".mpeg": "video/mpeg", ".msgpack": "application/vnd.msgpack", ".oga": "audio/ogg", ".ogg": "audio/ogg",
    ".ogv": "video/ogg", ".otf": "font/otf", ".pdf": "application/pdf", ".png": "image/png",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".rtf": "application/rtf", ".svg": "image/svg+xml", ".tar": "application/x-tar", ".tif": "image/tiff",
    ".tiff": "image/tiff", ".ttf": "font/ttf", ".txt": "text/plain", ".wasm": "application/wasm",
    ".wav": "audio/wav", ".weba": "audio/webm", ".webm": "video/webm", ".webmanifest": "application/manifest+json",
    ".webp": "image/webp", ".woff": "font/woff", ".woff2": "font/woff2", ".xhtml": "application/xhtml+xml",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xml": "application/xml", ".yaml": "application/yaml", ".yml": "application/yaml", ".zip": "application/zip",
    ".7z": "application/x-7z-compressed",
}  # fmt: skip


def guess_media_type(name: str | PurePath) -> str:
    """The media type for a file name; text types say UTF-8; unknown is octet-stream.

    >>> guess_media_type("logo.webp"), guess_media_type("notes.TXT"), guess_media_type("x.unknown")
    ('image/webp', 'text/plain; charset=utf-8', 'application/octet-stream')
    """
    media_type = _TYPES.get(PurePath(name).suffix.lower(), "application/octet-stream")
    if media_type.startswith("text/") or media_type in ("application/json", "image/svg+xml"):
        return media_type + "; charset=utf-8"
    return media_type
