"""Test settings: Podium's own settings in test mode (fast hashing, immediate tasks)."""

import os
import tempfile

os.environ.setdefault("PODIUM_ENV", "test")
os.environ.setdefault("PODIUM_VAR_DIR", tempfile.mkdtemp(prefix="podium-test-"))

from podium.settings import *  # noqa: F403
