"""The scrutineer's close in the browser (services/console/src/ballot/trustee.js, libsodium.js) is
the trustee tool's: it checks the board as `trustee.decrypt` does, and the Python ballot box
accepts its partial decryption and counts the poll with it."""
import copy
import json
import subprocess

import pytest

from services.ballotbox.tally import Board, finish, partial_problem
from services.ballotbox.verify import check
from tests.ballotbox.conftest import BALLOTS, keys, poll  # noqa: F401  (the ballot box's fixtures)
from services.console.build import CONSOLE, node, node_modules

CLI = CONSOLE / "src" / "ballot" / "decrypt-cli.mjs"
pytestmark = pytest.mark.skipif(node() is None, reason="needs Node.js to run the console's code")


@pytest.fixture(scope="module", autouse=True)
def installed():
    node_modules()


def js_decrypt(state, board: dict, announced: int) -> dict:
    request = {"state": state.to_json(), "board": board, "announced": announced}
    done = subprocess.run([node(), str(CLI)], input=json.dumps(request), capture_output=True, text=True,
                          cwd=CONSOLE, timeout=120, check=True)
    return json.loads(done.stdout)


def test_the_ballot_box_counts_the_poll_from_the_browsers_partial_decryptions(keys, poll):  # noqa: F811
    made = [js_decrypt(keys.states[i], poll.open_board, BALLOTS) for i in (0, 2)]
    assert [m["problems"] for m in made] == [[], []]
    board = Board.parse(poll.open_board, with_ballots=False)
    assert [partial_problem(m["partial"], board) for m in made] == [None, None]
    counted = finish(poll.open_board, [m["partial"] for m in made])
    assert counted["counts"] == poll.board["counts"]
    assert check(counted) == []


def test_the_browser_refuses_to_decrypt_a_board_that_does_not_check(keys, poll):  # noqa: F811
    state = keys.states[1]
    assert js_decrypt(state, poll.open_board, BALLOTS - 1)["problems"] == [
        f"the board lists {BALLOTS} ballots, not the {BALLOTS - 1} announced"]
    altered = copy.deepcopy(poll.open_board)
    altered["ballots"][0]["selections"][0][0], altered["ballots"][0]["selections"][0][1] = (
        altered["ballots"][0]["selections"][0][1], altered["ballots"][0]["selections"][0][0])
    found = js_decrypt(state, altered, BALLOTS)
    assert "partial" not in found
    assert found["problems"][0].endswith("a selection is not a proven 0 or 1")
    other = copy.deepcopy(poll.open_board)
    other["sums"][0][0] = other["sums"][0][1]
    assert js_decrypt(state, other, BALLOTS)["problems"] == ["candidate p1: a sum is not the sum of the listed ballots"]
