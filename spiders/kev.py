"""CISA Known Exploited Vulnerabilities catalogue (JSON): one item per vulnerability."""

from __future__ import annotations

import json
from html import escape

from scrapy.http import Response

from spiders.base import SourceSpider, utc_now

_NVD = "https://nvd.nist.gov/vuln/detail/{}"
_PUBLICATION = "CISA Known Exploited Vulnerabilities Catalog"


def load_catalogue(body: bytes) -> tuple[dict | None, str | None]:
    """The catalogue, or the reason it is not one."""
    if not body.strip():
        return None, "empty response body; expected the KEV JSON catalogue"
    try:
        data = json.loads(body)
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 JSON ({exc.reason} at byte {exc.start})"
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
    if not isinstance(data, dict) or not isinstance(data.get("vulnerabilities"), list):
        return None, 'JSON has no "vulnerabilities" list; not the KEV catalogue'
    return data, None


class KevSpider(SourceSpider):
    name = "kev"

    def parse_source(self, response: Response):
        fetched_at = utc_now()
        data, problem = load_catalogue(response.body)
        if problem:
            self.report(f"{response.url}: {problem}")
            return
        publication = self.publication or data.get("title") or _PUBLICATION
        for index, entry in enumerate(data["vulnerabilities"]):
            cve = entry.get("cveID") if isinstance(entry, dict) else None
            if not cve:
                self.report(f"{response.url}: vulnerabilities[{index}] has no cveID; skipped")
                continue
            yield self.item(
                url=_NVD.format(cve),
                title=_title(entry),
                summary_html=_summary(entry),
                publication=publication,
                published=entry.get("dateAdded"),
                guid=cve,
                tags=list(entry.get("cwes") or []),
                fetched_at=fetched_at,
                extra=_extra(entry, data),
            )


def _title(entry: dict) -> str:
    vendor, product = entry.get("vendorProject", ""), entry.get("product", "")
    name = entry.get("vulnerabilityName") or "Known exploited vulnerability"
    # "Microsoft Microsoft Windows" reads as a bug; the product often repeats the vendor.
    subject = product if product.lower().startswith(vendor.lower()) else f"{vendor} {product}"
    return f"{subject.strip()}: {name} ({entry['cveID']})"


def _summary(entry: dict) -> str:
    parts = [f"<p>{escape(entry.get('shortDescription', ''))}</p>"]
    if entry.get("requiredAction"):
        parts.append(f"<p>Required action: {escape(entry['requiredAction'])}</p>")
    return "".join(parts)


def _extra(entry: dict, data: dict) -> dict:
    return {
        "cve": entry["cveID"],
        "vendor": entry.get("vendorProject"),
        "product": entry.get("product"),
        "due_date": entry.get("dueDate"),
        "known_ransomware_campaign_use": entry.get("knownRansomwareCampaignUse"),
        "cwes": list(entry.get("cwes") or []),
        "notes": entry.get("notes"),
        "catalog_version": data.get("catalogVersion"),
    }
