"""Reports the office sends upward: figures as of a date, the Excel appendix, the chart,
the weekly digest.

``reports.states`` is the one place that turns stored obligations into the office's
statuses as of a date; everything else (``figures``, ``excel``, ``chart``, ``digest``)
works on those states only.
"""
