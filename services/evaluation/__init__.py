"""Evaluation (评议): the completion report, the satisfaction assessment by secret ballot, the
written evaluation report and the carry-over of projects graded 不满意."""
