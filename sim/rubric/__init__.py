"""The rubric: the signal vocabulary and its model and loader, compliance rules, scoring
and the assessment of a call, role fit, the probe and calibration (matching/ inside)."""
