import httpx
import pytest

from tests.gateway.helpers import Http, gateway_url


@pytest.fixture
async def client(stack):
    async with httpx.AsyncClient(base_url=gateway_url(stack), timeout=30) as http:
        yield http


@pytest.fixture
def town(client, issuer, new_town) -> Http:
    return Http(client, issuer, new_town)


@pytest.fixture
def elsewhere(client, issuer, other_town) -> Http:
    return Http(client, issuer, other_town)
