"""Small real images for upload tests (uploads are decoded and re-encoded, issue 15 item 7)."""

import io

from PIL import Image


def tiny_png(size=(2, 2), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def same_picture(stored: bytes, uploaded: bytes) -> bool:
    """The stored file is re-encoded without metadata: the same pixels, not the same bytes."""
    with Image.open(io.BytesIO(stored)) as a, Image.open(io.BytesIO(uploaded)) as b:
        return a.size == b.size and a.convert("RGB").tobytes() == b.convert("RGB").tobytes()
