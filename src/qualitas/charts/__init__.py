"""Plotly figure builders: analytics results in, figure dicts out.

No Django here and no drawing: each function turns a frozen result from
``qualitas.analytics`` into a plain ``{"data": [...], "layout": {...}}`` dict.
The CLI's ``--html`` reports and the platform's pages both use them, so a chart
looks the same everywhere. One module per family (spc, capability, msa,
sampling, reliability).
"""
