"""Helpers for tests that run real crawls (`haitao crawl` in a child process) of sample stores
serving the non-Shopify formats, with faults switched on per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from sqlalchemy import func, select

from core.db import session_factory
from core.settings import Settings
from core.stores import load_stores
from core.tables import CrawlRun, Offer, Product
from crawler import upsert
from crawler.samples.assortment import sample_store
from crawler.samples.server import SampleStoreServer
from tests import databases
from tests.conftest import haitao_env, run_haitao

# One store per format, with small pages so that a fault on page 2 hides later pages.
STORES = ("us-vitashop", "de-drogerie", "us-megamart", "jp-denki", "uk-beautyhall")
OVERRIDES = {"page_size": 50, "download_timeout": 1.0}


def start_server() -> SampleStoreServer:
    return SampleStoreServer(
        profiles=[sample_store(s) for s in STORES],
        ports=dict.fromkeys(STORES, 0),
        log_requests=True,
    ).start()


def prepare_home(home: Path, server: SampleStoreServer) -> dict[str, str]:
    """A data directory with a migrated database and a stores file for `server`'s stores."""
    stores = yaml.safe_load(server.stores_yaml())
    for entry in stores["stores"]:
        entry.update(OVERRIDES)
    env = haitao_env(home, write_stores(home / "stores.yaml", stores))
    result = run_haitao("db", "upgrade", env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    return env


def write_stores(path: Path, stores: dict) -> Path:
    path.write_text(yaml.safe_dump(stores, allow_unicode=True), encoding="utf-8")
    return path


def edit_store(env: dict[str, str], store_id: str, **changes) -> None:
    """Change one entry of the home's stores file; a change to None removes the field."""
    path = Path(env["HAITAO_STORES"])
    stores = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(e for e in stores["stores"] if e["id"] == store_id)
    entry.update(changes)
    for field in [f for f, value in changes.items() if value is None]:
        del entry[field]
    write_stores(path, stores)


def copy_home(source: Path, target: Path) -> dict[str, str]:
    shutil.copytree(source, target, dirs_exist_ok=True)
    if databases.ON_POSTGRES:  # the catalog is not in the folder there
        databases.copy_file_database(source, target)
    return haitao_env(target, target / "stores.yaml")


def crawl(env: dict[str, str], *store_ids: str):
    return run_haitao_crawl(env, *store_ids)


def run_haitao_crawl(env: dict[str, str], *args: str):
    """`haitao crawl ARGS` without re-indexing, quiet but for warnings."""
    return run_haitao("crawl", *args, "--no-index", "--log-level", "WARNING", env=env)


def add_unlisted_product(env: dict[str, str], store_id: str) -> None:
    """A product `withdrawn` that an earlier crawl found and the store no longer lists."""
    store = load_stores(Path(env["HAITAO_STORES"]))[store_id]
    with sessions(env).begin() as session:
        upsert.sync_store(session, store)
        session.add(Product(store_id=store_id, external_id="withdrawn", title="Old",
                            url=f"{store.url}/products/withdrawn"))  # fmt: skip


def gone(env: dict[str, str], store_id: str) -> set[str]:
    """External ids of the store's products marked gone."""
    with sessions(env)() as session:
        query = select(Product.external_id).where(
            Product.store_id == store_id, Product.gone_at.is_not(None)
        )
        return set(session.scalars(query))


def sessions(env: dict[str, str]):
    return session_factory(Settings.from_env(env).database_url)


def latest_run(env: dict[str, str], store_id: str) -> CrawlRun:
    with sessions(env)() as session:
        query = select(CrawlRun).where(CrawlRun.store_id == store_id)
        return session.scalars(query.order_by(CrawlRun.id.desc())).first()


def counts(env: dict[str, str], store_id: str) -> dict[str, int]:
    """Products and offers of a store in the catalog, and how many of them are gone."""
    with sessions(env)() as session:
        products = select(func.count()).select_from(Product).where(Product.store_id == store_id)
        offers = select(func.count()).select_from(Offer).join(Product)
        offers = offers.where(Product.store_id == store_id)
        return {
            "products": session.scalar(products),
            "products_gone": session.scalar(products.where(Product.gone_at.is_not(None))),
            "offers": session.scalar(offers),
            "offers_gone": session.scalar(offers.where(Offer.gone_at.is_not(None))),
        }
