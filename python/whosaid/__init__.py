"""whosaid from Python: a ctypes binding over libwhosaid.so.

    import whosaid
    whosaid.extract("The plan is dead, the mayor said.")   # list of dicts
    for st in whosaid.extract_file("CC-NEWS-....warc.gz"):  # every format
        print(st["speaker"], st["text"], st["url"])
    whosaid.text(html)                                       # article text
    whosaid.version()

The dictionaries have exactly the fields of the JSONL contract
(docs/output.md), because they are made by the library's own JSON writers
(ws_write_json, ws_write_json_meta) and parsed with json.loads: the binding
never re-implements the output. Offsets are UTF-8 byte offsets, as in the
contract; `text.encode()[st["start"]:st["end"]]` gives the words.

The library is found through the WHOSAID_LIBRARY environment variable (a
path to libwhosaid.so), else in build/ of the source tree this package sits
in (python/whosaid -> ../../build/libwhosaid.so), else by the system's
linker search. LibraryNotFound says where it looked.

Calls into the library go through ctypes.CDLL, which releases the GIL for
the length of each call, so extraction in several threads runs on several
cores (see tests/python/test_binding.py's thread test and docs/scale.md).
An engine is shared by all threads (the library allows it); readers are
per call.
"""
import ctypes
import json
import os
import threading
import warnings as _warnings

__all__ = [
    "extract", "extract_file", "documents", "text", "version", "Engine",
    "WhosaidError", "LibraryNotFound", "library_path", "FORMATS",
]

# ---- Status codes, flags and formats (mirroring include/whosaid.h) --------

WS_OK, WS_ERR_NOMEM, WS_ERR_INVALID_ARG, WS_ERR_TOO_BIG, WS_ERR_IO = 0, 1, 2, 3, 4
WS_ERR_FORMAT, WS_ERR_WRITE, WS_END = 5, 6, 7

WS_FLAG_NO_INDIRECT = 1 << 0
WS_FLAG_NO_MODEL = 1 << 1
WS_FLAG_KEEP_UNATTRIBUTED = 1 << 2
WS_FLAG_ALL_ATTRIBUTIONS = 1 << 3
WS_FLAG_MODEL = 1 << 4

# Input formats by name, as ws_format_name() gives them.
FORMATS = {"auto": 0, "text": 1, "html": 2, "jsonl": 3, "warc": 4}


class WhosaidError(Exception):
    """A call into the library failed: status is the ws_status code, message
    the library's message, pos a byte offset in the input (0 when none) and
    source the file or document concerned (or None)."""

    def __init__(self, status, message, pos=0, source=None):
        self.status, self.message, self.pos, self.source = status, message, pos, source
        where = ""
        if source is not None:
            where = "%s: " % source
            if pos:
                where += "byte %d: " % pos
        super().__init__(where + message)


class LibraryNotFound(ImportError):
    """libwhosaid.so could not be found or loaded."""


# ---- C structures ----------------------------------------------------------

class _Str(ctypes.Structure):
    """ws_str of include/whosaid.h."""

    _fields_ = [("ptr", ctypes.c_void_p), ("len", ctypes.c_size_t)]

    def value(self):
        """The bytes as a str (UTF-8), or None when absent."""
        if not self.ptr:
            return None
        return ctypes.string_at(self.ptr, self.len).decode("utf-8", "replace")


class _Span(ctypes.Structure):
    """ws_span of include/whosaid.h."""

    _fields_ = [("text", _Str), ("start", ctypes.c_size_t), ("end", ctypes.c_size_t)]


class _Error(ctypes.Structure):
    """ws_error of include/whosaid.h."""

    _fields_ = [("code", ctypes.c_int), ("message", ctypes.c_char_p),
                ("pos", ctypes.c_size_t)]


class _Options(ctypes.Structure):
    """ws_options of include/whosaid.h."""

    _fields_ = [("abi_version", ctypes.c_uint), ("flags", ctypes.c_uint),
                ("max_input", ctypes.c_size_t)]


