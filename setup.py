"""Ship the top-level ``migrations/`` folder inside the package as ``signposting.db.migrations``.

Everything else about the build is in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["signposting*"]), "signposting.db.migrations"],
    package_dir={"signposting.db.migrations": "migrations"},
)
