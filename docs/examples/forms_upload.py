import msgspec

from lanner import App, Form, MediaType, UploadFile, post


class Single(msgspec.Struct):
    data: UploadFile


@post("/", media_type=MediaType.TEXT)
async def handle_file_upload(form: Form[Single]) -> str:
    content = await form.data.read()
    return f"{form.data.filename}, {content.decode()}"


class Documents(msgspec.Struct):
    cv: UploadFile
    diploma: UploadFile


@post("/documents")
async def handle_documents(form: Form[Documents]) -> dict[str, str]:
    cv_content = await form.cv.read()
    diploma_content = await form.diploma.read()
    return {"cv": cv_content.decode(), "diploma": diploma_content.decode()}


class Album(msgspec.Struct):
    title: str
    photos: list[UploadFile]


@post("/albums", max_files=20, request_max_body_size=50 * 1024 * 1024)
async def create_album(form: Form[Album]) -> dict[str, object]:
    return {
        "title": form.title,
        "photos": [{"name": p.filename, "type": p.content_type, "bytes": p.size} for p in form.photos],
    }


app = App([handle_file_upload, handle_documents, create_album])
