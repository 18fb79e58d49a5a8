"""The district's own metrics: a refused filing is alert-worthy (charts' MinshengFilingRefused)."""
from prometheus_client import Counter

FILINGS_REFUSED = Counter("minsheng_district_filings_refused", "Town filings (备案) that failed verification",
                          ["town"])
