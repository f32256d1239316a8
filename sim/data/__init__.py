"""Shipped data: the scenarios with their test plans, and the default rubric (package data)."""
