"""`lanner run module:app`: serve an App on a real ASGI server (uvicorn).

The app is handed to the server as an import string, so `--workers` and `--reload` work:
each worker process imports it afresh and runs its own lifespan.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lanner", description="lanner command line")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="serve an app with uvicorn")
    run.add_argument(
        "app",
        nargs="?",
        default=os.environ.get("LANNER_APP"),
        help="the app as module:attribute (default: $LANNER_APP)",
    )
    run.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    run.add_argument(
        "--port", type=int, default=int(os.environ.get("PORT", "8000")), help="port (default 8000, or $PORT)"
    )
    run.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY", "1")),
        help="worker processes (default 1, or $WEB_CONCURRENCY)",
    )
    run.add_argument("--reload", action="store_true", help="restart when source files change")
    run.add_argument("--root-path", default="", help="the path prefix a proxy mounts the app at")
    run.add_argument("--log-level", default="info", help="uvicorn's log level (default info)")
    run.add_argument("--app-dir", default=".", help="directory to import the app from (default .)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `lanner` command."""
    args = _parser().parse_args(argv)
    if not args.app or ":" not in args.app:
        print("lanner run: give the app as module:attribute, e.g. lanner run myapi.main:app", file=sys.stderr)
        return 2
    if args.reload and args.workers > 1:
        print("lanner run: --reload and --workers cannot be combined", file=sys.stderr)
        return 2
    try:
        import uvicorn
    except ImportError:
        print("lanner run needs uvicorn: pip install 'lanner[standard]'", file=sys.stderr)
        return 1
    app_dir = os.path.abspath(args.app_dir)
    sys.path.insert(0, app_dir)
    uvicorn.run(
        args.app,
        host=args.host,
        port=args.port,
        workers=args.workers if args.workers > 1 else None,
        reload=args.reload,
        reload_dirs=[app_dir] if args.reload else None,
        root_path=args.root_path,
        log_level=args.log_level,
        lifespan="on",
        app_dir=app_dir,
    )
    return 0
