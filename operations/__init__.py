"""Operations: crawl schedules as rows, crawl runs and their guard, runners, health rules.

Nothing here starts at import: the scheduler starts only from `haitao scheduler`.
"""
