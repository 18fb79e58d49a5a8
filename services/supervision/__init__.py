"""Supervision (监督): adopted projects through plans, progress, inspections and rectification
to verified completion, with deadlines watched and a public progress notice."""
