"""Input: safe YAML with positions, files and attachments, schema validation, rule-set files and evidence."""
