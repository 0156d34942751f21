"""Who may do what: from the configuration, and from power levels in the management room
(set by its admins), never from what a user claims."""

from __future__ import annotations

from bot.config import Config
from conversations.commands import Role


def role_of(user_id: str, config: Config, management_level: int | None = None) -> Role:
    """`management_level`: the user's power level in the management room, if they are in
    it; a moderator there (by default, level 50 or more) is a manager."""
    organisation = config.organisation
    if user_id in organisation.admins:
        return Role.ADMIN
    if user_id in organisation.managers:
        return Role.MANAGER
    threshold = organisation.manager_power_level
    if threshold and management_level is not None and management_level >= threshold:
        return Role.MANAGER  # `threshold` is False or None when switched off
    return Role.AGENT
