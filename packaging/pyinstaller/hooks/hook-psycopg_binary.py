"""Replaces the contributed hook, which names a module (``_uuid``) that psycopg-binary 3.3 no
longer has. The package's own modules are listed from its folder: importing it to ask would
fail, since psycopg must be imported first."""

import importlib.util
import pkgutil

_spec = importlib.util.find_spec("psycopg_binary")
_folders = list(_spec.submodule_search_locations or []) if _spec else []
hiddenimports = [f"psycopg_binary.{module.name}" for module in pkgutil.iter_modules(_folders)]
