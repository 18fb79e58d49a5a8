"""Thin gRPC layer: requests to use cases, domain objects to messages. Errors are
mapped by the platform's edge interceptor."""
from minsheng.supervision.v1 import supervision_pb2 as pb
from minsheng.supervision.v1 import supervision_pb2_grpc
from services.supervision import handlers
from services.supervision.domain import NOTE, Note
from services.platform import protomap
from services.platform.auth import caller
from services.platform.errors import Violations
from services.platform.names import TOWN
from services.platform.server import Server
from services.platform.uow import Context


def note_message(n: Note) -> pb.Note:
    return pb.Note(name=n.name, title=n.title, text=n.text, create_time=protomap.timestamp(n.created_at),
                   history=protomap.history(n.history))


class SupervisionServicer(supervision_pb2_grpc.SupervisionServiceServicer):
    def __init__(self, ctx: Context):
        self.ctx = ctx

    async def CreateNote(self, request, context):
        town, = TOWN.parse("parent", request.parent, self.ctx.towns)
        v = Violations()
        v.check(len(request.request_id) <= 64, "request_id", "longer than 64 characters")
        v.raise_if_any()
        return note_message(await handlers.create_note(self.ctx, caller(), town, title=request.note.title,
                                                       text=request.note.text, request_id=request.request_id))

    async def GetNote(self, request, context):
        town, note_id = NOTE.parse("name", request.name, self.ctx.towns)
        return note_message(await handlers.get_note(self.ctx, caller(), town, note_id))


def register(server: Server, ctx: Context) -> None:
    server.add(supervision_pb2_grpc.add_SupervisionServiceServicer_to_server, SupervisionServicer(ctx),
               pb.DESCRIPTOR.services_by_name["SupervisionService"].full_name)