class _Warning(ctypes.Structure):
    """ws_warning of include/whosaid.h."""

    _fields_ = [("pos", ctypes.c_size_t), ("message", ctypes.c_char_p)]


class _Figure(ctypes.Structure):
    """ws_figure of include/whosaid.h."""

    _fields_ = [("span", _Span), ("value", ctypes.c_double)]


class _Statement(ctypes.Structure):
    """ws_statement of include/whosaid.h."""

    _fields_ = [("kind", ctypes.c_int), ("text", _Span), ("group", ctypes.c_uint),
                ("speaker", _Str), ("speaker_role", _Str),
                ("speaker_mention", _Span), ("cue", _Span), ("channel", _Str),
                ("date", _Str), ("addressee", _Str),
                ("figures", ctypes.POINTER(_Figure)), ("n_figures", ctypes.c_size_t),
                ("confidence", ctypes.c_double)]


class _DocMeta(ctypes.Structure):
    """ws_doc_meta of include/whosaid.h."""

    _fields_ = [("id", _Str), ("url", _Str), ("date", _Str), ("title", _Str),
                ("byline", _Str), ("source", _Str), ("offset", ctypes.c_uint64)]


class _Record(ctypes.Structure):
    """ws_record of include/whosaid.h."""

    _fields_ = [("meta", _DocMeta), ("format", ctypes.c_int), ("body", _Str),
                ("charset", _Str)]


class _ReaderOptions(ctypes.Structure):
    """ws_reader_options of include/whosaid.h."""

    _fields_ = [("abi_version", ctypes.c_uint), ("format", ctypes.c_int),
                ("text_field", ctypes.c_char_p), ("html_field", ctypes.c_char_p),
                ("id_field", ctypes.c_char_p), ("url_field", ctypes.c_char_p),
                ("date_field", ctypes.c_char_p), ("title_field", ctypes.c_char_p),
                ("max_document", ctypes.c_size_t)]


class _Skip(ctypes.Structure):
    """ws_skip of include/whosaid.h."""

    _fields_ = [("reason", ctypes.c_char_p), ("count", ctypes.c_uint64)]


class _ReaderStats(ctypes.Structure):
    """ws_reader_stats of include/whosaid.h."""

    _fields_ = [("bytes_read", ctypes.c_uint64), ("bytes_decoded", ctypes.c_uint64),
                ("documents", ctypes.c_uint64), ("errors", ctypes.c_uint64),
                ("skips", ctypes.POINTER(_Skip)), ("n_skips", ctypes.c_size_t)]


_WRITE_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)

