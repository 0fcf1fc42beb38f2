"""Text as the decoder compares it: concept tokens that remember where they came from.

A question and a rule's trigger phrase are compared as sequences of *concepts*:
word stems with stop words dropped and synonyms folded together, so "many
subscribers" and "multiple consumers" become the same two concepts. Every
concept keeps the character span it came from, so matches can be marked in
the original text.
"""

from __future__ import annotations

import re
from bisect import bisect
from dataclasses import dataclass

from studyapp.quiz.decoder_synonyms import PHRASE_SYNONYMS, WORD_SYNONYMS
from studyapp.quiz.decoder_words import STOP_STEMS, words


@dataclass(frozen=True)
class Token:
    concept: str  # the normalised form compared when matching
    start: int  # character offsets into the original text
    end: int
    sentence: int = 0  # a phrase is matched within one sentence, never across two


# The end of a sentence or clause: ". ", "? ", "; " or a line break between paragraphs.
_SENTENCE_END = re.compile(r"[.?!;:](?=\s|$)|\n\s*\n")


def concepts(text: str) -> list[Token]:
    """The text as concept tokens: phrase synonyms folded, stop words dropped, words mapped."""
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    raw = words(text)
    tokens: list[Token] = []
    i = 0
    while i < len(raw):
        for length, table in PHRASE_SYNONYMS:
            if i + length <= len(raw):
                concept = table.get(tuple(w for w, _, _ in raw[i : i + length]))
                if concept is not None:
                    if concept:  # the empty concept is dropped, like a stop word
                        start, end = raw[i][1], raw[i + length - 1][2]
                        tokens.append(Token(concept, start, end, bisect(ends, start)))
                    i += length
                    break
        else:
            word, start, end = raw[i]
            i += 1
            if word not in STOP_STEMS:
                tokens.append(Token(WORD_SYNONYMS.get(word, word), start, end, bisect(ends, start)))
    return _collapsed(tokens)


def _collapsed(tokens: list[Token]) -> list[Token]:
    """Neighbours with one concept become one token: "Lambda function", "SQS queue"."""
    out: list[Token] = []
    for token in tokens:
        if out and out[-1].concept == token.concept and out[-1].sentence == token.sentence:
            out[-1] = Token(token.concept, out[-1].start, token.end, token.sentence)
        else:
            out.append(token)
    return out
