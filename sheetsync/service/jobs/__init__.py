"""Runs: one lifecycle for refresh and setup, the thread and queue runners, worker, schedules."""
