"""The tabs sheetsync owns in every workbook: it replaces them whole and never reads their cells.

A module of its own, importing nothing, so that the xlsx parse can start before numpy loads
(``xlsx_parse``); ``base`` re-exports these names.
"""

DASHBOARD_TAB = "Dashboard"
ISSUES_TAB = "Data issues"
OWNED_TABS = (DASHBOARD_TAB, ISSUES_TAB)
