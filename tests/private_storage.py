"""Reading what the private storage keeps, whichever it is (a local folder or S3)."""

from django.core.files.storage import FileSystemStorage, storages


def stored_bytes(area: str, path: str) -> bytes:
    with storages["private"].open(f"{area}/{path}", "rb") as stored:
        return stored.read()


def is_object_storage() -> bool:
    return not isinstance(storages["private"], FileSystemStorage)
