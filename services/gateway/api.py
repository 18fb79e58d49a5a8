"""Thin gRPC layer of event subscriptions (the gateway serves it over HTTP/JSON too, like every
service's API). Errors are mapped by the platform's edge interceptor."""
from google.protobuf import empty_pb2

from minsheng.gateway.v1 import gateway_pb2 as pb
from minsheng.gateway.v1 import gateway_pb2_grpc
from services.gateway import domain, handlers
from services.platform import paging, protomap
from services.platform.auth import caller
from services.platform.errors import Violations
from services.platform.server import Server
from services.platform.uow import Context


def subscription_message(s: domain.Subscription, *, secret: str = "") -> pb.Subscription:
    return pb.Subscription(name=s.name, system=s.system, towns=s.towns, event_types=s.event_types,
                           endpoint=s.endpoint, secret=secret,
                           create_time=protomap.timestamp(s.created_at), creator=s.creator)


class SubscriptionServicer(gateway_pb2_grpc.SubscriptionServiceServicer):
    def __init__(self, ctx: Context):
        self.ctx = ctx

    async def CreateSubscription(self, request, context):
        s = request.subscription
        created = await handlers.create_subscription(
            self.ctx, caller(), system=s.system, towns=list(s.towns), event_types=list(s.event_types),
            endpoint=s.endpoint, request_id=request.request_id)
        secret = domain.subscription_secret(self.ctx.service_settings.subscription_key, created.id)
        return subscription_message(created, secret=secret)

    async def GetSubscription(self, request, context):
        sid = domain.subscription_id("name", request.name)
        return subscription_message(await handlers.get_subscription(self.ctx, caller(), sid))

    async def ListSubscriptions(self, request, context):
        v = Violations()
        v.check(request.page_size >= 0, "page_size", "must not be negative")
        v.raise_if_any()
        after = paging.decode(request.page_token, {"list": "subscriptions"})
        found, last = await handlers.list_subscriptions(self.ctx, caller(), after_seq=after,
                                                        page_size=request.page_size)
        return pb.ListSubscriptionsResponse(
            subscriptions=[subscription_message(s) for s in found],
            next_page_token=paging.encode(last, {"list": "subscriptions"}) if last else "")

    async def DeleteSubscription(self, request, context):
        sid = domain.subscription_id("name", request.name)
        await handlers.delete_subscription(self.ctx, caller(), sid)
        return empty_pb2.Empty()


def register(server: Server, ctx: Context) -> None:
    server.add(gateway_pb2_grpc.add_SubscriptionServiceServicer_to_server, SubscriptionServicer(ctx),
               pb.DESCRIPTOR.services_by_name["SubscriptionService"].full_name)