_P = ctypes.c_void_p
_SZ = ctypes.c_size_t
_PERR = ctypes.POINTER(_Error)
# name: (restype, argtypes). Functions of the "Inputs" section are optional:
# a library without them still serves extract(), version() and Engine.
_SIGNATURES = {
    "ws_version": (ctypes.c_char_p, []),
    "ws_strerror": (ctypes.c_char_p, [ctypes.c_int]),
    "ws_engine_new": (_P, [ctypes.POINTER(_Options)]),
    "ws_engine_free": (None, [_P]),
    "ws_extract": (ctypes.c_int, [_P, _P, _SZ, ctypes.POINTER(_P), _PERR]),
    "ws_result_free": (None, [_P]),
    "ws_result_count": (_SZ, [_P]),
    "ws_result_get": (ctypes.POINTER(_Statement), [_P, _SZ]),
    "ws_result_warning_count": (_SZ, [_P]),
    "ws_result_warning": (ctypes.POINTER(_Warning), [_P, _SZ]),
    "ws_kind_name": (ctypes.c_char_p, [ctypes.c_int]),
    "ws_write_json": (ctypes.c_int, [_P, _SZ, _P, _SZ, _WRITE_FN, _P]),
    "ws_reader_open": (ctypes.c_int, [ctypes.c_char_p, ctypes.POINTER(_ReaderOptions),
                                      ctypes.POINTER(_P), _PERR]),
    "ws_reader_open_memory": (ctypes.c_int, [_P, _SZ, ctypes.c_char_p,
                                             ctypes.POINTER(_ReaderOptions),
                                             ctypes.POINTER(_P), _PERR]),
    "ws_reader_next": (ctypes.c_int, [_P, ctypes.POINTER(_Record), _PERR]),
    "ws_reader_format": (ctypes.c_int, [_P]),
    "ws_reader_get_stats": (None, [_P, ctypes.POINTER(_ReaderStats)]),
    "ws_reader_free": (None, [_P]),
    "ws_document_new": (ctypes.c_int, [ctypes.POINTER(_Record), ctypes.POINTER(_P), _PERR]),
    "ws_document_text": (_Str, [_P]),
    "ws_document_meta": (ctypes.POINTER(_DocMeta), [_P]),
    "ws_document_free": (None, [_P]),
    "ws_write_json_meta": (ctypes.c_int, [_P, _SZ, ctypes.POINTER(_DocMeta), _WRITE_FN, _P]),
}
_REQUIRED = ("ws_version", "ws_strerror", "ws_engine_new", "ws_engine_free", "ws_extract",
             "ws_result_free", "ws_result_count", "ws_write_json")

# ---- Finding and loading the library ---------------------------------------

_lib = None
_lib_path = None
_lib_lock = threading.Lock()


def _candidates():
    """Where to look for the library, in order: (path, why) pairs."""
    env = os.environ.get("WHOSAID_LIBRARY")
    if env:
        return [(env, "WHOSAID_LIBRARY")]
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return [(os.path.join(root, "build", "libwhosaid.so"), "the source tree's build/"),
            ("libwhosaid.so", "the system's library path")]


def _load():
    """Loads the library once and declares its functions; returns the CDLL."""
    global _lib, _lib_path
    if _lib is not None:
        return _lib
    with _lib_lock:
        if _lib is not None:
            return _lib
        tried = []
        for path, why in _candidates():
            if os.sep in path and not os.path.exists(path):
                tried.append("%s (%s): no such file" % (path, why))
                continue
            try:
                lib = ctypes.CDLL(path)
            except OSError as e:
                tried.append("%s (%s): %s" % (path, why, e))
                continue
            _declare(lib, path)
            _lib_path = path
            _lib = lib
            return lib
        raise LibraryNotFound(
            "whosaid: cannot load libwhosaid.so; tried " + "; ".join(tried) +
            ". Build it (make, or cmake --build build) or set WHOSAID_LIBRARY "
            "to the path of libwhosaid.so.")


def _declare(lib, path):
    """Sets restype and argtypes of every known function the library has."""
    for name, (res, args) in _SIGNATURES.items():
        fn = getattr(lib, name, None)
        if fn is None:
            if name in _REQUIRED:
                raise LibraryNotFound("whosaid: %s has no %s: not libwhosaid?" % (path, name))
            continue
        fn.restype, fn.argtypes = res, args


def _need(name):
    """Returns library function name, or raises a clear error when this
    build of the library does not have it."""
    fn = getattr(_load(), name, None)
    if fn is None:
        raise WhosaidError(WS_ERR_INVALID_ARG, "this libwhosaid (%s) has no %s; rebuild it"
                           % (_lib_path, name))
    return fn


def library_path():
    """The path of the loaded libwhosaid.so (loading it if needed)."""
    _load()
    return _lib_path


def version():
    """The library's version string, such as "0.1.0"."""
    return _load().ws_version().decode()


def _strerror(status):
    """The library's message for a status code."""
    return _load().ws_strerror(status).decode()


def _error(status, err=None, source=None):
    """A WhosaidError from a status and an optional filled ws_error."""
    if err is not None and err.message:
        return WhosaidError(status, err.message.decode("utf-8", "replace"), err.pos, source)
    return WhosaidError(status, _strerror(status), 0, source)


