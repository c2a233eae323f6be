"""tantivy beside the embedded backend in `bench/search.py`: same documents, same answers.

tantivy (a Lucene-like engine in Rust) runs through its official Python bindings
(`pip install 'haitao[bench]'`). It is fed the project's own analysed text
(`indexer.text.index_terms`: folded, CJK runs as bigrams) as the embedded index's FTS5
tokenizer turns it into terms: every distinct word goes once through that very tokenizer
(`Stems`), so both engines index the same terms (tantivy's Snowball stemmer would conflate
other words than FTS5's Porter).

It answers a `SearchQuery` with a `SearchResults`, as a backend would: every clause of the
query (`indexer.matching`) as its words in any text field (a CJK run as a phrase of its
bigrams) or one of its concepts (scoring nothing, as in the embedded index), filters as
fast-field queries, sorts by fast field, facets through its aggregations, and the grouping
the bindings lack done here (group heads in sort order, then one query for the page's
groups' members). Its hits carry the same stored document, decoded and highlighted as the
embedded backend does, with the same caches (decoded documents per searcher, as the embedded
backend keeps them per index generation, and highlights per title and query): the same
work per answer on both sides.

Known difference: the total of groups is tantivy's cardinality aggregation (HyperLogLog,
approximate); the check in `bench/search.py` allows it 2 %.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import tantivy
from tantivy import Document, Occur, Order, Query

from indexer.backends.embedded.schema import group_id, micros
from indexer.backends.embedded.sql import STALE_OFFSET
from indexer.concepts import token
from indexer.documents import DESTINATIONS, PIVOT, SearchDocument
from indexer.fields import dump, load
from indexer.matching import clauses_of
from indexer.query import SearchHit, SearchQuery, SearchResults, band_label
from indexer.text import bigrams, highlight, index_terms, is_cjk, query_terms
from pricing.money import Money

TOKENIZER = "porter unicode61 remove_diacritics 2"  # the embedded index's (schema.TABLES)
TEXT = ("title", "brand", "category", "description")
BOOSTS = (10.0, 4.0, 2.0, 1.0)  # the embedded backend's bm25 column weights
KEYWORDS = ("store_id", "brand_kw", "category_kw", "store_country")
FACET_FIELDS = {"store_id": "store_id", "brand": "brand_kw", "category": "category_kw"}
_SPREAD = 2**21  # order keys carry the insertion position below this: ties go as in SQLite
_NO_COST = 2**62 // _SPREAD  # a missing landed cost sorts last
FACET_LIMIT = 50
_DOCUMENTS = 8192  # decoded documents kept, as the embedded backend keeps them
_highlight = lru_cache(maxsize=4096)(highlight)


_WORD = re.compile(r"[^\W_]+")  # unicode61's token characters: letters and digits


class Stems:
    """Words → the terms FTS5's `porter unicode61 remove_diacritics 2` makes of them."""

    def __init__(self) -> None:
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute(f"CREATE VIRTUAL TABLE w USING fts5(word, tokenize = '{TOKENIZER}')")
        self.conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(w, instance)")
        self.terms: dict[str, tuple[str, ...]] = {}
        self.texts: dict[str, str] = {}

    def learn(self, texts: Iterable[str]) -> None:
        """Put every new word of `texts` through FTS5 once (in one batch)."""
        new = list({word for text in texts for word in _WORD.findall(text)} - self.terms.keys())
        self.conn.executemany("INSERT INTO w (rowid, word) VALUES (?, ?)", enumerate(new))
        found: dict[int, list[str]] = defaultdict(list)
        for term, doc in self.conn.execute("SELECT term, doc FROM v ORDER BY doc, offset"):
            found[doc].append(term)
        self.terms.update((word, tuple(found[i])) for i, word in enumerate(new))
        self.conn.execute("DELETE FROM w")

    def of(self, text: str) -> str:
        """The text's terms, space-separated (remembered: stemming in Python is this
        bench's stand-in for tantivy's own analysis, which would run in Rust)."""
        if (known := self.texts.get(text)) is not None:
            return known
        words = _WORD.findall(text)
        if not self.terms.keys() >= set(words):
            self.learn([text])
        self.texts[text] = terms = " ".join(t for word in words for t in self.terms[word])
        return terms


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for name in TEXT:
        builder.add_text_field(name, tokenizer_name="whitespace")
    for name in KEYWORDS:
        builder.add_text_field(name, fast=True, tokenizer_name="raw")
    builder.add_text_field("concepts", tokenizer_name="raw")  # one value per concept
    for name in ("available", "rebate", "price", "group_id", "store_code", "position"):
        builder.add_integer_field(name, indexed=True, fast=True)
    for dest in DESTINATIONS:
        for name in (f"landed_{dest}", f"direct_{dest}", f"sort_{dest}"):
            builder.add_integer_field(name, indexed=True, fast=True)
    builder.add_bytes_field("payload", stored=True)
    return builder.build()


