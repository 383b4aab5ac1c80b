from pathlib import Path as FilePath

from lanner import App, File, Path, get

DOWNLOADS = FilePath("downloads").resolve()


@get("/report")
async def report() -> File:
    # One known file, saved by the browser as "Q3 report.pdf" (application/pdf, from the name).
    return File(DOWNLOADS / "q3.pdf", filename="Q3 report.pdf")


@get("/downloads/{name:path}")
async def download(name: Path[str]) -> File:
    # A file named by the request: anything outside DOWNLOADS answers 404.
    return File.in_directory(DOWNLOADS, name)


@get("/view/{name:path}")
async def view(name: Path[str]) -> File:
    # Shown in the browser rather than saved.
    return File.in_directory(DOWNLOADS, name, content_disposition_type="inline")


app = App([report, download, view])