# ---- Output through the library's JSON writers ----------------------------

_tls = threading.local()


def _sink(userdata, data, length):
    """The ws_write_fn: appends the bytes to this thread's list of chunks."""
    try:
        _tls.chunks.append(ctypes.string_at(data, length))
        return 0
    except Exception:  # Never let an exception cross into C.
        return 1


_SINK = _WRITE_FN(_sink)


def _json_lines(result, n, write_one):
    """The JSON lines (bytes, newline included) of the n statements of a
    result, each written by write_one(result, i, sink)."""
    _tls.chunks = chunks = []
    for i in range(n):
        status = write_one(result, i, _SINK)
        if status != WS_OK:
            raise _error(status)
    _tls.chunks = None
    return b"".join(chunks)


def _parse_lines(blob):
    """The dicts of a blob of JSON lines."""
    return [json.loads(line) for line in blob.split(b"\n") if line]


# ---- Engines and extraction -------------------------------------------------

def _flags(indirect=True, model=None, all_attributions=False, keep_unattributed=False):
    """The WS_FLAG_* value of the keyword options (see extract())."""
    flags = 0
    if not indirect:
        flags |= WS_FLAG_NO_INDIRECT
    if model is True:
        flags |= WS_FLAG_MODEL
    elif model is False:
        flags |= WS_FLAG_NO_MODEL
    if all_attributions:
        flags |= WS_FLAG_ALL_ATTRIBUTIONS
    if keep_unattributed:
        flags |= WS_FLAG_KEEP_UNATTRIBUTED
    return flags


class Engine:
    """An engine with fixed options, usable from many threads at once.

    Options: indirect (False: direct quotes only, --no-indirect), model
    (True: add the learned tagger, --model; False: never, --no-model; None:
    the default), all_attributions (--all-attributions), keep_unattributed
    (--keep-unattributed), max_input (largest document in bytes; 0 = the
    library's 256 MiB)."""

    def __init__(self, indirect=True, model=None, all_attributions=False,
                 keep_unattributed=False, max_input=0):
        lib = _load()
        self.flags = _flags(indirect, model, all_attributions, keep_unattributed)
        opts = _Options(1, self.flags, max_input)
        self._lib = lib
        self._handle = lib.ws_engine_new(ctypes.byref(opts))
        if not self._handle:
            raise WhosaidError(WS_ERR_INVALID_ARG, "ws_engine_new failed (out of memory "
                               "or invalid options)")

    def close(self):
        """Frees the engine; it must not be used afterwards."""
        if self._handle:
            self._lib.ws_engine_free(self._handle)
            self._handle = None

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def _extract(self, data, source):
        """Runs ws_extract on bytes; returns the result handle (free it)."""
        out, err = ctypes.c_void_p(), _Error()
        status = self._lib.ws_extract(self._handle, data, len(data), ctypes.byref(out),
                                      ctypes.byref(err))
        if status != WS_OK:
            raise _error(status, err, source)
        return out

    def extract_jsonl(self, data, doc=""):
        """The statements of one document (bytes) as JSON lines (bytes),
        exactly as `whosaid extract --format jsonl` writes them with doc as
        the document's name."""
        result = self._extract(data, doc or None)
        try:
            docb = doc.encode("utf-8", "surrogateescape")
            write = self._lib.ws_write_json
            n = self._lib.ws_result_count(result)
            return _json_lines(result, n, lambda r, i, s: write(r, i, docb, len(docb), s, None))
        finally:
            self._lib.ws_result_free(result)

    def extract(self, text, doc="", warnings=None):
        """The statements of one document: a list of dicts with the JSONL
        contract's fields. text is a str (encoded as UTF-8) or bytes (UTF-8;
        invalid bytes are skipped and reported as warnings). doc fills the
        "doc" field. When warnings is a list, (byte offset, message) pairs of
        the input's problems are appended to it."""
        data = _as_bytes(text)
        if warnings is None:
            return _parse_lines(self.extract_jsonl(data, doc))
        result = self._extract(data, doc or None)
        try:
            lib = self._lib
            for i in range(lib.ws_result_warning_count(result)):
                w = lib.ws_result_warning(result, i).contents
                warnings.append((w.pos, w.message.decode("utf-8", "replace")))
            docb = doc.encode("utf-8", "surrogateescape")
            n = lib.ws_result_count(result)
            blob = _json_lines(result, n,
                               lambda r, i, s: lib.ws_write_json(r, i, docb, len(docb), s, None))
        finally:
            self._lib.ws_result_free(result)
        return _parse_lines(blob)

    def extract_direct(self, text, doc=""):
        """Like extract(), but builds the dicts from the ws_statement structs
        instead of the library's JSON writer. Kept to measure the two routes
        (docs/scale.md); extract() is the reference: this one differs where a
        string holds invalid UTF-8 and in the rounding of confidence."""
        data = _as_bytes(text)
        result = self._extract(data, doc or None)
        try:
            lib = self._lib
            return [_statement_dict(lib.ws_result_get(result, i).contents, doc, lib)
                    for i in range(lib.ws_result_count(result))]
        finally:
            lib.ws_result_free(result)


