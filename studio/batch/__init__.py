"""Batch runs, the parts below the application layer: finding the input files and their keys
(inputs.py), and the report of a batch: report.csv, the report.html contact sheet and the
deliverables' zip (report.py). The operations are in studio/service/batches.py."""
