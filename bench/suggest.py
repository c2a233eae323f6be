"""Suggestions benchmark: /api/v1/suggest latency over the names of ~100k documents.

    python bench/suggest.py                    # 100k documents' names
    python bench/suggest.py --docs 20000 --lookups 500

Names come from the sample stores' generator (the same catalog `bench/search.py` indexes:
every store's product titles, brands and category names, in six languages), plus the
vocabulary. Prefixes are what a shopper types on the way to a word: the first 1–6 characters
of brands, title words and vocabulary forms, in English and Chinese. Measured twice: the
suggester's lookup alone (CPU time per lookup), and the whole request through the Flask app
(test client: routing, preferences, JSON), both after building the suggester once (reported).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.samples.assortment import SAMPLE_STORES, generate_catalog
from indexer.concepts import vocabulary
from indexer.suggestions import Name, Suggester, language_of


def names(total: int) -> tuple[list[Name], int]:
    """Names of about `total` documents (one per variant, as the index holds them)."""
    per_store = max(1, total // len(SAMPLE_STORES) * 5 // 6)
    found: list[Name] = []
    documents = 0
    for profile in SAMPLE_STORES:
        lang = language_of(profile.language)
        for product in generate_catalog(profile, products=per_store):
            documents += len(product.variants)
            found.append(Name(product.title, "product", lang, product.vendor))
            found.append(Name(product.product_type, "category", lang))
            found.append(Name(product.vendor, "brand", None))
    return found, documents


def prefixes(count: int, catalog: list[Name], seed: int = 7) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    words = {"en": [], "zh": []}
    for name in catalog:
        if name.language in words:
            words[name.language].extend(name.text.split())
    for concept in vocabulary().concepts.values():
        for lang in words:
            words[lang].extend(concept.forms.get(lang, ()))
    typed = []
    for _ in range(count):
        lang = rng.choice(("en", "zh"))
        word = rng.choice(words[lang])
        typed.append((word[: rng.randint(1, min(6, len(word)))], lang))
    return typed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=2000)
    args = parser.parse_args()
    catalog, documents = names(args.docs)
    start = time.perf_counter()
    suggester = Suggester(catalog, ("en", "zh"))
    built = time.perf_counter() - start
    typed = prefixes(args.lookups, catalog)
    print(f"{documents} documents, {len(catalog)} names; suggester built in {built:.2f} s")
    print(f"load average {os.getloadavg()[0]:.2f}")
    cpu = []
    for prefix, lang in typed:
        start = time.process_time()
        suggester.suggest(prefix, lang)
        cpu.append((time.process_time() - start) * 1000)
    wall, request_cpu = _through_flask(suggester, typed)
    rows = (("lookup (CPU)", cpu), ("request (CPU)", request_cpu), ("request (wall)", wall))
    for label, values in rows:
        print(
            f"{label:15} p50 {statistics.median(values):.3f} ms  p99 {percentile(values, 0.99):.3f}"
            f" ms  max {max(values):.3f} ms"
        )


def _through_flask(
    suggester: Suggester, typed: list[tuple[str, str]]
) -> tuple[list[float], list[float]]:
    from core.settings import Settings
    from web import create_app

    with tempfile.TemporaryDirectory() as home:
        # Every lookup comes from one client: lift the API's per-client limit (#16), as
        # bench/site.py does, or the share past 120 a minute is answered 429.
        settings = Settings.from_env({"HAITAO_HOME": home})
        app = create_app(settings, TESTING=True, API_RATE_LIMIT=100_000_000)
        app.extensions["haitao.suggester"] = (time.monotonic() + 10**6, suggester)
        client = app.test_client()
        client.get("/api/v1/suggest?q=a&lang=en")  # warm up
        wall, cpu = [], []
        for prefix, lang in typed:
            start, start_cpu = time.perf_counter(), time.process_time()
            answer = client.get("/api/v1/suggest", query_string={"q": prefix, "lang": lang})
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            assert answer.status_code == 200, answer.status_code
        app.extensions["haitao.search"].close()
        return wall, cpu


if __name__ == "__main__":
    main()
