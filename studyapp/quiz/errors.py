"""Refusals: bad input is answered with a message naming what is wrong, and changes nothing."""


class Refused(Exception):
    """A request the learner cannot make; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status
