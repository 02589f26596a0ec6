"""Date and number formats, one per language (``FORMAT_MODULE_PATH``): ``zh_Hans`` writes
2026-12-02 and 2026-12-02 14:30, ``en`` writes 2 Dec 2026 and 2 Dec 2026 14:30 — the same format
for the long and the short form. Templates write ``|date:"SHORT_DATE_FORMAT"`` or
``|date:"SHORT_DATETIME_FORMAT"`` (or ``|date`` alone), never a literal pattern; values the
template prints bare (a date in a profile fact) take ``DATE_FORMAT``. Times are shown in
``TIME_ZONE`` (Asia/Shanghai). Files, the API and stored texts keep ISO 8601."""
