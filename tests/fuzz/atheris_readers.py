"""Coverage-guided fuzzing of the readers and the parser with atheris (libFuzzer), when it installs:

    pip install atheris
    python tests/fuzz/atheris_readers.py -runs=100000            # or -max_total_time=600
    python tests/fuzz/atheris_readers.py corpus_dir/ -max_len=65536

Each input is read as a file (any kind the reader sniffs) and every caption found is parsed.
Anything but a Document or an InputError (a traceback, a hang past -timeout) is a finding; libFuzzer
saves the input as crash-* / timeout-*.  Add each finding to tests/test_robustness.py.
"""

import os
import sys
import tempfile

import atheris

with atheris.instrument_imports():
    from captions.errors import InputError
    from captions.ingest import parse_document
    from captions.organisations.registry import AgencyRegistry

REGISTRY = AgencyRegistry.default()
FOLDER = tempfile.mkdtemp(prefix="captions-fuzz-")
SPLITS = ("auto", "line", "paragraph")


def test_one_input(data: bytes) -> None:
    from captions.readers.read import read_document

    split = SPLITS[data[0] % 3] if data else "auto"
    path = os.path.join(FOLDER, "input")
    with open(path, "wb") as fh:
        fh.write(data[1:])
    try:
        doc = read_document(path, split=split)
        for record in parse_document(doc, REGISTRY):
            record.as_dict()
    except InputError:
        pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
