"""lanner: typed handlers compiled once into fast ASGI pipelines.

Every public name is importable from here; `lanner.testing` holds the test clients.
"""

from lanner._app import App
from lanner._connection.accept import Accept
from lanner._connection.datastructures import Address, Headers, MultiDict
from lanner._connection.request import Request
from lanner._connection.upload import UploadFile
from lanner._connection.url import URL
from lanner._errors import (
    BadRequest,
    Conflict,
    ErrorDetail,
    HTTPError,
    ImproperlyConfigured,
    InternalServerError,
    MethodNotAllowed,
    NotAcceptable,
    NotAuthorized,
    NotFound,
    PayloadTooLarge,
    PermissionDenied,
    ServiceUnavailable,
    TooManyRequests,
    UnsupportedMediaType,
    ValidationError,
)
from lanner._exception_handlers import ExceptionHandler
from lanner._extract.markers import (
    Alias,
    Body,
    BodyStream,
    Cookie,
    Extract,
    Form,
    Header,
    Path,
    Query,
    State,
)
from lanner._layers import HandlerOptions, LayerOptions
from lanner._media import MediaType
from lanner._openapi.config import OpenAPIConfig
from lanner._respond.background import BackgroundTask, BackgroundTasks
from lanner._respond.files import File
from lanner._respond.redirect import Redirect
from lanner._respond.response import Response
from lanner._respond.pagination import (
    AsyncClassicPaginator,
    AsyncCursorPaginator,
    AsyncOffsetPaginator,
    ClassicPagination,
    ClassicPaginator,
    CursorPagination,
    CursorPaginator,
    OffsetPagination,
    OffsetPaginator,
)
from lanner._respond.streams import ServerSentEvent, SSEMessage, Stream
from lanner._respond.templates import Template, TemplateEngine
from lanner._respond.values import CacheControlHeader, ETag, ResponseHeader, SetCookie
from lanner._routing.decorators import (
    Routable,
    RouteDecorator,
    RouteHandler,
    delete,
    get,
    head,
    options,
    patch,
    post,
    put,
    route,
)
from lanner._routing.router import Router
from lanner._types import ASGIApp, Message, Receive, Scope, Send
from lanner._websocket.connection import WebSocket, WebSocketDisconnect
from lanner._websocket.decorators import (
    WebSocketDecorator,
    WebSocketHandler,
    WebSocketOptions,
    websocket,
    websocket_listener,
)

__version__ = "0.1.0"

__all__ = [
    "Accept",
    "Address",
    "Alias",
    "App",
    "ASGIApp",
    "AsyncClassicPaginator",
    "AsyncCursorPaginator",
    "AsyncOffsetPaginator",
    "BackgroundTask",
    "BackgroundTasks",
    "BadRequest",
    "Body",
    "BodyStream",
    "CacheControlHeader",
    "ClassicPagination",
    "ClassicPaginator",
    "Conflict",
    "Cookie",
    "CursorPagination",
    "CursorPaginator",
    "delete",
    "ErrorDetail",
    "ETag",
    "ExceptionHandler",
    "Extract",
    "File",
    "Form",
    "get",
    "HandlerOptions",
    "head",
    "Header",
    "Headers",
    "HTTPError",
    "ImproperlyConfigured",
    "InternalServerError",
    "LayerOptions",
    "MediaType",
    "Message",
    "MethodNotAllowed",
    "MultiDict",
    "NotAcceptable",
    "NotAuthorized",
    "NotFound",
    "OffsetPagination",
    "OffsetPaginator",
    "OpenAPIConfig",
    "options",
    "patch",
    "Path",
    "PayloadTooLarge",
    "PermissionDenied",
    "post",
    "put",
    "Query",
    "Receive",
    "Redirect",
    "Request",
    "Response",
    "ResponseHeader",
    "Routable",
    "route",
    "RouteDecorator",
    "RouteHandler",
    "Router",
    "Scope",
    "Send",
    "ServerSentEvent",
    "ServiceUnavailable",
    "SetCookie",
    "SSEMessage",
    "State",
    "Stream",
    "Template",
    "TemplateEngine",
    "TooManyRequests",
    "UnsupportedMediaType",
    "UploadFile",
    "URL",
    "ValidationError",
    "WebSocket",
    "websocket",
    "websocket_listener",
    "WebSocketDecorator",
    "WebSocketDisconnect",
    "WebSocketHandler",
    "WebSocketOptions",
]
