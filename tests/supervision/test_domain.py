"""Rules of supervision, without any infrastructure."""
from datetime import datetime, timezone

import pytest

from services.supervision import domain
from services.platform.errors import InvalidArgument

NOW = datetime(2024, 3, 1, tzinfo=timezone.utc)


def test_a_note_knows_its_name_and_history():
    note = domain.new_note(town_id="xihu", note_id="n1", title="标题", text="", actor="staff-xihu", now=NOW)
    assert note.name == "towns/xihu/notes/n1"
    assert [e.action for e in note.history] == ["created"]


def test_every_bad_field_is_reported_at_once():
    with pytest.raises(InvalidArgument) as caught:
        domain.new_note(town_id="xihu", note_id="n1", title="", text="长" * 5001, actor="staff-xihu", now=NOW)
    assert {v.field for v in caught.value.violations} == {"note.title", "note.text"}
