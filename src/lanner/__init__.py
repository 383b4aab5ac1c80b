"""lanner: typed handlers compiled once into fast ASGI pipelines."""

__version__ = "0.1.0"
