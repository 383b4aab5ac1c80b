"""The plugin's settings: `[lanner.mypy]` in mypy.ini/setup.cfg, `[tool.lanner.mypy]` in pyproject.toml.

```ini
[lanner.mypy]
type_encoders = myapp.money.Money, myapp.geo.Point
```

`type_encoders` names the classes that an App- or Router-level `type_encoders=` handles:
the plugin cannot see those layers from a handler, so it takes them from here.
"""

from __future__ import annotations

import configparser
import tomllib

import msgspec


class Config(msgspec.Struct, frozen=True):
    type_encoders: frozenset[str] = frozenset()
    """Full names of classes some layer's `type_encoders` encodes (subclasses included)."""


def read_config(config_file: str | None) -> Config:
    """The plugin's settings from mypy's config file (none: the defaults)."""
    if config_file is None:
        return Config()
    if config_file.endswith(".toml"):
        with open(config_file, "rb") as file:
            section = tomllib.load(file).get("tool", {}).get("lanner", {}).get("mypy", {})
        value = section.get("type_encoders", [])
        names = [value] if isinstance(value, str) else [str(v) for v in value]
    else:
        parser = configparser.ConfigParser()
        parser.read(config_file, encoding="utf-8")
        raw = parser.get("lanner.mypy", "type_encoders", fallback="")
        names = raw.replace("\n", ",").split(",")
    return Config(frozenset(name.strip() for name in names if name.strip()))
