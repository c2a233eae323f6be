"""Rebate programs, tracked links, clicks, conversions and the earnings ledger (issue 6)."""
