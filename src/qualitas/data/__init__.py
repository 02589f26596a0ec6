"""Reference data files shipped with Qualitas (see README.md here)."""
