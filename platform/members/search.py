"""Counter lookup: every string a cashier may type, precomputed as tokens in one GIN index.

pg_trgm is not available everywhere (the embedded server ships without contrib), and trigrams
do little for two- or three-character Chinese names anyway. Instead we store the substrings of the
name (up to MAX_SUBSTRING characters), lowercase words and their prefixes for Latin names, phone
prefixes and suffixes (from three digits), and member and card numbers. A lookup is then a single
``search_tokens @> ARRAY[q]`` probe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_SUBSTRING = 10
MIN_DIGITS = 3
_WORD = re.compile(r"[0-9a-z]+")
_DIGITS = re.compile(r"\D+")


def normalize_query(text: str) -> str:
    text = (text or "").strip().lower()
    digits = _DIGITS.sub("", text)
    # A phone typed with spaces, dashes or a leading "+": search by its digits.
    if digits and len(digits) >= MIN_DIGITS and re.fullmatch(r"[\d\s\-+()]+", text):
        return digits
    return re.sub(r"\s+", " ", text)[:40]


def name_tokens(name: str) -> set[str]:
    name = re.sub(r"\s+", " ", (name or "").strip().lower())
    tokens: set[str] = set()
    compact = name.replace(" ", "")
    for source in {name, compact}:
        for start in range(len(source)):
            for end in range(start + 1, min(len(source), start + MAX_SUBSTRING) + 1):
                piece = source[start:end].strip()
                if piece:
                    tokens.add(piece)
    for word in _WORD.findall(name):
        tokens.update(word[:n] for n in range(1, min(len(word), 40) + 1))
    return tokens


def phone_tokens(phone: str, national: str = "") -> set[str]:
    tokens: set[str] = set()
    for digits in {_DIGITS.sub("", phone or ""), _DIGITS.sub("", national or "")}:
        if not digits:
            continue
        for n in range(MIN_DIGITS, len(digits) + 1):
            tokens.add(digits[:n])
            tokens.add(digits[-n:])
    return tokens


def build_tokens(name: str, phone: str, national_phone: str, numbers: Iterable[str]) -> list[str]:
    tokens = name_tokens(name) | phone_tokens(phone, national_phone)
    tokens.update(n.strip().lower() for n in numbers if n)
    return sorted(t[:40] for t in tokens)
