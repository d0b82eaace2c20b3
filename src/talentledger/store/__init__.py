"""Keeping accepted ledgers in a database, with where each row came from."""

from talentledger.store.db import Store, StoreProblem, Submission, SubmissionKey

__all__ = ["Store", "StoreProblem", "Submission", "SubmissionKey"]
