"""The jurisdiction's townships (镇/街道) and their aliases, and finding a township in text."""

from __future__ import annotations

import re

from talentledger.ledger.text import clean, key, to_simplified

# The township of submissions that cover the whole county or city (targets, roster).
WHOLE_JURISDICTION = "（全辖区）"
# The longest township name a submission can be filed under (its key in the store).
MAX_TOWNSHIP_LENGTH = 64

# Without a registry, a township is the shortest run of Chinese ending in 街道, 镇 or 乡.
_TOWNSHIP_NAME = re.compile(r"([\u4e00-\u9fff]{1,12}?(?:街道|镇|乡))")
# The party committee's name wraps the township: 中共双河乡委员会, 中国共产党东港街道工作委员会.
# Its suffixes (委员会, 党委, 党工委, 党总支) already fall outside the shortest match.
_PARTY_PREFIX = re.compile(r"中国共产党|中共")


class Registry:
    """Registered townships. An empty registry accepts any well-formed township name."""

    def __init__(self, townships: dict[str, list[str]] | None = None):
        self.names: list[str] = list(townships or {})
        self._lookup: dict[str, str] = {}
        self._seen: dict[str, str | None] = {}  # cell value -> canonical name, for repeated values
        for name, aliases in (townships or {}).items():
            for word in (name, *aliases):
                self._lookup[key(word)] = name
        # Longest first, so "东港街道" wins over "东港".
        self._words = sorted(self._lookup, key=len, reverse=True)

    @property
    def configured(self) -> bool:
        return bool(self.names)

    def canonical(self, value: str) -> str | None:
        """The registered name for a cell value, or None if not registered.

        With no registry, the cleaned simplified value itself.
        """
        found = self._seen.get(value)
        if found is None:
            found = (to_simplified(clean(value)) or None) if not self.configured else self._lookup.get(key(value))
            if len(self._seen) < 4096:
                self._seen[value] = found
        return found

    def find_in(self, text: str) -> str | None:
        """A township named somewhere inside free text (填报单位 line, title, file name)."""
        if self.configured:
            k = key(text)
            for word in self._words:
                if word and word in k:
                    return self._lookup[word]
            return None
        m = _TOWNSHIP_NAME.search(_PARTY_PREFIX.sub("", to_simplified(clean(text))))
        return m.group(1) if m else None
