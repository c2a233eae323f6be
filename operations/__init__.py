"""Operations: crawl schedules as rows, the scheduler, launching and watching crawls (runners),
health rules on finished runs, and the jobs a schedule fires (crawl, rates, reindex, alerts).

Nothing here starts at import: the scheduler starts only from `haitao scheduler`.
"""
