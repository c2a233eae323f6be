"""Scrapy project: spiders by catalog format, items, pipelines, the sample stores."""
