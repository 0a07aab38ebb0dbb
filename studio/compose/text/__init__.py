"""Layouts that draw the words of the text-heavy templates (issue 14): one module per kind of
words (studio.words), each with compose() and compose_with_boxes() returning where each required
string was drawn, so verification can OCR it there."""
