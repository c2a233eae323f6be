"""Alerts on what a parcel really costs: a shopper's alert on a product and their destination
fires when the net delivered cost (after cashback) reaches a target, drops by N %, or the
product is back in stock; an exchange-rate move alone can fire one.

`tables` holds the alerts and what they fired; `costs` prices a product's offers delivered to a
destination through `pricing`; `rules` decides (hysteresis, one message a day, a minimum saving);
`evaluate` runs the rules over every active alert; `delivery` sends by SMTP or webhook, each
e-mail with a signed one-click unsubscribe link (`tokens`).

Alerts know nothing of users beyond what the caller gives them (the address to write to): the
user rows live with the rebates, which this package must not import.
"""
