"""A reviewer working in LibreOffice Writer, scripted through UNO (Debian's python3-uno, so run it with
/usr/bin/python3, not the project's virtualenv): opens a 征求意见稿, turns on 记录修改 (track changes), makes
the edits a JSON file lists and saves the copy as Word 2007-365 .docx, as a unit would before sending it back.

    /usr/bin/python3 tests/lo_reviewer.py IN.docx OUT.docx STEPS.json

Steps: {"author": name} (who edits from here on), {"replace": [old, new]}, {"delete": text} (a whole
clause: from its label to the end of its text), {"append_after": [text, new paragraph]},
{"property": [name, value]} (a custom document property such as 单位).

No comment step: Debian's LibreOffice 7.4 (libreoffice-writer-nogui) crashes as soon as a document holding a
comment is laid out in a UNO session (inserting one, or loading a file that has one; `--convert-to` is not
affected). The tests therefore add comments with python-docx and pass the file through
`soffice --convert-to docx`, so the comments they read back are written by LibreOffice all the same.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

PARAGRAPH_BREAK = 0


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def find(doc, text):
    sd = doc.createSearchDescriptor()
    sd.SearchString = text
    found = doc.findFirst(sd)
    if found is None:
        raise SystemExit(f"text not found in the document: {text}")
    return found


def main(src: str, out: str, steps_file: str) -> int:
    steps = json.loads(Path(steps_file).read_text(encoding="utf-8"))
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    pipe = f"zhifa_review_{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"-env:UserInstallation=file://{profile}",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    desktop = None
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(300):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                time.sleep(0.1)
        else:
            raise SystemExit("LibreOffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(str(Path(src).resolve())), "_blank", 0, (prop("Hidden", True),)
        )
        doc.RecordChanges = True
        author = "审阅人"
        for step in steps:
            if "author" in step:
                author = step["author"]
                _set_author(ctx, author)
            elif "replace" in step:
                old, new = step["replace"]
                find(doc, old).setString(new)
            elif "delete" in step:
                find(doc, step["delete"]).setString("")
            elif "append_after" in step:
                anchor, text = step["append_after"]
                found = find(doc, anchor)
                cursor = found.getText().createTextCursorByRange(found.getEnd())
                cursor.gotoEndOfParagraph(False)
                found.getText().insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
                found.getText().insertString(cursor, text, False)
            elif "property" in step:
                name, value = step["property"]
                doc.DocumentProperties.UserDefinedProperties.addProperty(name, 0, value)
        doc.storeToURL(uno.systemPathToFileUrl(str(Path(out).resolve())), (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:  # noqa: BLE001 - the office may already be gone
                pass
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()
    return 0


def _set_author(ctx, name: str) -> None:
    """Tracked changes carry the user name of the LibreOffice profile: set it as a reviewer would."""
    provider = ctx.ServiceManager.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider", ctx)
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess", (prop("nodepath", "/org.openoffice.UserProfile/Data"),)
    )
    access.setPropertyValue("givenname", name)
    access.setPropertyValue("sn", "")
    access.commitChanges()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
