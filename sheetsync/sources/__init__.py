"""Where workbooks come from and where dashboards go: xlsx files, Google Sheets, memory."""
