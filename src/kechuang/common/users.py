"""How people are named in histories and audit trails."""

from __future__ import annotations


def display_name(user: object | None) -> str:
    """The name recorded beside a change: full name, else user name; "系统" for scripts and imports."""
    if user is None or not getattr(user, "is_authenticated", False):
        return "系统"
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()
