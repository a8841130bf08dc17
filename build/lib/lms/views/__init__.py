"""Thin views: a form, one service or selector call, the page or its htmx partial."""
