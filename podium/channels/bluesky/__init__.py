"""Bluesky: app-password sign-in, posts with facets, images, link cards and threads."""
