"""Reading an exported file as a client does: its first chunk (name, media type), then its bytes."""
from minsheng.district.v1 import district_pb2 as pb


async def exported(stub, request: pb.ExportViewRequest, metadata) -> tuple[pb.ExportChunk, bytes]:
    """The first chunk and the whole file; the number of chunks is in `exported.chunks`."""
    chunks = [chunk async for chunk in stub.ExportView(request, metadata=metadata)]
    exported.chunks = len(chunks)
    return chunks[0], b"".join(chunk.content for chunk in chunks)
