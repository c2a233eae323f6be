"""The site's catalogs outside a request: compiled when missing or older, read per language."""

from __future__ import annotations

import os
import shutil

from core.catalogs import TRANSLATIONS, catalog, compile_catalogs


def test_a_catalog_is_compiled_when_missing_or_older_and_left_alone_otherwise(tmp_path):
    folder = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS / "zh", folder / "zh", ignore=shutil.ignore_patterns("*.mo"))
    mo = folder / "zh" / "LC_MESSAGES" / "messages.mo"
    assert compile_catalogs(folder) == [mo] and mo.stat().st_size > 0
    assert compile_catalogs(folder) == []
    po = mo.with_suffix(".po")
    os.utime(po, (mo.stat().st_mtime + 10,) * 2)
    assert compile_catalogs(folder) == [mo]


def test_chinese_is_read_from_the_catalog_and_english_as_written():
    assert catalog("zh").gettext("Your Haitao account") == "您的海淘账户"
    assert catalog("en").gettext("Your Haitao account") == "Your Haitao account"
    assert catalog("xx").gettext("Your Haitao account") == "Your Haitao account"
