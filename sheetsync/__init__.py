"""sheetsync: KPIs and channel attribution from a sales sheet, written back as a dashboard."""

__version__ = "0.1.0"
