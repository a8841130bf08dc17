"""Roster import: reading a CSV (``parsing``), planning and writing it (``services``), and
its reads (``selectors``)."""
