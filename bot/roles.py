"""Who may do what, from the configuration (never from what a user claims)."""

from __future__ import annotations

from conversations.commands import Role

from .config import Config


def role_of(user_id: str, config: Config) -> Role:
    organisation = config.organisation
    if user_id in organisation.admins:
        return Role.ADMIN
    if user_id in organisation.managers:
        return Role.MANAGER
    return Role.AGENT
