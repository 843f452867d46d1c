#!/usr/bin/python3
"""Execute notebooks headless with the real Deno kernel, through Debian's nbclient.

Usage: /usr/bin/python3 tools/execute_notebooks.py OUT_DIR NOTEBOOK.ipynb...

Writes each executed notebook to OUT_DIR and prints one JSON object per notebook on stdout:
{"notebook", "seconds", "error", "cells": [{"index", "outputs": [{"type", "mime": [...], "text"}]}]}.

The Deno kernel sometimes publishes `status: idle` before a cell's last outputs. Stock nbclient stops reading
iopub at idle and silently drops them, so this client keeps reading the cell's messages after idle until iopub
has been quiet for a grace period.
"""
import asyncio
import json
import os
import queue
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete, CellExecutionError
from nbclient.util import ensure_async


class PatientClient(NotebookClient):
    """NotebookClient that waits for late outputs after the kernel reports idle."""

    grace_seconds = 0.75

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        assert self.kc is not None
        idle = False
        while True:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=self.grace_seconds if idle else None))
            except (queue.Empty, asyncio.TimeoutError):
                return
            if msg["parent_header"].get("msg_id") != parent_msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle":
                idle = True
                continue
            try:
                self.process_message(msg, cell, cell_index)
            except CellExecutionComplete:
                idle = True


def summarize(nb):
    cells = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        outs = []
        for o in cell.get("outputs", []):
            entry = {"type": o.get("output_type")}
            if o.get("output_type") in ("display_data", "execute_result"):
                entry["mime"] = sorted(o.get("data", {}).keys())
                entry["text"] = str(o.get("data", {}).get("text/plain", ""))[:300]
            elif o.get("output_type") == "stream":
                text = o.get("text", "")
                # The head and the tail: a long stream (a file listing) keeps its title and its end.
                entry["text"] = text if len(text) <= 4000 else text[:2000] + "\n…\n" + text[-2000:]
            elif o.get("output_type") == "error":
                entry["text"] = f"{o.get('ename')}: {o.get('evalue')}"
            outs.append(entry)
        cells.append({"index": i, "outputs": outs})
    return cells


def main():
    out_dir, paths = sys.argv[1], sys.argv[2:]
    os.makedirs(out_dir, exist_ok=True)
    failed = False
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        client = PatientClient(nb, timeout=900, iopub_timeout=15, kernel_name="deno",
                               resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
        start = time.time()
        error = None
        try:
            client.execute()
        except CellExecutionError as e:
            error = str(e).splitlines()[-1] if str(e) else "cell error"
            failed = True
        except Exception as e:  # kernel died, timeout, …
            error = f"{type(e).__name__}: {e}"
            failed = True
        nbformat.write(nb, os.path.join(out_dir, os.path.basename(path)))
        print(json.dumps({"notebook": os.path.basename(path), "seconds": round(time.time() - start, 1),
                          "error": error, "cells": summarize(nb)}), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
