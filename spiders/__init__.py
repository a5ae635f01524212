"""Scrapy spiders by source kind. They emit RawItems and never touch the database."""