def _span_dict(span):
    """A ws_span as the contract's {"text", "start", "end"}, or None."""
    if not span.text.ptr:
        return None
    return {"text": span.text.value(), "start": span.start, "end": span.end}


def _statement_dict(st, doc, lib):
    """A statement dict from a ws_statement (the struct route)."""
    figures = []
    for k in range(st.n_figures):
        f = st.figures[k]
        v = f.value
        figures.append({"text": f.span.text.value(),
                        "value": int(v) if v == int(v) and abs(v) < 1e18 else v})
    return {"doc": doc, "kind": lib.ws_kind_name(st.kind).decode(),
            "text": st.text.text.value(), "start": st.text.start, "end": st.text.end,
            "group": st.group, "speaker": st.speaker.value(),
            "speaker_role": st.speaker_role.value(),
            "speaker_mention": _span_dict(st.speaker_mention), "cue": _span_dict(st.cue),
            "channel": st.channel.value(), "date": st.date.value(),
            "addressee": st.addressee.value(), "figures": figures,
            "confidence": round(st.confidence, 2)}


def _as_bytes(text):
    """The UTF-8 bytes of a str (lone surrogates kept as in file names), or
    the bytes given."""
    if isinstance(text, str):
        return text.encode("utf-8", "surrogateescape")
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text)
    raise TypeError("whosaid: expected str or bytes, got %s" % type(text).__name__)


_engines = {}
_engines_lock = threading.Lock()


def engine(**options):
    """The shared Engine for these options (made on first use)."""
    key = tuple(sorted(options.items()))
    eng = _engines.get(key)
    if eng is None:
        with _engines_lock:
            eng = _engines.get(key)
            if eng is None:
                eng = _engines[key] = Engine(**options)
    return eng


def extract(text, doc="", warnings=None, **options):
    """The statements of one document (str or UTF-8 bytes) as a list of
    dicts with the fields of the JSONL contract (docs/output.md). Options:
    indirect=False (direct quotes only), model=True (add the learned
    tagger; False: never), all_attributions=True, keep_unattributed=True,
    max_input=BYTES. doc fills the "doc" field. warnings: see
    Engine.extract()."""
    return engine(**options).extract(text, doc, warnings)


# ---- Inputs: readers and documents -------------------------------------------

_READER_FIELDS = ("text_field", "html_field", "id_field", "url_field", "date_field",
                  "title_field")


