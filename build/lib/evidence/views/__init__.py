"""Thin views of evidence: a form, one service or selector call, the page or its partial."""
