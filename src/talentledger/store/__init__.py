"""Keeping accepted ledgers in a database, with where each row came from."""

from talentledger.store.db import Rejection, Store, StoreProblem, Submission, SubmissionKey

__all__ = ["Rejection", "Store", "StoreProblem", "Submission", "SubmissionKey"]
