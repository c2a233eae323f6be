"""Exchange rates: the stored rates with their date (`rate_table`), and where they come from:
forex-python, the ECB daily XML and the bundled snapshot (`sources`), fetched and checked by
`refresh`, which records every attempt so an operator can see why a source was skipped.
"""
