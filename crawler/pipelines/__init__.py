"""Item pipelines, one job each: normalise → validate → catalog."""
