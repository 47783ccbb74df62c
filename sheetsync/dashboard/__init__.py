"""The dashboard: one backend-neutral model, rendered to Google Sheets and to xlsx.

`build_dashboard(document, ...)` lays the KPI document out as a `model.Dashboard`;
`batch_update.batch_update_body` and `xlsx_tabs.render_package` write that model.
"""

from sheetsync.dashboard.layout import build_dashboard
from sheetsync.dashboard.model import Dashboard

__all__ = ["Dashboard", "build_dashboard"]
