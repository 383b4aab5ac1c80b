"""The checks, one module each; each takes a `Route` and reports through it.

Every message comes from `lanner._rules`, the module build time takes its words from.
"""
