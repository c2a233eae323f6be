"""Pricing: money, exchange rates and their sources, destination rules and the landed cost."""
