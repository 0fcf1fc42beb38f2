"""Nicknames players pick on their phones, checked before anyone sees them on the projector."""

import unicodedata

from better_profanity import profanity

MAX_LENGTH = 24
_loaded = False


def _word_list():
    # better-profanity's maintained list, with its leetspeak variants ("sh1t").
    global _loaded
    if not _loaded:
        profanity.load_censor_words()
        _loaded = True
    return profanity


def clean_nickname(raw: str) -> tuple[str, str | None]:
    """(nickname, None) when acceptable, else (nickname, why not)."""
    nickname = " ".join(unicodedata.normalize("NFKC", raw or "").split())
    if not nickname:
        return nickname, "Type a nickname: it is how the projector shows you."
    if len(nickname) > MAX_LENGTH:
        return nickname, f"Keep the nickname to {MAX_LENGTH} characters (it has {len(nickname)})."
    if any(unicodedata.category(ch).startswith("C") for ch in nickname):
        return nickname, "The nickname has characters that cannot be shown; use letters and digits."
    if _word_list().contains_profanity(nickname):
        return nickname, "Pick another nickname: that one is on the list of words we do not show."
    return nickname, None


def nickname_key(nickname: str) -> str:
    return nickname.casefold()[:MAX_LENGTH]
