"""Use cases that chain the stages: ingest (read, check, store), batch (an inbox, unattended),
status (who has submitted) and init (a new working folder)."""
