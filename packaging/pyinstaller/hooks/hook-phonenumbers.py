"""Replaces the contributed hook, which takes every submodule: only the number metadata is
needed here, not the place-name, carrier and time-zone tables (about 40 MB of source)."""

from PyInstaller.utils.hooks import collect_submodules

UNUSED = ("geocoder", "geodata", "carrier", "carrierdata", "timezone", "tzdata")

hiddenimports = collect_submodules(
    "phonenumbers",
    filter=lambda name: (
        not any(
            name == f"phonenumbers.{unused}" or name.startswith(f"phonenumbers.{unused}.")
            for unused in UNUSED
        )
    ),
)
