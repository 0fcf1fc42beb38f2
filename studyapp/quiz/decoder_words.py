"""Words for the question decoder: tokens with offsets, a light stemmer, stop words."""

from __future__ import annotations

import re

# Words that carry no meaning for "which service": grammar, and the filler every
# exam question uses ("Which solution meets these requirements?").
STOP_WORDS = frozenset(
    """
    a an the and or but if then than so as of in on at to for from by with into onto
    is are was were be been being am do does did done has have had having it its it's
    this that these those there their them they he she we you your our us i me my
    which what who whom whose when where why how
    can could should would will shall may might must need needs needed want wants
    solution solutions meet meets requirement requirements company companies
    architect architects developer developers engineer engineers team teams
    most least best option options use uses used using
    also any each every all some such other another only just very
    about over under up down out off again further once here
    amazon aws operational overhead effort ensure able make provide way approach
    correct true statement statements following
    """.split()
)
# "once" alone is a stop word, but "exactly once" and "at least once" are folded by the
# phrase synonyms, which run before stop words are dropped.

_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")


# Words whose stem would merge two ideas: "ordering" is about sequence, "order" is
# usually the thing a customer places.
KEEP_APART = {"ordering": "ordering", "ordered": "ordering", "unordered": "unordered"}


def stem(word: str) -> str:
    """A light suffix stripper: plurals and common verb forms to one stem.

    Deliberately cruder than Porter: it must only map the forms of one word to
    the same string (queue, queues, queued, queuing -> queu), not produce words.
    """
    w = word.lower()
    if w in KEEP_APART:
        return KEEP_APART[w]
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3 or w.isdigit():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "xes", "zes", "ches", "shes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    elif w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]  # running -> runn -> run
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]  # store, stored, storing all end as "stor"
    return w


def words(text: str) -> list[tuple[str, int, int]]:
    """(stem, start, end) for every word; hyphens and slashes split words."""
    return [(stem(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


STOP_STEMS = frozenset(stem(w) for w in STOP_WORDS) | STOP_WORDS
