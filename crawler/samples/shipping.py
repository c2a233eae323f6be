"""The sample stores' shipping tables, written into their stores-file entries.

Realistic shapes for each kind of shop (a US supplement store shipping worldwide by weight,
a German pharmacy free at home above €29, a Korean beauty mall with bonded stock in China, …),
priced in each store's currency. They feed the landed-cost routes of the demo and the tests.
"""

from __future__ import annotations


def _rate(flat: str, per_kg: str = "0", step: str | None = None, free: str | None = None) -> dict:
    rate = {"flat": flat, "per_kg": per_kg}
    if step is not None:
        rate["step_kg"] = step
    if free is not None:
        rate["free_over"] = free
    return rate


SAMPLE_SHIPPING: dict[str, dict] = {
    "us-vitashop": {
        "cbec_platform": True,
        "shipping": {
            "mode": "post",
            "destinations": {
                "US": _rate("5.99", free="35"),
                "CN": _rate("6", "3", "0.5", free="60"),
                "*": _rate("9.99", "4", "0.5", free="80"),
            },
            "domestic": _rate("5.99", free="35"),
        },
    },
    "uk-chemist": {
        "shipping": {
            "mode": "courier",
            "destinations": {
                "GB": _rate("3.99", free="40"),
                "CN": _rate("12", "5", "0.5"),
                "*": _rate("9.95", "3.5", "0.5"),
            },
            "domestic": _rate("3.99", free="40"),
        },
    },
    "de-apotheke": {
        "cbec_platform": True,
        "shipping": {
            "mode": "post",
            "destinations": {
                "DE": _rate("3.95", free="29"),
                "FR": _rate("6.90", free="49"),
                "CN": _rate("14.90", "6", "1"),
                "*": _rate("19.90", "6", "1"),
            },
            "domestic": _rate("3.95", free="29"),
            "bonded": {"CN": _rate("0")},
        },
    },
    "fr-pharmacie": {
        "shipping": {
            "mode": "post",
            "destinations": {
                "FR": _rate("4.90", free="39"),
                "DE": _rate("7.90", free="59"),
                "*": _rate("17.90", "7", "1"),
            },
            "domestic": _rate("4.90", free="39"),
        },
    },
    "jp-rakuichi": {
        "cbec_platform": True,
        "shipping": {
            "mode": "post",
            "destinations": {
                "JP": _rate("600", free="5000"),
                "CN": _rate("1400", "1200", "0.5"),
                "*": _rate("1800", "1600", "0.5"),
            },
            "domestic": _rate("600", free="5000"),
        },
    },
    "kr-beautymall": {
        "shipping": {
            "mode": "courier",
            "destinations": {
                "KR": _rate("3000", free="50000"),
                "CN": _rate("9000", "5000", "0.5", free="150000"),
                "*": _rate("15000", "8000", "0.5"),
            },
            "domestic": _rate("3000", free="50000"),
            "bonded": {"CN": _rate("0")},
        },
    },
    "au-pharmacy": {
        "cbec_platform": True,
        "shipping": {
            "mode": "post",
            "destinations": {
                "AU": _rate("9.95", free="100"),
                "CN": _rate("12", "8", "1"),
                "*": _rate("15", "10", "1"),
            },
            "domestic": _rate("9.95", free="100"),
            "bonded": {"CN": _rate("0")},
        },
    },
    "hk-gadgets": {
        "shipping": {
            "mode": "courier",
            "destinations": {
                "HK": _rate("30", free="300"),
                "CN": _rate("40", "20", "0.5", free="800"),
                "*": _rate("120", "60", "0.5"),
            },
            "domestic": _rate("30", free="300"),
        },
    },
    # The stores that serve the other catalog formats: domestic shoppers and forwarders only,
    # as many real shops do (no direct mail abroad).
    "de-drogerie": {
        "shipping": {
            "mode": "post",
            "destinations": {"DE": _rate("4.95", free="25")},
            "domestic": _rate("4.95", free="25"),
        },
    },
    "us-megamart": {
        "shipping": {
            "mode": "courier",
            "destinations": {"US": _rate("6.99", free="50"), "CA": _rate("14.99", "3", "0.5")},
            "domestic": _rate("6.99", free="50"),
        },
    },
    "jp-denki": {
        "shipping": {
            "mode": "courier",
            "destinations": {"JP": _rate("550", free="3980")},
            "domestic": _rate("550", free="3980"),
        },
    },
    "uk-beautyhall": {
        "shipping": {
            "mode": "post",
            "destinations": {"GB": _rate("2.99", free="25"), "*": _rate("12.99", "4", "0.5")},
            "domestic": _rate("2.99", free="25"),
        },
    },
}
