"""What the demo snapshot holds: each outlet of the days file with its feed's format and channel metadata,
and the real source copies served as they are.

Channel metadata follows what each outlet's live feed publishes (title, home page, language, the zone its
dates are written in); the items themselves come from the days file unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.tiers import DEFAULT as DEFAULT_TIER

_EXTENSIONS = {"rss": "xml", "atom": "atom", "rdf": "rdf"}


@dataclass(frozen=True)
class Outlet:
    publication: str  # the `publication` value in the days file
    key: str  # source key in sources.toml.in and the file name under feeds/
    name: str
    fmt: str  # rss | atom | rdf (RSS 1.0)
    feed_url: str  # where the live feed lives (the feed's self link)
    home: str
    title: str
    description: str
    language: str
    zone: str  # how dates are written: "GMT", "+0000", or a fixed offset such as "-0400"
    tier: str = DEFAULT_TIER
    scraper_tags: tuple[str, ...] = ()  # tags the scraper added (not the feed's own categories)

    @property
    def path(self) -> str:
        return f"feeds/{self.key}.{_EXTENSIONS[self.fmt]}"


@dataclass(frozen=True)
class Copy:
    key: str
    name: str
    kind: str
    tier: str
    source: str  # file name in shared/data/sources/
    enabled: bool = True
    note: str = ""  # why a source is listed but disabled

    @property
    def path(self) -> str:
        return f"copies/{self.source}"


OUTLETS: tuple[Outlet, ...] = (
    Outlet(
        "TechCrunch",
        "techcrunch",
        "TechCrunch",
        "rss",
        "https://techcrunch.com/feed/",
        "https://techcrunch.com/",
        "TechCrunch",
        "Startup and Technology News",
        "en-US",
        "+0000",
        scraper_tags=("techcrunch",),
    ),
    Outlet(
        "Wired",
        "wired",
        "WIRED",
        "rss",
        "https://www.wired.com/feed/rss",
        "https://www.wired.com",
        "WIRED",
        "The latest from www.wired.com",
        "en-US",
        "+0000",
        scraper_tags=("wired",),
    ),
    Outlet(
        "Ars Technica",
        "arstechnica",
        "Ars Technica",
        "rss",
        "https://feeds.arstechnica.com/arstechnica/index",
        "https://arstechnica.com",
        "Ars Technica - All content",
        "All Ars Technica stories",
        "en-US",
        "+0000",
        scraper_tags=("ars-technica",),
    ),
    Outlet(
        "The Verge",
        "theverge",
        "The Verge",
        "atom",
        "https://www.theverge.com/rss/index.xml",
        "https://www.theverge.com",
        "The Verge",
        "The Verge is about technology and how it makes us feel.",
        "en-US",
        "-0400",
        scraper_tags=("the-verge",),
    ),
    Outlet(
        "BBC",
        "bbc",
        "BBC News",
        "rss",
        "https://feeds.bbci.co.uk/news/rss.xml",
        "https://www.bbc.co.uk/news",
        "BBC News",
        "BBC News - News Front Page",
        "en-gb",
        "GMT",
        scraper_tags=("bbc",),
    ),
    Outlet(
        "Al Jazeera",
        "aljazeera",
        "Al Jazeera",
        "rss",
        "https://www.aljazeera.com/xml/rss/all.xml",
        "https://www.aljazeera.com",
        "Al Jazeera \u2013 Breaking News, World News and Video from Al Jazeera",
        "Breaking News, World News and Video from Al Jazeera",
        "en",
        "+0000",
        scraper_tags=("al-jazeera",),
    ),
    Outlet(
        "Guardian",
        "guardian",
        "The Guardian",
        "rss",
        "https://www.theguardian.com/world/rss",
        "https://www.theguardian.com/world",
        "World news | The Guardian",
        "Latest World news news, comment and analysis from the Guardian, the world's leading liberal voice",
        "en-gb",
        "GMT",
        scraper_tags=("guardian",),
    ),
    Outlet(
        "NPR",
        "npr",
        "NPR News",
        "rss",
        "https://feeds.npr.org/1001/rss.xml",
        "https://www.npr.org/",
        "NPR Topics: News",
        "NPR news, audio, and podcasts. Coverage of breaking stories, national and "
        "world news, politics, business, science, technology, and extended coverage of major national and "
        "world events.",
        "en",
        "-0400",
        scraper_tags=("npr",),
    ),
    Outlet(
        "Nature",
        "nature",
        "Nature",
        "rdf",
        "https://www.nature.com/nature.rss",
        "https://www.nature.com/nature",
        "Nature",
        "Nature is the international weekly journal of science.",
        "en",
        "+0000",
        scraper_tags=("nature",),
    ),
    Outlet(
        "New Scientist",
        "newscientist",
        "New Scientist",
        "rss",
        "https://www.newscientist.com/feed/home/",
        "https://www.newscientist.com/",
        "New Scientist - Home",
        "Science news and long reads from expert journalists, covering developments in science, "
        "technology, health and the environment on the website and the magazine.",
        "en",
        "+0000",
        scraper_tags=("new-scientist",),
    ),
    Outlet(
        "MIT Tech Review",
        "technologyreview",
        "MIT Technology Review",
        "rss",
        "https://www.technologyreview.com/feed/",
        "https://www.technologyreview.com",
        "MIT Technology Review",
        "Emerging technology news, insights, and analysis",
        "en-US",
        "+0000",
        scraper_tags=("mit-tech-review",),
    ),
    Outlet(
        "IEEE Spectrum",
        "ieee-spectrum",
        "IEEE Spectrum",
        "rss",
        "https://spectrum.ieee.org/feeds/feed.rss",
        "https://spectrum.ieee.org/",
        "IEEE Spectrum",
        "IEEE Spectrum",
        "en-us",
        "GMT",
        scraper_tags=("ieee-spectrum",),
    ),
    Outlet(
        "Economist",
        "economist",
        "The Economist",
        "rss",
        "https://www.economist.com/latest/rss.xml",
        "https://www.economist.com/latest",
        "Latest updates",
        "The Economist's latest updates",
        "en",
        "+0000",
        scraper_tags=("economist",),
    ),
    Outlet(
        "VentureBeat AI",
        "venturebeat",
        "VentureBeat AI",
        "rss",
        "https://venturebeat.com/category/ai/feed/",
        "https://venturebeat.com/category/ai/",
        "AI | VentureBeat",
        "Transformative tech coverage that matters",
        "en-US",
        "+0000",
        scraper_tags=("venturebeat-ai",),
    ),
    Outlet(
        "Hacker News",
        "hackernews",
        "Hacker News",
        "rss",
        "https://hnrss.org/frontpage",
        "https://news.ycombinator.com/",
        "Hacker News: Front Page",
        "Hacker News RSS",
        "en-US",
        "+0000",
        tier="community",
        scraper_tags=("hackernews", "hnrss"),
    ),
)

COPIES: tuple[Copy, ...] = (
    Copy("bleepingcomputer", "BleepingComputer", "feed", "press", "bleepingcomputer-feed-2025-07-24.xml"),
    Copy("securityweek", "SecurityWeek", "feed", "press", "securityweek-feed-2025-07-24.xml"),
    Copy(
        "cisa-advisories",
        "CISA Cybersecurity Advisories",
        "feed",
        "primary",
        "cisa-cybersecurity-advisories-2025-07-24.xml",
    ),
    Copy("cisa-kev", "CISA Known Exploited Vulnerabilities", "kev", "primary", "cisa-kev-2025-08-25.json"),
    Copy("techmeme", "Techmeme", "feed", "aggregator", "techmeme-derived-feed-2026-02-13.xml"),
    Copy(
        "techmeme-home", "Techmeme (homepage clusters)", "techmeme", "aggregator", "techmeme-homepage-2018-03-21.html"
    ),
    Copy("theregister", "The Register", "feed", "press", "theregister-bootnotes-atom-2012-11-02.atom"),
    Copy(
        "techcrunch-2023",
        "TechCrunch",
        "feed",
        "press",
        "techcrunch-feed-2023-08-16.xml",
        enabled=False,
        note="the 2026 TechCrunch feed above is the live one; this byte-exact 2023 copy (content:encoded "
        "bodies) is served for spider tests and kept disabled so the daily run skips it",
    ),
)

KEV_SOURCE = "cisa-kev-2025-08-25.json"
KEV_RECENT = 150  # entries kept by date added, newest first
KEV_MONTH = "2025-08"  # every entry added in this month is kept as well


def outlet_for(publication: str) -> Outlet | None:
    return next((o for o in OUTLETS if o.publication == publication), None)