class _Reader:
    """A ws_reader over a file or bytes; a context manager. Keeps alive
    every buffer the C side points to."""

    def __init__(self, path=None, data=None, name="memory", format="auto",
                 max_document=0, **fields):
        lib = _load()
        _need("ws_reader_open")
        if format not in FORMATS:
            raise ValueError("whosaid: unknown format %r (use %s)"
                             % (format, ", ".join(FORMATS)))
        unknown = set(fields) - set(_READER_FIELDS)
        if unknown:
            raise TypeError("whosaid: unknown reader option(s) %s" % ", ".join(sorted(unknown)))
        self._keep = [v.encode() if v is not None else None
                      for v in (fields.get(f) for f in _READER_FIELDS)]
        self._opts = _ReaderOptions(1, FORMATS[format], *self._keep, max_document)
        self._lib = lib
        self.handle = ctypes.c_void_p()
        err = _Error()
        if path is not None:
            self.source = os.fsdecode(path)
            status = lib.ws_reader_open(os.fsencode(path), ctypes.byref(self._opts),
                                        ctypes.byref(self.handle), ctypes.byref(err))
        else:
            self.source = name
            self._data = _as_bytes(data)
            self._name = name.encode("utf-8", "surrogateescape")
            status = lib.ws_reader_open_memory(self._data, len(self._data), self._name,
                                               ctypes.byref(self._opts),
                                               ctypes.byref(self.handle), ctypes.byref(err))
        if status != WS_OK:
            raise _error(status, err, self.source)

    def records(self, on_error):
        """Yields each ws_record (valid until the next one). A record that
        cannot be read goes to on_error(WhosaidError) and is passed over."""
        rec, err = _Record(), _Error()
        while True:
            status = self._lib.ws_reader_next(self.handle, ctypes.byref(rec), ctypes.byref(err))
            if status == WS_END:
                return
            if status == WS_OK:
                yield rec
                continue
            on_error(_error(status, err, self.source))
            if status not in (WS_ERR_FORMAT, WS_ERR_TOO_BIG):
                return

    def stats(self):
        """The reader's counters as a dict (skips by reason)."""
        s = _ReaderStats()
        self._lib.ws_reader_get_stats(self.handle, ctypes.byref(s))
        skips = {s.skips[i].reason.decode(): s.skips[i].count for i in range(s.n_skips)}
        return {"bytes_read": s.bytes_read, "bytes_decoded": s.bytes_decoded,
                "documents": s.documents, "errors": s.errors, "skips": skips}

    def close(self):
        if self.handle:
            self._lib.ws_reader_free(self.handle)
            self.handle = ctypes.c_void_p()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _warn(error):
    """The default on_error: a Python warning naming file and byte."""
    _warnings.warn(str(error), RuntimeWarning, stacklevel=3)


class _Document:
    """A ws_document made from a record; a context manager."""

    def __init__(self, rec, source):
        self._lib = _load()
        self.handle, err = ctypes.c_void_p(), _Error()
        status = self._lib.ws_document_new(ctypes.byref(rec), ctypes.byref(self.handle),
                                           ctypes.byref(err))
        if status != WS_OK:
            raise _error(status, err, source)

    def text_bytes(self):
        s = self._lib.ws_document_text(self.handle)
        return ctypes.string_at(s.ptr, s.len) if s.ptr else b""

    def meta(self):
        return self._lib.ws_document_meta(self.handle)

    def close(self):
        if self.handle:
            self._lib.ws_document_free(self.handle)
            self.handle = ctypes.c_void_p()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _meta_dict(meta):
    """A document's ws_doc_meta as a dict; "doc" is the id, else the source,
    as in the JSONL output."""
    m = meta.contents
    return {"doc": m.id.value() if m.id.ptr else m.source.value(), "id": m.id.value(),
            "url": m.url.value(), "date": m.date.value(), "title": m.title.value(),
            "byline": m.byline.value(), "source": m.source.value(), "offset": m.offset}


def _reader_args(path, data, name, reader_options):
    """The _Reader arguments for a path or for bytes, not both."""
    if (path is None) == (data is None):
        raise TypeError("whosaid: give a path or data=, not both")
    return dict(path=path, data=data, name=name, **reader_options)


