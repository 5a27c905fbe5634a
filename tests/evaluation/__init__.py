"""Tests of the evaluation app and its composite-index engine."""
