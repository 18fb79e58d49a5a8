"""The district's pinned keys: per town and per service, with errors that say what is wrong."""
import base64
import json

import pytest

from services.district import settings

KEY = base64.b64encode(b"k" * 32).decode()


def test_keys_are_pinned_per_town_and_service():
    read = settings.read({settings.TOWN_KEYS_ENV: json.dumps({"xihu": {"voting": KEY, "evaluation": KEY}})},
                         "consumer", [])
    assert read.pinned_key("xihu", "evaluation") == b"k" * 32
    assert read.pinned_key("xihu", "supervision") is None and read.pinned_key("nanhu", "voting") is None


@pytest.mark.parametrize(("value", "problem"), [
    ({"xihu": KEY}, "the keys of 'xihu' are not an object of service -> key (services: voting, evaluation)"),
    ({"xihu": {"review": KEY}}, "'xihu' names 'review', not one of voting, evaluation"),
    ({"xihu": {"evaluation": "not base64!"}}, "the evaluation key of 'xihu' is not base64"),
    ({"xihu": {"voting": base64.b64encode(b"short").decode()}}, "the voting key of 'xihu' is not 32 bytes"),
])
def test_a_bad_setting_names_the_town_and_service(value, problem):
    problems = []
    settings.read({settings.TOWN_KEYS_ENV: json.dumps(value)}, "consumer", problems)
    assert problems == [f"{settings.TOWN_KEYS_ENV}: missing or bad ({problem})"]


def test_every_town_without_its_own_entry_takes_the_shared_one():
    own = base64.b64encode(b"o" * 32).decode()
    read = settings.read({settings.TOWN_KEYS_ENV: json.dumps({"*": {"voting": KEY}, "xihu": {"voting": own}})},
                         "consumer", [])
    assert read.pinned_key("nanhu", "voting") == b"k" * 32 and read.pinned_key("xihu", "voting") == b"o" * 32
    assert read.pinned_key("nanhu", "evaluation") is None


def test_only_the_consumer_needs_the_keys():
    problems = []
    assert settings.read({}, "api", problems).town_keys == {} and problems == []
