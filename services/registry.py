"""The services of the yearly loop, in the order the year runs through them. The local stack,
the demo (each service's stage is services/stack/demo/<service>.py), the Helm chart's values
and the tests all read this list; `make service NAME=...` adds to it.

Plain data, importing nothing, so the offline deployment checks can read it too."""
SERVICES = (
    "collection",
    "review",
    "voting",
    "supervision",
    "evaluation",
    "district",
)

# Not a stage of the loop but in front of all of them (services/gateway): every service's API
# over HTTP/JSON, and event subscriptions for other systems. It runs these roles; it records
# no events of its own, so it runs no relay.
GATEWAY = "gateway"
GATEWAY_ROLES = ("api", "consumer")
