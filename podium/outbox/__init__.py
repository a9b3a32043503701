"""The outbox app: publications and their states, sent exactly once (see public.py)."""
