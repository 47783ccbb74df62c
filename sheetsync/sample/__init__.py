"""`sheetsync sample`: a deterministic, realistic demo workbook of an info-product business.

The business is seed 000's: an info-product seller whose newsletter signups come from YouTube,
a blog, Facebook and Google ads, a podcast and Instagram, and who sells a 7 EUR tripwire, a
97 EUR product and a 2 364 EUR course (often in 12 x 197). The tabs are French, as he keeps them,
with a few cells typed as text and a few bad rows planted on purpose (see `messy.py`).
"""

from sheetsync.sample.messy import PlantedIssue
from sheetsync.sample.workbook import SampleSummary, build_tabs, write_sample

__all__ = ["PlantedIssue", "SampleSummary", "build_tabs", "write_sample"]
