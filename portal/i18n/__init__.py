"""The portal in two languages: English at today's addresses, Spanish under /es/ (ADR 13)."""
