"""The texts of alert messages (e-mails and webhooks), listed so `pybabel extract` finds them.

The alerts write their messages in the shopper's language (`alerts.wording`) from the site's
catalogs, outside any request; extraction reads only the web, so their templates are listed
here. tests/alerts/test_wording.py checks that every one is listed and translated.
"""

# ruff: noqa: E501 (message ids are whole sentences: split, pybabel would not see them as one)
from flask_babel import lazy_gettext as _l

ALERT_WORDS = (
    _l("%(title)s is back in stock."),
    _l(
        "%(title)s: the net delivered cost to %(country)s is now %(cost)s, at or below your target %(target)s."
    ),
    _l(
        "%(title)s: the net delivered cost to %(country)s is now %(cost)s (it was %(was)s), at or below your target %(target)s."
    ),
    _l(
        "%(title)s: the net delivered cost to %(country)s dropped to %(cost)s, at least %(percent)s %% below %(baseline)s."
    ),
    _l(
        "%(title)s: the net delivered cost to %(country)s dropped to %(cost)s (it was %(was)s), at least %(percent)s %% below %(baseline)s."
    ),
    _l("Price alert: %(title)s"),
    _l("Price alert: %(title)s now %(cost)s to %(country)s"),
    _l(
        "Net delivered cost to %(country)s: %(net)s (delivered %(delivered)s, less cashback %(cashback)s) at %(store)s."
    ),
    _l("See it: %(url)s"),
    _l("Stop this alert: %(url)s"),
)
