"""Rebate programs, tracked links, clicks, conversions (postbacks and report imports), claims,
the earnings ledger and payouts."""