class TantivyEngine:
    """An in-memory tantivy index of search documents, answering `SearchQuery`s."""

    name = "tantivy"

    def __init__(self, folder: Path) -> None:
        self.folder, self.built = folder, 0
        self.schema = schema()
        self.stems = Stems()
        self.stores: dict[str, int] = {}

    def rebuild(self, docs: list[SearchDocument]) -> int:
        """A new index on disk (in a fresh subfolder), as a server would keep it; the older
        ones go once it is built."""
        self.built += 1
        path = self.folder / f"index-{self.built}"
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        self.index, self.stores = tantivy.Index(self.schema, path=str(path)), {}
        texts = [[index_terms(getattr(doc, f) or "") for f in TEXT] for doc in docs]
        self.stems.learn(text for fields in texts for text in fields)
        writer = self.index.writer(heap_size=400_000_000, num_threads=0)
        for position, (doc, analysed) in enumerate(zip(docs, texts, strict=True)):
            writer.add_document(self._document(position, doc, analysed))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher, self.documents = self.index.searcher(), {}
        for old in self.folder.glob("index-*"):
            if old != path:
                shutil.rmtree(old)
        return len(docs)

    def reopen(self) -> bool:
        """Open the index a previous run left in the folder; False if there is none."""
        built = [meta.parent for meta in self.folder.glob("index-*/meta.json")]
        if len(built) != 1:
            return False
        self.index = tantivy.Index(self.schema, path=str(built[0]), reuse=True)
        self.built = int(built[0].name.removeprefix("index-"))
        self.index.reload()
        self.searcher, self.documents = self.index.searcher(), {}
        return True

    def _document(self, position: int, doc: SearchDocument, texts: list[str]) -> Document:
        values: dict[str, object] = {
            **{f: self.stems.of(text) for f, text in zip(TEXT, texts, strict=True)},
            "store_id": doc.store_id,
            "store_country": doc.store_country,
            "available": int(doc.available),
            "rebate": micros(doc.rebate_rate or Decimal(0)),
            "price": micros(doc.price_pivot.amount),
            "group_id": group_id(doc.group_key),
            "store_code": self.stores.setdefault(doc.store_id, len(self.stores)),
            "position": position,
            "payload": dump(doc),
        }
        if doc.concepts:
            values["concepts"] = [token(concept) for concept in doc.concepts]
        if doc.brand is not None:
            values["brand_kw"] = doc.brand
        if doc.category is not None:
            values["category_kw"] = doc.category
        for dest in DESTINATIONS:
            landed = doc.landed.get(dest)
            cost = _NO_COST if landed is None else micros(landed.amount)
            if landed is not None:
                values[f"landed_{dest}"] = cost
                cost += int(doc.stale) * STALE_OFFSET
            values[f"sort_{dest}"] = cost * _SPREAD + position
            values[f"direct_{dest}"] = int(dest in doc.direct_to)
        return Document(**values)

    def close(self) -> None:
        pass

    # -- querying

    def search(self, query: SearchQuery) -> SearchResults:
        found = self._query(query)
        if found is None:
            return SearchResults([], 0, 0, {facet: [] for facet in query.facets})
        searcher = self.searcher
        heads, total_offers = self._heads(searcher, found, query)
        stats = self._group_stats(searcher, found, [gid for gid, _, _ in heads])
        hits = [self._hit(searcher, head, stats, query.text) for head in heads]
        total = round(searcher.cardinality(found, "group_id")) if total_offers else 0
        return SearchResults(hits, total, total_offers, self._facets(searcher, found, query))

    def _query(self, query: SearchQuery) -> Query | None:
        """Every clause (`indexer.matching`): its words in any text field, or one of its
        concepts, which scores nothing (as in the embedded index's bm25 weights)."""
        parts = []
        for clause in clauses_of(query_terms(query.text)):
            options = []
            words = self._clause_words(clause.words)
            if words is not None:
                options.append((Occur.Should, words))
            if clause.concepts:
                tags = [token(concept) for concept in clause.concepts]
                concepts = Query.term_set_query(self.schema, "concepts", tags)
                options.append((Occur.Should, Query.boost_query(concepts, 0.0)))
            if not options:
                return None
            parts.append((Occur.Must, Query.boolean_query(options)))
        parts += [(Occur.Must, q) for q in self._filters(query)]
        return Query.boolean_query(parts) if parts else Query.all_query()

    def _clause_words(self, terms: tuple[str, ...]) -> Query | None:
        """Every term in any text field (a CJK run as a phrase of its bigrams); None if a
        term has no word to search for."""
        parts = []
        for term in terms:
            words = self.stems.of(bigrams(term) if is_cjk(term) else term).split()
            if not words:
                return None
            per_field = [
                (Occur.Should, Query.boost_query(self._words(field, words), boost))
                for field, boost in zip(TEXT, BOOSTS, strict=True)
            ]
            parts.append((Occur.Must, Query.boolean_query(per_field)))
        return Query.boolean_query(parts)

    def _words(self, field: str, words: list[str]) -> Query:
        if len(words) == 1:
            return Query.term_query(self.schema, field, words[0])
        return Query.phrase_query(self.schema, field, words)

    def _filters(self, query: SearchQuery) -> list[Query]:
        dest, schema = query.destination, self.schema
        filters = []
        for field, values in (
            ("store_id", query.stores),
            ("brand_kw", query.brands),
            ("category_kw", query.categories),
            ("store_country", query.store_countries),
        ):
            if values:
                filters.append(Query.term_set_query(schema, field, list(values)))
        if query.in_stock:
            filters.append(Query.term_query(schema, "available", 1))
        if query.has_rebate:
            filters.append(_range(schema, "rebate", 1, None))
        if query.direct_only:
            filters.append(Query.term_query(schema, f"direct_{dest}", 1))
        if query.landed_min is not None or query.landed_max is not None:
            low, high = (
                None if b is None else micros(b) for b in (query.landed_min, query.landed_max)
            )
            filters.append(_range(schema, f"landed_{dest}", low, high))
        return filters

    def _heads(self, searcher, found: Query, query: SearchQuery) -> tuple[list[tuple], int]:
        """(group, score, address) of the page's group heads, and the matching documents."""
        if query.sort not in ("relevance", "landed_asc"):
            raise ValueError(f"the tantivy side of the bench has no sort {query.sort!r}")
        by_cost = {"order_by_field": f"sort_{query.destination}", "order": Order.Asc}
        options = by_cost if query.sort == "landed_asc" else {}
        wanted, limit = query.offset + query.size, 4 * (query.offset + query.size)
        while True:
            result = searcher.search(found, limit, count=True, **options)
            addresses = [address for _, address in result.hits]
            groups = searcher.fast_field_values("group_id", addresses)
            heads: dict[int, tuple] = {}
            for (key, address), gid in zip(result.hits, groups, strict=True):
                if gid not in heads:
                    heads[gid] = (gid, key if query.sort == "relevance" else 0.0, address)
            if len(heads) >= wanted or len(addresses) < limit:
                return list(heads.values())[query.offset : wanted], result.count
            limit *= 4

    def _group_stats(self, searcher, found: Query, groups: list[int]) -> dict[int, tuple]:
        """group → (offers, stores, cheapest price in micros), of the matching documents."""
        if not groups:
            return {}
        members = Query.boolean_query(
            [
                (Occur.Must, found),
                (Occur.Must, Query.term_set_query(self.schema, "group_id", groups)),
            ]
        )
        result = searcher.search(members, 1000, count=True)
        if result.count > 1000:
            result = searcher.search(members, result.count)
        addresses = [address for _, address in result.hits]
        columns = [
            searcher.fast_field_values(f, addresses) for f in ("group_id", "store_code", "price")
        ]
        offers: dict[int, list] = defaultdict(list)
        for gid, store, price in zip(*columns, strict=True):
            offers[gid].append((store, price))
        return {
            gid: (len(rows), len({s for s, _ in rows}), min(p for _, p in rows))
            for gid, rows in offers.items()
        }

    def _hit(self, searcher, head: tuple, stats: dict, text: str) -> SearchHit:
        gid, score, address = head
        doc = self.documents.get(key := (address.segment_ord, address.doc))
        if doc is None:
            doc = self.documents[key] = load(searcher.doc(address).get_first("payload"))
            if len(self.documents) > _DOCUMENTS:
                del self.documents[next(iter(self.documents))]
        offers, stores, cheapest = stats[gid]
        price = Money((Decimal(cheapest) / 10**6).normalize(), PIVOT)
        return SearchHit(doc, _highlight(doc.title, text), float(score), offers, stores, price)

    def _facets(self, searcher, found: Query, query: SearchQuery) -> dict[str, list]:
        aggregations: dict[str, dict] = {}
        for facet in query.facets:
            if facet in FACET_FIELDS:
                aggregations[facet] = {"terms": {"field": FACET_FIELDS[facet], "size": 10_000}}
            elif facet == "direct":
                field = f"direct_{query.destination}"
                aggregations[facet] = {"terms": {"field": field, "size": 2}}
            elif facet == "price_band":
                aggregations[facet] = {"range": {"field": "price", "ranges": _ranges(query)}}
        counted = searcher.aggregate(found, aggregations) if aggregations else {}
        facets: dict[str, list] = {}
        for facet in query.facets:
            buckets = counted.get(facet, {}).get("buckets", [])
            if facet == "price_band":
                bands = tuple(sorted(query.price_bands))
                lows = (Decimal(0), *bands)
                pairs = [
                    (band_label(bands, low), b["doc_count"])
                    for low, b in zip(lows, buckets, strict=True)
                    if b["doc_count"]
                ]
                facets[facet] = pairs
                continue
            if facet == "direct":
                pairs = [("yes" if b["key"] == 1 else "no", b["doc_count"]) for b in buckets]
            else:
                pairs = [(b["key"], b["doc_count"]) for b in buckets]
            pairs = [(value, count) for value, count in pairs if count]
            facets[facet] = sorted(pairs, key=lambda vc: (-vc[1], vc[0]))[:FACET_LIMIT]
        return facets


def _range(schema, field: str, low: int | None, high: int | None) -> Query:
    return Query.range_query(schema, field, tantivy.FieldType.Integer, low, high)


def _ranges(query: SearchQuery) -> list[dict]:
    bands = [micros(b) for b in sorted(query.price_bands)]
    lows, highs = [None, *bands], [*bands, None]
    return [
        {key: value for key, value in (("from", low), ("to", high)) if value is not None}
        for low, high in zip(lows, highs, strict=True)
    ]