def documents(path=None, data=None, name="memory", on_error=None, **reader_options):
    """Yields the documents of a file (or of bytes given as data=, named
    name) in any input format as dicts: doc, id, url, date, title, byline,
    source, offset (what ws_doc_meta holds) and text (the UTF-8 text
    ws_extract would analyse, as a str). Reader options: format ("auto",
    "text", "html", "jsonl", "warc"), text_field, html_field, id_field,
    url_field, date_field, title_field, max_document. A record that cannot
    be read is passed to on_error(WhosaidError) (default: a
    RuntimeWarning) and skipped."""
    on_error = on_error or _warn
    with _Reader(**_reader_args(path, data, name, reader_options)) as reader:
        for rec in reader.records(on_error):
            try:
                doc = _Document(rec, reader.source)
            except WhosaidError as e:
                on_error(e)
                continue
            with doc:
                d = _meta_dict(doc.meta())
                d["text"] = doc.text_bytes().decode("utf-8", "replace")
                yield d


def iter_jsonl(path=None, data=None, name="memory", on_error=None, engine_options=None,
               stats=None, **reader_options):
    """Yields, for each document of the input, the JSON lines (bytes) of its
    statements with the document's metadata (ws_write_json_meta), as
    `whosaid extract --format jsonl` writes them for that file; documents
    without statements yield b"". When stats is a dict, "documents",
    "statements" and "errors" are counted into it and "reader" holds the
    reader's counters at the end."""
    on_error = on_error or _warn
    eng = engine(**(engine_options or {}))
    lib = eng._lib
    write_meta = _need("ws_write_json_meta")
    counts = stats if stats is not None else {}
    for k in ("documents", "statements", "errors"):
        counts.setdefault(k, 0)

    def count_error(e):
        counts["errors"] += 1
        on_error(e)

    with _Reader(**_reader_args(path, data, name, reader_options)) as reader:
        for rec in reader.records(count_error):
            try:
                doc = _Document(rec, reader.source)
            except WhosaidError as e:
                count_error(e)
                continue
            with doc:
                meta = doc.meta()
                text = doc.text_bytes()
                try:
                    result = eng._extract(text, _meta_dict(meta)["doc"])
                except WhosaidError as e:
                    count_error(e)
                    continue
                try:
                    n = lib.ws_result_count(result)
                    blob = _json_lines(result, n, lambda r, i, s: write_meta(r, i, meta, s, None))
                finally:
                    lib.ws_result_free(result)
            counts["documents"] += 1
            counts["statements"] += n
            yield blob
        counts["reader"] = reader.stats()


def extract_file(path=None, data=None, name="memory", on_error=None, indirect=True,
                 model=None, all_attributions=False, keep_unattributed=False,
                 max_input=0, **reader_options):
    """Yields the statements of every document of a file in any input
    format (text, HTML, JSON lines, WARC; gzip or zstd compressed), as
    dicts with the JSONL contract's fields and the document's metadata
    (url, date, title, source when known). Engine options as for
    extract(); reader options and on_error as for documents()."""
    engine_options = dict(indirect=indirect, model=model, all_attributions=all_attributions,
                          keep_unattributed=keep_unattributed, max_input=max_input)
    for blob in iter_jsonl(path, data, name, on_error, engine_options, **reader_options):
        yield from _parse_lines(blob)


def text(html):
    """The article text of one HTML page (str or bytes) as a str: the main
    text as paragraphs separated by newlines, as ws_document_new() extracts
    it (the same text extract_file() analyses for an HTML input)."""
    data = _as_bytes(html)
    errors = []
    with _Reader(data=data, name="html", format="html") as reader:
        for rec in reader.records(errors.append):
            with _Document(rec, "html") as doc:
                return doc.text_bytes().decode("utf-8", "replace")
    if errors:
        raise errors[0]
    return ""
