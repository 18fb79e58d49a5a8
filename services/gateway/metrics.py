"""The gateway's metrics beside the platform's: HTTP calls and deliveries to subscribers.
Labels name services, RPC methods, HTTP statuses and subscribing systems, never a person."""
from prometheus_client import Counter, Histogram

HTTP_REQUESTS = Counter("minsheng_http_requests", "HTTP/JSON calls answered by the gateway",
                        ["service", "method", "code"])
HTTP_DURATION = Histogram("minsheng_http_request_duration_seconds", "HTTP/JSON call duration",
                          ["service", "method"], buckets=(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10))
DELIVERIES = Counter("minsheng_webhook_deliveries", "Attempts to deliver an event to a subscriber's endpoint",
                     ["system", "outcome"])
DELIVERY_DURATION = Histogram("minsheng_webhook_delivery_duration_seconds", "How long endpoints took to answer",
                              ["system"], buckets=(.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10))
