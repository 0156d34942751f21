"""An agent's rights over their data, and the retention period, in SQL.

Answers are stored against the agent's internal key; the Matrix ID appears only in the
`agents` table (and where the bot must find the person: their DM, their pending messages,
the devices that wrote to it), so an export or an erasure starts from that one row.

Within a tenant: an agent, a campaign or a trial of another tenant is neither exported,
erased nor purged. What is keyed by the person's Matrix ID or their DM (their devices,
the bot's messages to them) is theirs, whichever bot holds it.

An erasure or a purge tells the session (`on_erase`): once its unit of work has committed,
the database wipes the copies SQLite itself still keeps (see `storage.database`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .clock import from_text, to_text
from .connection import Connection
from .scope import owned


@dataclass(frozen=True)
class Erased:
    """How many rows of each kind an erasure removed (told to the agent, never logged
    with who asked)."""

    campaigns: int
    answers: int
    feedback: int
    comments: int
    messages: int
    trials: int = 0  # pilot trials the agent took part in (their ratings and comments)


@dataclass(frozen=True)
class Snapshot:
    campaign_id: int
    language: str
    plain: str
    html: str
    made_at: datetime


class PrivacyRepository:
    def __init__(self, conn: Connection, organisation: str, on_erase: Callable[[], None]) -> None:
        self._conn = conn
        self._organisation = organisation
        self._on_erase = on_erase

    async def export(self, agent_id: int) -> dict[str, Any]:
        """Everything stored about one agent, and nothing about anyone else (nothing at
        all for an agent of another tenant)."""
        if not await self._owns("agents", agent_id):
            return _export(None, [], [], [], [], [], [], [])
        agent = await self._rows(
            "SELECT user_id, language, reminders_off, absent_until, created_at FROM agents"
            " WHERE id = ?",
            agent_id,
        )
        participations = await self._rows(
            "SELECT p.campaign_id, c.title, p.service, p.invited_at, p.started_at,"
            " p.finished_at, p.reminders_sent, p.last_reminded_at, p.last_answer_at, p.state"
            " FROM participations p JOIN campaigns c ON c.id = p.campaign_id"
            " WHERE p.agent_id = ? ORDER BY p.campaign_id",
            agent_id,
        )
        for participation in participations:
            state = participation.pop("state")
            participation["conversation_state"] = json.loads(state) if state else None
        answers = await self._rows(
            "SELECT campaign_id, category, position, tool, other, needed, need_why, problem,"
            " skipped, complete, updated_at FROM category_answers WHERE agent_id = ?"
            " ORDER BY campaign_id, category, position",
            agent_id,
        )
        ratings = await self._rows(
            "SELECT campaign_id, category, position, criterion, value FROM ratings"
            " WHERE agent_id = ? ORDER BY campaign_id, category, position, criterion",
            agent_id,
        )
        for answer in answers:
            answer["ratings"] = {
                r["criterion"]: r["value"]
                for r in ratings
                if (r["campaign_id"], r["category"], r["position"])
                == (answer["campaign_id"], answer["category"], answer["position"])
            }
        feedback = await self._rows(
            "SELECT w.plan_id, w.number AS wave, r.state, r.finished_at FROM feedback_responses r"
            " JOIN feedback_waves w ON w.id = r.wave_id WHERE r.agent_id = ? ORDER BY w.id",
            agent_id,
        )
        feedback_ratings = await self._rows(
            "SELECT w.plan_id, w.number AS wave, f.criterion, f.value FROM feedback_ratings f"
            " JOIN feedback_waves w ON w.id = f.wave_id WHERE f.agent_id = ?"
            " ORDER BY w.id, f.criterion",
            agent_id,
        )
        for response in feedback:
            state = response.pop("state")
            response["conversation_state"] = json.loads(state) if state else None
            response["ratings"] = {
                r["criterion"]: r["value"]
                for r in feedback_ratings
                if (r["plan_id"], r["wave"]) == (response["plan_id"], response["wave"])
            }
        comments = await self._rows(
            "SELECT c.plan_id, w.number AS wave, c.body, c.created_at FROM feedback_comments c"
            " LEFT JOIN feedback_waves w ON w.id = c.wave_id WHERE c.agent_id = ?"
            " ORDER BY c.id",
            agent_id,
        )
        trials = await self._rows(
            "SELECT trial_id, invited_at, started_at, finished_at, state FROM trial_pilots"
            " WHERE agent_id = ? ORDER BY trial_id",
            agent_id,
        )
        trial_ratings = await self._rows(
            "SELECT trial_id, suite, category, criterion, value FROM trial_ratings"
            " WHERE agent_id = ? ORDER BY trial_id, suite, category, criterion",
            agent_id,
        )
        trial_comments = await self._rows(
            "SELECT trial_id, suite, body, written_at FROM trial_comments WHERE agent_id = ?"
            " ORDER BY trial_id, suite",
            agent_id,
        )
        for trial in trials:
            state = trial.pop("state")
            trial["conversation_state"] = json.loads(state) if state else None
            trial["ratings"] = [
                {key: r[key] for key in ("suite", "category", "criterion", "value")}
                for r in trial_ratings
                if r["trial_id"] == trial["trial_id"]
            ]
            trial["comments"] = [
                {key: c[key] for key in ("suite", "body", "written_at")}
                for c in trial_comments
                if c["trial_id"] == trial["trial_id"]
            ]
        devices = await self._rows(
            "SELECT w.room_id, w.device_key, w.first_seen_at FROM room_writers w"
            " JOIN agents a ON a.user_id = w.user_id WHERE a.id = ?"
            " ORDER BY w.room_id, w.first_seen_at, w.device_key",
            agent_id,
        )
        key_holders = await self._rows(
            "SELECT h.room_id, h.device_keys, h.sent_at FROM room_key_holders h"
            " JOIN direct_rooms d ON d.room_id = h.room_id AND d.bot = h.bot"
            " JOIN agents a ON a.user_id = d.user_id WHERE a.id = ?",
            agent_id,
        )
        for holders in key_holders:
            holders["device_keys"] = json.loads(holders["device_keys"])
        return _export(
            agent[0] if agent else None,
            participations, answers, feedback, comments, trials, devices, key_holders,
        )  # fmt: skip

    async def erase(self, agent_id: int, user_id: str, room_id: str | None) -> Erased:
        """The agent's answers, comments, conversation states and reminders; their events
        still waiting for a key; the keys of their devices (who wrote, who could read);
        and every message of the bot in their DM, sent or not, since it may repeat what
        they wrote (an acknowledgement, a question quoting an answer, the !mesdonnees file):
        the reply to this erasure is queued after. The agent row goes last.

        Kept, holding no word of theirs: the DM (`direct_rooms`, to talk to them again),
        the ids of the events already handled (`processed_events`: forgetting them would
        let a replayed sync handle their old messages again and store their answers anew),
        messages to them not yet delivered (`notices`: a rollout's reminders and surveys),
        the audit log. An agent of another tenant is left alone (all counts 0)."""
        if not await self._owns("agents", agent_id):
            return Erased(0, 0, 0, 0, 0, 0)
        campaigns = await self._count("SELECT COUNT(*) FROM participations WHERE agent_id = ?",
                                      agent_id)  # fmt: skip
        answers = await self._count(  # categories answered, whatever the number of tools
            "SELECT COUNT(*) FROM (SELECT DISTINCT campaign_id, category FROM category_answers"
            " WHERE agent_id = ?)",
            agent_id,
        )
        feedback = await self._count(
            "SELECT COUNT(*) FROM feedback_responses WHERE agent_id = ?", agent_id
        )
        comments = await self._count(
            "SELECT COUNT(*) FROM feedback_comments WHERE agent_id = ?", agent_id
        )
        trials = await self._count("SELECT COUNT(*) FROM trial_pilots WHERE agent_id = ?",
                                   agent_id)  # fmt: skip
        tables = ("feedback_ratings", "feedback_comments", "feedback_responses",
                  "trial_ratings", "trial_comments", "trial_pilots")  # fmt: skip
        for table in tables:
            await self._conn.execute(f"DELETE FROM {table} WHERE agent_id = ?", (agent_id,))
        # Participations cascade to category answers, and those to ratings.
        await self._conn.execute("DELETE FROM participations WHERE agent_id = ?", (agent_id,))
        await self._conn.execute("DELETE FROM agents WHERE id = ?", (agent_id,))
        await self._conn.execute("DELETE FROM pending_encrypted WHERE sender = ?", (user_id,))
        await self._conn.execute("DELETE FROM room_writers WHERE user_id = ?", (user_id,))
        messages = 0
        if room_id is not None:
            await self._conn.execute("DELETE FROM room_key_holders WHERE room_id = ?", (room_id,))
            changed = await self._conn.execute("DELETE FROM outbox WHERE room_id = ?", (room_id,))
            messages = changed
        changed = await self._conn.execute(
            "DELETE FROM notices WHERE user_id = ? AND delivered_at IS NOT NULL", (user_id,)
        )
        messages += changed
        self._on_erase()
        return Erased(campaigns, answers, feedback, comments, messages, trials)

    # ------------------------------------------------------------------ retention

    async def expired_campaigns(self, closed_before: datetime) -> list[int]:
        rows = await self._conn.every(
            "SELECT id FROM campaigns WHERE organisation = ? AND closed_at IS NOT NULL"
            " AND closed_at < ? AND purged_at IS NULL ORDER BY id",
            (self._organisation, to_text(closed_before)),
        )
        return [int(row[0]) for row in rows]

    async def purge_campaign(
        self, campaign_id: int, snapshot: tuple[str, str, str], now: datetime
    ) -> None:
        """Keep the report (language, plain, HTML); erase the raw answers and conversation
        states. Who was invited, started and finished stays: counts, not answers.

        Nothing else holds a campaign's answers for long: a sent message keeps no content
        (`outbox.mark_sent`). Comments (!avis, rollout feedback) belong to no campaign:
        this purge leaves them, !oublier erases them. Like an erasure, it wipes the WAL."""
        if not await self._owns("campaigns", campaign_id):
            return
        language, plain, rich = snapshot
        await self._conn.execute(
            "INSERT INTO campaign_snapshots (campaign_id, language, plain, html, made_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (campaign_id) DO UPDATE SET"
            " language = excluded.language, plain = excluded.plain, html = excluded.html,"
            " made_at = excluded.made_at",
            (campaign_id, language, plain, rich, to_text(now)),
        )
        await self._conn.execute(
            "DELETE FROM category_answers WHERE campaign_id = ?", (campaign_id,)
        )
        await self._conn.execute(
            "UPDATE participations SET state = NULL, service = NULL WHERE campaign_id = ?",
            (campaign_id,),
        )
        await self._conn.execute(
            "UPDATE campaigns SET purged_at = ? WHERE id = ?", (to_text(now), campaign_id)
        )
        self._on_erase()

    async def expired_trials(self, closed_before: datetime) -> list[int]:
        rows = await self._conn.every(
            "SELECT id FROM trials WHERE organisation = ? AND closed_at IS NOT NULL"
            " AND closed_at < ? AND purged_at IS NULL ORDER BY id",
            (self._organisation, to_text(closed_before)),
        )
        return [int(row[0]) for row in rows]

    async def purge_trial(self, trial_id: int, now: datetime) -> None:
        """Erase a closed trial's ratings, comments and conversation states. Who was a
        pilot and who finished stays (counts), and so does the decision, with the
        recommendation line as it read when the admins made it."""
        if not await self._owns("trials", trial_id):
            return
        for table in ("trial_ratings", "trial_comments"):
            await self._conn.execute(f"DELETE FROM {table} WHERE trial_id = ?", (trial_id,))
        await self._conn.execute(
            "UPDATE trial_pilots SET state = NULL WHERE trial_id = ?", (trial_id,)
        )
        await self._conn.execute(
            "UPDATE trials SET purged_at = ? WHERE id = ?", (to_text(now), trial_id)
        )
        self._on_erase()

    async def purged_title(self, agent_id: int) -> str | None:
        """The latest campaign the agent answered whose answers were since purged."""
        row = await self._conn.one(
            "SELECT c.title FROM participations p JOIN campaigns c ON c.id = p.campaign_id"
            " WHERE p.agent_id = ? AND p.started_at IS NOT NULL AND c.purged_at IS NOT NULL"
            " AND c.organisation = ? ORDER BY c.id DESC LIMIT 1",
            (agent_id, self._organisation),
        )
        return str(row[0]) if row else None

    async def snapshot(self, campaign_id: int) -> Snapshot | None:
        row = await self._conn.one(
            "SELECT campaign_id, language, plain, html, made_at FROM campaign_snapshots"
            " WHERE campaign_id = ? AND " + owned("campaigns"),
            (campaign_id, campaign_id, self._organisation),
        )
        if row is None:
            return None
        return Snapshot(int(row[0]), str(row[1]), str(row[2]), str(row[3]), from_text(row[4]))

    # ------------------------------------------------------------------ helpers

    async def _owns(self, root: str, root_id: int) -> bool:
        """Whether the row `root_id` of a tenant root belongs to the session's tenant."""
        row = await self._conn.one(f"SELECT {owned(root)}", (root_id, self._organisation))
        return row is not None and bool(row[0])

    async def _rows(self, sql: str, *parameters: object) -> list[dict[str, Any]]:
        return await self._conn.records(sql, parameters)

    async def _count(self, sql: str, *parameters: object) -> int:
        row = await self._conn.one(sql, parameters)
        return int(row[0]) if row else 0


def _export(
    agent: dict[str, Any] | None,
    campaigns: list[dict[str, Any]],
    answers: list[dict[str, Any]],
    feedback: list[dict[str, Any]],
    comments: list[dict[str, Any]],
    trials: list[dict[str, Any]],
    devices: list[dict[str, Any]],
    key_holders: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "agent": agent,
        "campaigns": campaigns,
        "answers": answers,
        "feedback_surveys": feedback,
        "feedback_comments": comments,
        "pilot_trials": trials,
        "devices": devices,
        "latest_message_readable_by": key_holders,
    }
