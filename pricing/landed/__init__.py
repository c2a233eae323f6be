"""Landed cost: what an overseas item costs at the shopper's door, by every route.

Rules are data (`config/destinations/<CC>.yaml`, `config/categories.yaml`,
`config/forwarders.yaml`); the code here reads them and does the arithmetic in `Decimal`.
`resolve.py` decides which rules apply and `charges.py` works out the amounts, once, for both
the explained breakdown (`quote.py`) and the bulk totals of the search index (`fast.py`).
"""
