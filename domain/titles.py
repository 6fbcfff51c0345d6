"""How long a task's title may be: three limits, each for its own reason, and only here.

A title the product makes is short, one that an admin types may be longer, and nothing
longer than the column is ever stored.
"""

from __future__ import annotations

NOTICE_TITLE_MAX = 80
"""A title made from a notice's wording (the importer's short form, the curated seeds'
titles), in characters: it heads a reminder's line on a phone, so it stays one line."""

TYPED_TITLE_MAX = 250
"""A title an admin types (``/addtask``, the import preview's ``/fix … tên``), in
characters: the admin chose every word, so a long sentence is kept as written rather than
cut, and a pasted paragraph is refused (reminders cut it to a line when they list it)."""

STORED_TITLE_MAX = 300
"""The ``tasks.title`` column's width (``VARCHAR(300)``): what ``/edit … tên`` keeps of a
longer title, so a server database never refuses the row."""
