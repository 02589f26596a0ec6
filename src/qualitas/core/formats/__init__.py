"""Date and number formats, one per language (``FORMAT_MODULE_PATH``): ``zh_Hans`` writes
2026-12-02 and 2026-12-02 14:30, ``en`` writes 2 Dec 2026 and 2 Dec 2026 14:30 — the same format
for the long and the short form, in every template that uses ``|date`` without an explicit
format (or with ``"DATE_FORMAT"``/``"SHORT_DATE_FORMAT"``). Times are shown in ``TIME_ZONE``
(Asia/Shanghai)."""
