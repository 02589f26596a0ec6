"""Name search without database extensions (ARCHITECTURE.md: pgserver has no pg_trgm, no ICU).

Each enterprise stores its names as space-delimited tokens in ``search_tokens``:

* every run of CJK characters gives all its character bigrams ("宁德时代" → 宁德 德时 时代),
  so any Chinese fragment of two characters or more is found by requiring all of its bigrams;
* every Latin word gives itself, lower-cased ("Contemporary Amperex" → contemporary amperex);
* the credit code gives itself, upper-cased.

On PostgreSQL a GIN index on ``string_to_array(search_tokens, ' ')`` answers "contains all of
these tokens" (``@>``); on SQLite the same condition is a conjunction of ``LIKE '% tok %'``.
Either way the final match is re-checked against the names, so bigram coincidences across
words never produce a false hit.

``selectors.enterprise_search`` ranks a name search (default order): the exact name, then names
that begin with the fragment, then names containing it elsewhere (海宁 in 上海宁远…: across a word
boundary), each by name; a credit code is found whole or by its first 8 or more characters (a
``LIKE 'prefix%'`` on the unique column's index).
"""

from __future__ import annotations

import re

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
#: A run of two or more Chinese characters in a query: re-checked whole as a substring, so
#: bigrams that occur apart never make a hit.
CJK_FRAGMENT = re.compile(f"[{_CJK}]{{2,}}")
_WORD = re.compile(r"[0-9A-Za-z]+")


def tokens_for(*texts: str) -> list[str]:
    """Distinct search tokens of the given texts, in first-seen order."""
    seen: dict[str, None] = {}
    for text in texts:
        if not text:
            continue
        for run in _CJK_RUN.findall(text):
            if len(run) == 1:
                seen.setdefault(run, None)
            for i in range(len(run) - 1):
                seen.setdefault(run[i : i + 2], None)
        for word in _WORD.findall(text):
            seen.setdefault(word.lower(), None)
    return list(seen)


def token_string(*texts: str) -> str:
    """The stored form: tokens separated by single spaces, with a space at each end."""
    tokens = tokens_for(*texts)
    return f" {' '.join(tokens)} " if tokens else ""


# Bigrams of the legal-form suffixes that nearly every name carries (有限公司, 股份有限公司,
# 有限责任公司 …). Their posting lists hold almost every row, so intersecting them costs a scan
# of the index while narrowing nothing; a query leaves them out when it has another token, and
# the substring re-check of the name keeps the result exact.
COMMON_BIGRAMS = frozenset({"有限", "限公", "公司", "股份", "份有", "限责", "责任", "任公"})


def query_tokens(query: str) -> list[str]:
    """Tokens that a name matching ``query`` must contain (an empty list matches everything).

    Common suffix bigrams are dropped when a rarer token remains (see ``COMMON_BIGRAMS``).
    """
    tokens = tokens_for(query)
    selective = [t for t in tokens if t not in COMMON_BIGRAMS]
    return selective or tokens
