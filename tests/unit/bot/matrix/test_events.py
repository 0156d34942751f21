"""What the bot reads from a message event: the agent's text, never a quote, a file or a notice."""

from __future__ import annotations

from typing import Any

import pytest

from bot.matrix.events import (
    MAX_TEXT_LENGTH,
    IncomingText,
    is_attachment,
    read_text,
    strip_reply_fallback,
)

REPLY_TO = {"m.in_reply_to": {"event_id": "$question:example.org"}}


def text(body: object, msgtype: str = "m.text", **extra: Any) -> dict[str, Any]:
    return {"msgtype": msgtype, "body": body, **extra}


def edit(new_content: object, event_id: object = "$original:example.org") -> dict[str, Any]:
    return {
        "msgtype": "m.text",
        "body": " * ignored fallback",
        "m.new_content": new_content,
        "m.relates_to": {"rel_type": "m.replace", "event_id": event_id},
    }


READ_TEXT_CASES: list[tuple[str, dict[str, Any], IncomingText | None]] = [
    ("plain text", text("!aide"), IncomingText("!aide")),
    ("emote", text("salue tout le monde", "m.emote"), IncomingText("salue tout le monde")),
    ("surrounding whitespace is stripped", text("  \n Oui \t\n"), IncomingText("Oui")),
    ("blank text is empty", text("   "), IncomingText("")),
    ("a notice is another bot talking", text("Rappel automatique", "m.notice"), None),
    ("image", {"msgtype": "m.image", "body": "photo.jpg", "url": "mxc://x/y"}, None),
    ("file", {"msgtype": "m.file", "body": "rapport.pdf", "url": "mxc://x/z"}, None),
    ("no msgtype", {"body": "hello"}, None),
    ("unknown msgtype", text("hello", "org.example.custom"), None),
    ("msgtype is a list", {"msgtype": ["m.text"], "body": "!aide"}, None),
    ("msgtype is an object", {"msgtype": {"m.text": 1}, "body": "!aide"}, None),
    ("edit whose new msgtype is a list", edit({"msgtype": ["m.text"], "body": "x"}), None),
    ("body is a number", text(42), None),
    ("body is missing", {"msgtype": "m.text"}, None),
    ("body is a list", text(["!aide"]), None),
    ("empty content (e.g. a redaction)", {}, None),
    (
        "reply: the fallback quote is dropped",
        text(
            "> <@bob:example.org> Quel outil ?\n> Deuxième ligne\n\nVisio",
            **{"m.relates_to": REPLY_TO},
        ),
        IncomingText("Visio"),
    ),
    (
        "reply without a fallback keeps the whole text",
        text("Visio, surtout", **{"m.relates_to": REPLY_TO}),
        IncomingText("Visio, surtout"),
    ),
    (
        "a quote that is not a reply is the agent's own text",
        text("> citation\n\nmon avis", **{"m.relates_to": {"rel_type": "m.annotation"}}),
        IncomingText("> citation\n\nmon avis"),
    ),
    (
        "malformed relation is ignored",
        text("> pas une réponse", **{"m.relates_to": "nonsense"}),
        IncomingText("> pas une réponse"),
    ),
    (
        "edit: the new text and the event it replaces",
        edit(text("!aide")),
        IncomingText("!aide", edit_of="$original:example.org"),
    ),
    (
        "edit to an emote",
        edit(text("corrige", "m.emote")),
        IncomingText("corrige", edit_of="$original:example.org"),
    ),
    ("edit without new content", edit(None), None),
    ("edit whose new content is not an object", edit("!aide"), None),
    ("edit into an image", edit({"msgtype": "m.image", "body": "x.png"}), None),
    ("edit into a notice", edit(text("x", "m.notice")), None),
    ("edit whose new body is not text", edit(text(None)), None),
    (
        "edit with a malformed target keeps the text",
        edit(text("Oui"), event_id=12),
        IncomingText("Oui", edit_of=None),
    ),
]


@pytest.mark.parametrize(
    ("content", "expected"),
    [case[1:] for case in READ_TEXT_CASES],
    ids=[case[0] for case in READ_TEXT_CASES],
)
def test_read_text(content: dict[str, Any], expected: IncomingText | None) -> None:
    assert read_text(content) == expected


def test_a_huge_message_is_capped() -> None:
    body = "é" * (64 * 1024)

    result = read_text(text(body))

    assert result is not None
    assert len(result.body) == MAX_TEXT_LENGTH
    assert result.body == "é" * MAX_TEXT_LENGTH


def test_a_huge_edit_is_capped_too() -> None:
    result = read_text(edit(text("x" * (64 * 1024))))

    assert result is not None
    assert len(result.body) == MAX_TEXT_LENGTH


def test_reading_does_not_modify_the_event_content() -> None:
    content = edit(text("> q\n\nr", **{"m.relates_to": REPLY_TO}))
    snapshot = repr(content)

    read_text(content)

    assert repr(content) == snapshot


STRIP_CASES: list[tuple[str, str, str]] = [
    ("no fallback", "Visio", "Visio"),
    ("empty body", "", ""),
    ("fallback and blank line", "> <@bob:x.org> question\n\nréponse", "réponse"),
    ("multi-line fallback", "> a\n> b\n> c\n\nréponse", "réponse"),
    ("fallback without blank line", "> a\nréponse", "réponse"),
    ("only one blank line is eaten", "> a\n\n\nréponse", "\nréponse"),
    ("multi-line answer", "> a\n\nligne 1\nligne 2", "ligne 1\nligne 2"),
    ("a later quote belongs to the answer", "> a\n\nje cite :\n> ceci", "je cite :\n> ceci"),
    ("nothing but a fallback", "> a\n> b", ""),
    ("quote mark not at the start", "oui > non", "oui > non"),
]


@pytest.mark.parametrize(
    ("body", "expected"),
    [case[1:] for case in STRIP_CASES],
    ids=[case[0] for case in STRIP_CASES],
)
def test_strip_reply_fallback(body: str, expected: str) -> None:
    assert strip_reply_fallback(body) == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ({"msgtype": "m.image", "body": "photo.jpg", "url": "mxc://x/y"}, True),
        ({"msgtype": "m.file", "body": "rapport.pdf"}, True),
        ({"msgtype": "m.audio", "body": "Message vocal"}, True),
        ({"msgtype": "m.video", "body": "video.mp4"}, True),
        (text("!aide"), False),
        (text("Rappel", "m.notice"), False),
        (text("Ici", "m.location"), False),
        ({}, False),
        ({"msgtype": ["m.image"], "body": "photo.jpg"}, False),
    ],
)
def test_files_images_voice_and_video_are_attachments_and_nothing_else_is(
    content: dict[str, Any], expected: bool
) -> None:
    assert is_attachment(content) is expected
