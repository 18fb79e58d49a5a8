"""Demo stage, supervision: each demo town's staff create a note."""
from minsheng.supervision.v1 import supervision_pb2 as pb
from minsheng.supervision.v1.supervision_pb2_grpc import SupervisionServiceStub
from services.stack.demo.common import DemoContext, say


async def run(ctx: DemoContext) -> None:
    say("\n== Supervision")
    async with ctx.channel("supervision") as channel:
        stub = SupervisionServiceStub(channel)
        for town in ctx.towns:
            note = await stub.CreateNote(pb.CreateNoteRequest(
                parent=f"towns/{town['id']}", note=pb.Note(title=f"{town['name']}supervision"),
                request_id=f"demo-{ctx.year}"), metadata=ctx.staff(town["id"]))
            say(f"  {town['name']}: {note.name}")
