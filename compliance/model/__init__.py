"""Plain data: rule sets, evidence, assessments, findings, labels and exact arithmetic; imports nothing below it."""
