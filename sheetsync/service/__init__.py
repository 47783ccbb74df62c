"""The HTTP service and its workers, in three rooms: ``http`` → ``jobs`` → ``store``.

Nothing here is imported by the library, and importing this package imports neither Flask nor
SQLAlchemy: ``sheetsync kpis`` stays light.
"""
