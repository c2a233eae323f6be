"""Messages that live in data files, listed here so `pybabel extract` finds them.

The canonical category names come from config/categories.yaml; the search page shows them
through gettext (web.priced_search.category_names).
"""

from flask_babel import lazy_gettext as _l

CATEGORY_NAMES = (
    _l("Infant formula and baby food"),
    _l("Vitamins, supplements and health food"),
    _l("Skincare and ordinary cosmetics"),
    _l("High-end cosmetics (China consumption tax applies)"),
    _l("Electronics and electrical appliances"),
    _l("Clothing and textiles"),
    _l("Footwear"),
    _l("Toys and games"),
    _l("Anything else"),
)
